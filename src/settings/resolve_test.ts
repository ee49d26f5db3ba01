import assert from "node:assert/strict";
import { envFromRecord } from "./env.ts";
import { resolveSettings } from "./resolve.ts";

Deno.test("the environment token beats the file, and says it shadows the file", () => {
  const { token } = resolveSettings(
    envFromRecord({ DISTROPACK_API_TOKEN: " env-token\n" }),
    { api_token: "file-token" },
  );
  assert.deepEqual(token, { value: "env-token", source: "env", shadowsFile: true });
});

Deno.test("a blank DISTROPACK_API_TOKEN counts as unset", () => {
  const { token } = resolveSettings(envFromRecord({ DISTROPACK_API_TOKEN: "  " }), {
    api_token: "file-token",
  });
  assert.deepEqual(token, { value: "file-token", source: "file", shadowsFile: false });
});

Deno.test("no token anywhere resolves to none", () => {
  const { token } = resolveSettings(envFromRecord({}), { api_token: "   " });
  assert.deepEqual(token, { value: null, source: "none", shadowsFile: false });
});

Deno.test("base URL comes from the environment, else the file, else the default", () => {
  const file = { base_url: "https://file.example" };
  assert.deepEqual(
    resolveSettings(envFromRecord({ DISTROPACK_API_URL: "https://env.example" }), file).baseUrl,
    { value: "https://env.example", source: "env", shadowedFileValue: "https://file.example" },
  );
  assert.deepEqual(resolveSettings(envFromRecord({}), file).baseUrl, {
    value: "https://file.example",
    source: "file",
  });
  assert.deepEqual(resolveSettings(envFromRecord({ DISTROPACK_API_URL: "" }), {}).baseUrl, {
    value: "https://distropack.dev",
    source: "default",
  });
});
