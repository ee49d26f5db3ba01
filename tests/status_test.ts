import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";

Deno.test("status reports the jobs once, with an encoded job id list", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.script("j-1", "running");
  server.script("j 2", "missing");
  const run = await runInProcess(["status", "j-1", "j 2"], { env: apiEnv(server, home) });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0].rawQuery, "jobIds=j-1,j%202");
  assert.equal(run.stdout, "deb      running      j-1\n-        initializing j 2\n");
});

Deno.test("status --json has the build fields null and every job in the order given", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.script("j-1", "queued");
  server.script("j-2", "missing");
  const run = await runInProcess(["status", "--json", "j-1", "j-2"], { env: apiEnv(server, home) });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
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

Deno.test("status of a failed job exits 4", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.script("j-1", { status: "failed", failMessage: "no changelog", technicalError: null });
  const run = await runInProcess(["status", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 4);
  assert.match(run.stdout, /Fail message: no changelog/);
});

Deno.test("status --wait waits like build and ends when every job has ended", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.script("j-1", "missing", "running", "finished");
  const run = await runInProcess(["status", "--wait", "--interval", "0.05", "j-1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("build_status").length, 3);
  assert.match(run.stdout, /All builds finished successfully!/);
});

Deno.test("status polls are retried after a broken connection, a 503 and a 429", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan(
    "build_status",
    "reset",
    { status: 503, headers: { "retry-after": "0" } },
    { status: 429, headers: { "retry-after": "0" } },
  );
  const run = await runInProcess(["status", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("build_status").length, 4);
  assert.equal(run.stderr.match(/retrying in/g)?.length, 3);
});

Deno.test("status without a job id is a usage error", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["status"], { env: home.env });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /missing required argument 'job-id'/);
});
