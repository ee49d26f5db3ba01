import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";
import { sleep as realSleep } from "../src/sleep.ts";
import { fakeCli } from "./helpers/cli.ts";

// The list's encoding is apiUrl's (src/api/url_test.ts): an id that would need it is refused.
Deno.test("status reports the jobs once, with the job id list", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "running");
  cli.server.script("j.2_x", "missing");
  const run = await cli.run(["status", "j-1", "j.2_x"]);
  assert.equal(run.code, 1, run.stderr);
  assert.equal(cli.server.requests.length, 1);
  assert.equal(cli.server.requests[0].rawQuery, "jobIds=j-1,j.2_x");
  assert.equal(run.stdout, "deb      running      j-1\n-        not found    j.2_x\n");
});

Deno.test("status splits an argument on white space and commas: the ids build --no-wait prints", async () => {
  await using cli = await fakeCli({ jobIds: ["id1", "id2"] });
  const env = cli.env({ DISTROPACK_PACKAGE_ID: "p" });
  const build = await cli.run(["build", "--version", "1", "--no-wait"], { env });
  assert.equal(build.code, 0, build.stderr);
  assert.equal(build.stdout, "id1\nid2\n");
  // As the shell's "$(...)" gives them: the last line break dropped.
  const printed = build.stdout.replace(/\n+$/, "");
  for (const arg of [printed, "id1,id2", "id1\r\nid2\r\n", " id1 ,\tid2, ", "id1, id2 id1"]) {
    const run = await cli.run(["status", arg], { env });
    assert.equal(run.code, 0, `${JSON.stringify(arg)}: ${run.stderr}`);
    assert.equal(cli.server.requests.at(-1)?.rawQuery, "jobIds=id1,id2", JSON.stringify(arg));
  }
  const waited = await cli.run(["status", "--wait", printed], { env });
  assert.equal(waited.code, 0, waited.stderr);
  assert.deepEqual(cli.server.to("build_status").at(-1)?.query.get("jobIds"), "id1,id2");
  for (const blank of ["\n", " , "]) {
    const run = await cli.run(["status", blank], { env });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /Give at least one job id/);
  }
});

Deno.test("status --json has the build fields null and every job in the order given", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "queued");
  cli.server.script("j-2", "missing");
  const run = await cli.run(["status", "--json", "j-1", "j-2"]);
  assert.equal(run.code, 1, run.stderr);
  const { error, ...document } = JSON.parse(run.stdout);
  assert.equal(error.code, "not_found");
  assert.equal(error.exit_code, 1);
  assert.deepEqual(document, {
    package_id: null,
    version: null,
    target: null,
    job_ids: ["j-1", "j-2"],
    jobs: [
      { job_id: "j-1", name: "deb", status: "queued", fail_message: null, technical_error: null },
      { job_id: "j-2", name: null, status: null, fail_message: null, technical_error: null },
    ],
    all_finished: false,
    any_failed: false,
  });
});

Deno.test("status of an id the server does not list says it was not found, with what to do", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "running");
  cli.server.script("j-typo", "missing");
  const run = await cli.run(["status", "j-1", "j-typo"]);
  assert.equal(run.code, 1, run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /initializing/);
  assert.equal(
    run.stderr,
    "Error: Job not found: j-typo. If it was just created by `build --no-wait`, " +
      "try again in a few seconds; otherwise check the id.\n",
  );
});

Deno.test("status --wait ends with exit 1 naming the ids the server has not listed for 30 s", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "running");
  cli.server.script("j-typo", "missing");
  // A thousand times faster than real time: 30 s pass in 30 ms, the hour's timeout in 3.6 s.
  const start = Date.now();
  const clock = {
    monotonic: () => start + (Date.now() - start) * 1000,
    sleep: (ms: number, signal?: AbortSignal) => realSleep(ms / 1000, signal),
  };
  const run = await cli.run(
    ["status", "--wait", "--interval", "10", "j-1", "j-typo"],
    { clock },
  );
  assert.equal(run.code, 1, run.stderr);
  // Polled about every 10 s until 30 s had passed (a poll's real time stretches the gaps under
  // load), not for the hour of the default timeout.
  const polls = cli.server.to("build_status").length;
  assert.ok(polls >= 2 && polls <= 8, String(polls));
  assert.match(run.stdout, /^-\s+not found\s+j-typo$/m);
  assert.match(
    run.stderr,
    /Error: Job not found: j-typo \(the server has not listed it for 30s\)\. Check the id, as `build` printed it\. The other jobs keep running on the server; follow them with: distropack-cli status --wait j-1\n$/,
  );
});

Deno.test("status of a failed job exits 4", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", { status: "failed", failMessage: "no changelog", technicalError: null });
  const run = await cli.run(["status", "j-1"]);
  assert.equal(run.code, 4);
  assert.match(run.stdout, /Fail message: no changelog/);
});

Deno.test("status --wait waits like build and ends when every job has ended", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "missing", "running", "finished");
  const run = await cli.run(["status", "--wait", "--interval", "0.05", "j-1"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("build_status").length, 3);
  assert.match(run.stdout, /All builds finished successfully!/);
});

Deno.test("status polls are retried after a broken connection, a 503 and a 429", async () => {
  await using cli = await fakeCli();
  cli.server.plan(
    "build_status",
    "reset",
    { status: 503, headers: { "retry-after": "0" } },
    { status: 429, headers: { "retry-after": "0" } },
  );
  const run = await cli.run(["status", "j-1"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("build_status").length, 4);
  assert.equal(run.stderr.match(/retrying in/g)?.length, 3);
});

Deno.test("status without a job id is a usage error", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["status"], { env: home.env });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /missing required argument 'job-id'/);
});

Deno.test("a status query for a job id nobody has tells a refused token (exit 3) from an accepted one (exit 1), as troubleshooting says", async () => {
  await using cli = await fakeCli();
  const id = "00000000-0000-4000-8000-000000000000";
  cli.server.script(id, "missing");
  const guide = await Deno.readTextFile(new URL("../docs/troubleshooting.md", import.meta.url));
  assert.ok(guide.includes(`distropack-cli status ${id}\n`), "the guide's check is this one");
  const accepted = await cli.run(["status", id]);
  assert.equal(accepted.code, 1, accepted.stderr);
  assert.match(accepted.stderr, /^Error: Job not found: /);
  const refused = await cli.run(["status", id], {
    env: { DISTROPACK_API_TOKEN: "dp_revoked_0123456789" },
  });
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /^Error: Unauthorized/);
});
