/**
 * Re-runs of a release: the second run of `publish` (or `build`) resumes what
 * the first started, as the release state records it and the server confirms.
 * The state file itself (where it is, a bad one, one shared): release_state_test.ts.
 */
import assert from "node:assert/strict";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { PUBLISH_ONE, writeOneRelease } from "./helpers/rerun.ts";
import { stateFile, tempHome } from "./helpers/temp.ts";

const FAST = ["--interval", "0.05"];
const PUBLISH = PUBLISH_ONE;
const release = writeOneRelease;

/** The requests since `from`, by endpoint. */
function since(server: FakeServer, from: number) {
  const requests = server.requests.slice(from);
  return {
    uploads: requests.filter((r) => r.endpoint === "upload_file"),
    triggers: requests.filter((r) => r.endpoint.startsWith("build_package")),
    polls: requests.filter((r) => r.endpoint === "build_status"),
  };
}

Deno.test("a second run of a built release triggers nothing, uploads nothing and says it was already built", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const first = await runInProcess(PUBLISH, opts);
  assert.equal(first.code, 0, first.stderr);
  const mark = server.requests.length;
  const bytes = server.receivedBytes;
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers, polls } = since(server, mark);
  assert.equal(triggers.length, 0);
  assert.equal(uploads.length, 0);
  assert.equal(polls.length, 1);
  assert.equal(server.receivedBytes, bytes);
  assert.match(
    again.stderr,
    /Version 1\.2\.3 was already built by an earlier run \(jobs j-1, j-2\)/,
  );
  const document = JSON.parse(again.stdout);
  assert.deepEqual(document.uploads, []);
  assert.deepEqual(document.build.job_ids, ["j-1", "j-2"]);
  assert.equal(document.state.action, "skip");
  assert.equal(document.state.path, stateFile(home.path));
  // Without --json the result line says so too.
  const human = await runInProcess(PUBLISH, opts);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /Already built by an earlier run: version 1\.2\.3 \(jobs j-1, j-2\)/);
});

Deno.test("the state records each file's digest and the jobs, never the token, and the digests are in --json", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const run = await runInProcess([...PUBLISH, "--json"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  const text = await Deno.readTextFile(stateFile(home.path));
  assert.ok(!text.includes(server.token));
  const state = JSON.parse(text);
  assert.equal(state.format, "distropack-release-state");
  assert.equal(state.version, 1);
  const [record] = Object.values(state.records) as Array<Record<string, unknown>>;
  const digest = sha256(new TextEncoder().encode("tarball bytes"));
  assert.deepEqual(record.job_ids, ["j-1"]);
  assert.deepEqual((record.files as Record<string, unknown>)["source-tarball"], {
    sha256: digest,
    bytes: 13,
  });
  assert.equal(record.server, server.url);
  assert.equal(record.targets, "all");
  const uploaded = JSON.parse(run.stdout).uploads;
  const tarball = uploaded.find((u: { ref_id: string }) => u.ref_id === "source-tarball");
  assert.equal(tarball.sha256, digest);
  assert.equal(
    server.to("upload_file").find((r) => r.query.get("accessName") === "source-tarball")
      ?.file?.sha256,
    digest,
  );
});

Deno.test("a run killed during the wait, run again, waits on the same jobs and triggers nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  server.script("j-1", "running");
  const stop = new AbortController();
  server.waitFor((r) => r.endpoint === "build_status").then(() => stop.abort("SIGINT"));
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const first = await runInProcess(PUBLISH, { ...opts, signal: stop.signal });
  assert.equal(first.code, 130, first.stderr);
  const mark = server.requests.length;
  server.script("j-1", "running", "running", "finished");
  const again = await runInProcess(PUBLISH, opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers, polls } = since(server, mark);
  assert.equal(triggers.length, 0);
  assert.equal(uploads.length, 0);
  assert.ok(polls.length >= 2);
  assert.ok(polls.every((r) => r.query.getAll("jobIds").join() === "j-1"));
  assert.match(again.stderr, /An earlier run started the build of version 1\.2\.3 \(jobs j-1\)/);
  assert.match(again.stdout, /All builds finished successfully!/);
});

Deno.test("a failed build, run again, triggers exactly once and uploads no unchanged file", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  server.script("j-1", { status: "failed", failMessage: "bad spec" });
  const opts = { env: apiEnv(server, home), cwd: home.path };
  assert.equal((await runInProcess(PUBLISH, opts)).code, 4);
  const mark = server.requests.length;
  server.jobIds = ["j-2"];
  const again = await runInProcess(PUBLISH, opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.equal(triggers.length, 1);
  assert.equal(uploads.length, 0);
  assert.match(again.stderr, /Building version 1\.2\.3 again: 1 of 1 recorded jobs failed \(j-1\)/);
  // Now built: a third run does nothing.
  const third = since(server, server.requests.length);
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  assert.equal(third.triggers.length, 0);
});

Deno.test("one file changed since the last run: only it is uploaded, and one build is triggered", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  await Deno.writeTextFile(`${home.path}/CHANGELOG.md`, "# 1.2.3\nfixed\n");
  const mark = server.requests.length;
  server.jobIds = ["j-2"];
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.deepEqual(uploads.map((r) => r.query.get("accessName")), ["changelog"]);
  assert.equal(triggers.length, 1);
  assert.match(
    again.stderr,
    /again: changelog changed since the last run sent it; uploading changelog/,
  );
  const document = JSON.parse(again.stdout);
  assert.equal(document.state.action, "build");
  assert.equal(document.state.reason, "changelog changed since the last run sent it");
});

Deno.test("the server forgetting the recorded jobs means one trigger, with every file sent again", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  server.script("j-1", "missing");
  server.jobIds = ["j-2"];
  const mark = server.requests.length;
  const again = await runInProcess(PUBLISH, opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.equal(triggers.length, 1);
  assert.equal(uploads.length, 2);
  assert.match(again.stderr, /the server does not know the recorded jobs \(j-1\)/);
});

Deno.test("--rebuild ignores the record: every file is sent and one build triggered", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--rebuild"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers, polls } = since(server, mark);
  assert.equal(triggers.length, 1);
  assert.equal(uploads.length, 2);
  assert.ok(polls.length >= 1);
  assert.match(again.stderr, /--rebuild: the record of an earlier run is ignored/);
});

Deno.test("build run again after a success triggers nothing; another target or version is its own record", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  const opts = { env: apiEnv(server, home) };
  const of = (version: string) => ["build", "--package-id", "p", "--version", version, ...FAST];
  const build = of("2.0.0");
  assert.equal((await runInProcess(build, opts)).code, 0);
  const again = await runInProcess(build, opts);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(server.to("build_package").length, 1);
  assert.match(again.stdout, /Already built by an earlier run/);
  assert.equal((await runInProcess([...build, "--target", "deb"], opts)).code, 0);
  assert.equal(server.to("build_package_single").length, 1);
  assert.equal((await runInProcess(of("2.0.1"), opts)).code, 0);
  assert.equal(server.to("build_package").length, 2);
});

Deno.test("publish --dry-run says an earlier run is recorded and which files changed, asking nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const fresh = await runInProcess([...PUBLISH, "--dry-run"], opts);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.doesNotMatch(fresh.stdout, /earlier run/);
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  await Deno.writeTextFile(`${home.path}/CHANGELOG.md`, "# 1.2.3\nmore\n");
  const mark = server.requests.length;
  const dry = await runInProcess([...PUBLISH, "--dry-run"], opts);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    /An earlier run of this release is recorded \(jobs j-1; changed since: changelog\)/,
  );
  assert.match(dry.stdout, /Dry run: nothing was sent\.\n$/);
  assert.equal(server.requests.length, mark);
});
