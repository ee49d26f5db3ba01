import assert from "node:assert/strict";
import { cli } from "./helpers/cli.ts";
import { tempHome } from "./helpers/temp.ts";

Deno.test("config show on a fresh home says the token is not set", async () => {
  await using home = await tempHome();
  const run = await cli(["config", "show"], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Configuration:\n {2}Base URL: https:\/\/distropack\.dev \(default\)\n/);
  assert.match(run.stdout, /API Token: Not set/);
});
