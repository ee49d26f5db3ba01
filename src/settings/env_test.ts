import assert from "node:assert/strict";
import { NETWORK_ENV } from "../api/network.ts";
import { ENV_VARS } from "./env.ts";

Deno.test("the binary's permission set grants exactly the declared environment variables", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  const granted: string[] = config.permissions.cli.env;
  assert.deepEqual([...granted].sort(), Object.values(ENV_VARS).sort());
});

Deno.test("every variable the API client reads is declared", () => {
  const declared: string[] = Object.values(ENV_VARS);
  for (const name of NETWORK_ENV) assert.ok(declared.includes(name), name);
});
