import assert from "node:assert/strict";
import { parse } from "smol-toml";
import { type ConfigFile, insecureModeWarning, knownValues } from "./file.ts";
import { updateConfigFile } from "./update.ts";
import { parseConfigText } from "./toml_edit.ts";
import { ConfigFileError } from "../errors.ts";

Deno.test("parseConfigText names the file, line and column of a syntax error", () => {
  assert.throws(
    () => parseConfigText('api_token = "ok"\nbase_url = https://x\n', "/c.toml"),
    (error: Error) => {
      assert.ok(error instanceof ConfigFileError);
      assert.match(error.message, /^Config file \/c\.toml is not valid TOML: line 2, column \d+: /);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    },
  );
});

Deno.test("knownValues refuses a token that is not a string", () => {
  assert.throws(() => knownValues({ api_token: 42 }, "/c.toml"), /'api_token' must be a string/);
  assert.deepEqual(knownValues({ api_token: "t", other: 1 }, "/c.toml"), { api_token: "t" });
});

Deno.test("insecureModeWarning names the file behind a symlink and quotes it for the shell", () => {
  const file: ConfigFile = { path: "/h/c.toml", target: "/d/it's.toml", exists: true, values: {} };
  assert.equal(insecureModeWarning(file), undefined);
  assert.equal(
    insecureModeWarning({ ...file, insecureMode: 0o644 }),
    "/d/it's.toml can be read by other users (mode 0644). Fix it with: chmod 600 '/d/it'\\''s.toml'",
  );
});

Deno.test("concurrent updates of different keys all land, thanks to the lock", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/config.toml`;
    for (let round = 0; round < 10; round++) {
      await Deno.remove(path).catch(() => {});
      await Promise.all([
        ...[0, 1, 2, 3].map((i) => updateConfigFile(path, { api_token: `token-${i}` })),
        ...[0, 1, 2, 3].map((i) => updateConfigFile(path, { base_url: `https://h${i}.example` })),
      ]);
      const data = parse(await Deno.readTextFile(path));
      assert.match(String(data.api_token), /^token-\d$/, `round ${round}`);
      assert.match(String(data.base_url), /^https:\/\/h\d\.example$/, `round ${round}`);
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["config.toml"], "no lock");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
