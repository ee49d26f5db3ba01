import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO_ROOT } from "./bundle.ts";
import { spawnedTestFiles } from "./test_bundle.ts";

Deno.test("test:bundle runs the test files that spawn the CLI, and only those", async () => {
  const files = await spawnedTestFiles();
  for (const file of ["tests/e2e_test.ts", "tests/upload_test.ts", "tests/signals_test.ts"]) {
    assert.ok(files.includes(file), file);
  }
  // These import the helper only for REPO_ROOT, or run the CLI in process.
  for (const file of ["tests/docs_test.ts", "tests/links_test.ts", "tests/flags_test.ts"]) {
    assert.ok(!files.includes(file), file);
  }
});

Deno.test("with DISTROPACK_CLI_BUNDLE, the spawned tests run the bundle as deno task cli runs the source", async () => {
  const helper = new URL("../tests/helpers/process.ts", import.meta.url).href;
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `const { cliInvocation } = await import(${JSON.stringify(helper)});` +
      `console.log(JSON.stringify(await cliInvocation(["--version"])));`,
    ],
    cwd: REPO_ROOT,
    env: { DISTROPACK_CLI_BUNDLE: "dist/bundle/main.js" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const { program, args } = JSON.parse(new TextDecoder().decode(stdout));
  assert.equal(program, Deno.execPath());
  assert.deepEqual(args, [
    "run",
    "--quiet",
    "--no-prompt",
    "--permission-set=cli",
    `--config=${REPO_ROOT}deno.json`,
    join(REPO_ROOT, "dist/bundle/main.js"),
    "--version",
  ]);
});
