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
    "deno task check && deno task validate && deno task bench --quick --gate && " +
      "deno task test:bundle && deno task test",
  );
});

Deno.test("every workflow job that runs deno task ci checks out the whole history, where the bench gate finds its baseline", async () => {
  for (const name of ["ci.yml", "release.yml"]) {
    const workflow = await Deno.readTextFile(`${REPO_ROOT}.github/workflows/${name}`);
    // Each job's steps, from its checkout up to `deno task ci`.
    const jobs = workflow.split(/^ {2}\w[\w-]*:$/m).filter((job) =>
      /- run: deno task ci$/m.test(job)
    );
    assert.ok(jobs.length > 0, name);
    for (const job of jobs) {
      assert.match(
        job,
        /uses: actions\/checkout@v4\n\s+with:\n(?:\s+[\w-]+: .+\n)*?\s+fetch-depth: 0$/m,
        name,
      );
    }
  }
});
