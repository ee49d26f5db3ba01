import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { copyProblems } from "./version_match.ts";
import { VERSION } from "../src/version.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("every copy of the version equals src/version.ts", async () => {
  assert.deepEqual(await copyProblems(REPO_ROOT, VERSION), []);
});

Deno.test("a deno.json with another version is named, with the fix", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/deno.json`, JSON.stringify({ version: "0.0.9" }));
    const problems = await copyProblems(dir, "1.2.3");
    assert.equal(problems.length, 1);
    assert.match(problems[0], /deno\.json has version "0\.0\.9", src\/version\.ts has 1\.2\.3/);
    assert.match(problems[0], /Set deno\.json's "version" to "1\.2\.3"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
