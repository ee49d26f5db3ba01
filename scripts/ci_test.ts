import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("the GitHub workflow and .ci/run both run deno task ci, which runs every check", async () => {
  const workflow = await Deno.readTextFile(`${REPO_ROOT}.github/workflows/ci.yml`);
  assert.match(workflow, /^\s+- run: deno task ci$/m);
  const ciRun = await Deno.readTextFile(`${REPO_ROOT}.ci/run`);
  assert.match(ciRun, /^deno task ci /m);
  const { tasks } = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  assert.equal(
    tasks.ci,
    "deno task check && deno task validate && deno task bench --quick --baseline HEAD && " +
      "deno task test",
  );
});
