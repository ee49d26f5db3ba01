/**
 * Re-runs of a manifest `publish`: each package resumes what the first run
 * started for it, as its own record in the release state says and the
 * server confirms, and one wait still follows every job left running.
 */
import assert from "node:assert/strict";
import { apiEnv, type FakeServer } from "./helpers/fake_server.ts";
import { githubFiles } from "./helpers/github.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { cliAndDaemon, twoPackageServer, writeRelease } from "./helpers/manifest.ts";
import { stateFile, tempHome } from "./helpers/temp.ts";

const PUBLISH = ["publish", "--version", "1.2.3", "--interval", "0.05"];

const MANIFEST = cliAndDaemon("pkg-daemon");

/** The requests since `from`, by endpoint, each said as package/slot or package. */
function since(server: FakeServer, from: number) {
  const requests = server.requests.slice(from);
  return {
    uploads: requests.filter((r) => r.endpoint === "upload_file")
      .map((r) => `${r.query.get("packageId")}/${r.query.get("accessName")}`).sort(),
    triggers: requests.filter((r) => r.endpoint.startsWith("build_package"))
      .map((r) => r.query.get("packageId")),
    polls: requests.filter((r) => r.endpoint === "build_status")
      .map((r) => r.query.get("jobIds")),
  };
}

async function firstRun(server: FakeServer, home: { path: string; env: Record<string, string> }) {
  await writeRelease(home.path, MANIFEST);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const first = await runInProcess(PUBLISH, opts);
  assert.equal(first.code, 0, first.stderr);
  return opts;
}

Deno.test("a manifest release run twice: 0 triggers and 0 bytes the second time, each package already built", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  const opts = await firstRun(server, home);
  // Each package has its own record: its package, version and target.
  const state = JSON.parse(await Deno.readTextFile(stateFile(home.path)));
  const records = Object.values(state.records) as Array<Record<string, unknown>>;
  assert.deepEqual(
    records.map((r) => [r.package_id, r.targets, r.job_ids, Object.keys(r.files as object).sort()])
      .sort(),
    [
      ["pkg-cli", "all", ["cli-deb", "cli-rpm"], ["changelog", "source-tarball"]],
      ["pkg-daemon", "deb", ["daemon-deb"], ["changelog", "source-tarball"]],
    ],
  );
  const mark = server.requests.length;
  const bytes = server.receivedBytes;
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.deepEqual(uploads, []);
  assert.deepEqual(triggers, []);
  assert.equal(server.receivedBytes, bytes);
  assert.match(
    again.stderr,
    /Package cli: Version 1\.2\.3 was already built by an earlier run \(jobs cli-deb, cli-rpm\)/,
  );
  assert.match(
    again.stderr,
    /Package daemon: Version 1\.2\.3 was already built by an earlier run \(jobs daemon-deb\)/,
  );
  const document = JSON.parse(again.stdout);
  for (const section of document.packages) {
    assert.deepEqual(section.uploads, []);
    assert.equal(section.state.action, "skip");
    assert.equal(section.state.path, stateFile(home.path));
    assert.equal(section.state.reason, null);
    assert.equal(section.error, null);
  }
  assert.deepEqual(
    document.packages.map((s: { build: { job_ids: string[] } }) => s.build.job_ids),
    [
      ["cli-deb", "cli-rpm"],
      ["daemon-deb"],
    ],
  );
  // Without --json, each package's block says it was already built.
  const human = await runInProcess(PUBLISH, opts);
  assert.equal(human.code, 0, human.stderr);
  assert.match(
    human.stdout,
    /Package cli \(pkg-cli\):\n(?: {2}.*\n)*? {2}Already built by an earlier run: version 1\.2\.3 \(jobs cli-deb, cli-rpm\)/,
  );
  assert.match(
    human.stdout,
    /Package daemon \(pkg-daemon\):\n(?: {2}.*\n)*? {2}Already built by an earlier run: version 1\.2\.3 \(jobs daemon-deb\)/,
  );
});

Deno.test("one package's file changed: only that file is uploaded and only that package triggered", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  const opts = await firstRun(server, home);
  await Deno.writeTextFile(`${home.path}/dist/daemon-1.2.3.tar.gz`, "daemon, fixed");
  server.jobIdsByPackage["pkg-daemon"] = ["daemon-deb-2"];
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers, polls } = since(server, mark);
  assert.deepEqual(uploads, ["pkg-daemon/source-tarball"]);
  assert.deepEqual(triggers, ["pkg-daemon"]);
  // The new build's wait asks about the new jobs only: the other package was already built.
  assert.ok(polls.includes("daemon-deb-2"), polls.join(" | "));
  assert.match(
    again.stderr,
    /Package daemon: Building version 1\.2\.3 again: source-tarball changed since the last run sent it; uploading source-tarball/,
  );
  const [cli, daemon] = JSON.parse(again.stdout).packages;
  assert.equal(cli.state.action, "skip");
  assert.equal(daemon.state.action, "build");
  assert.equal(daemon.state.reason, "source-tarball changed since the last run sent it");
  assert.deepEqual(daemon.uploads.map((u: { ref_id: string }) => u.ref_id), ["source-tarball"]);
  assert.deepEqual(daemon.build.job_ids, ["daemon-deb-2"]);
  // That build is recorded: a third run does nothing.
  const third = server.requests.length;
  assert.equal((await runInProcess(PUBLISH, opts)).code, 0);
  assert.deepEqual(since(server, third).triggers, []);
  assert.deepEqual(since(server, third).uploads, []);
});

Deno.test("one package's build failed: the re-run triggers exactly that package, once", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  server.script("daemon-deb", { status: "failed", failMessage: "bad spec" });
  await writeRelease(home.path, MANIFEST);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const first = await runInProcess(PUBLISH, opts);
  assert.equal(first.code, 4, first.stderr);
  server.jobIdsByPackage["pkg-daemon"] = ["daemon-deb-2"];
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.deepEqual(triggers, ["pkg-daemon"]);
  assert.deepEqual(uploads, []);
  assert.match(
    again.stderr,
    /Package daemon: Building version 1\.2\.3 again: 1 of 1 recorded jobs failed \(daemon-deb\)/,
  );
  const [cli, daemon] = JSON.parse(again.stdout).packages;
  assert.equal(cli.state.action, "skip");
  assert.equal(daemon.state.action, "build");
  assert.deepEqual(daemon.build.job_ids, ["daemon-deb-2"]);
});

Deno.test("a manifest re-run waits once on every package's recorded jobs still running", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  // The first run starts the builds and does not wait for them.
  const first = await runInProcess([...PUBLISH, "--no-wait"], opts);
  assert.equal(first.code, 0, first.stderr);
  for (const id of ["cli-deb", "cli-rpm", "daemon-deb"]) {
    server.script(id, "running", "running", "finished");
  }
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers, polls } = since(server, mark);
  assert.deepEqual(triggers, []);
  assert.deepEqual(uploads, []);
  assert.match(again.stderr, /Package cli: An earlier run started the build of version 1\.2\.3/);
  // The state asks about each package's jobs once; then one wait polls them all together.
  assert.ok(polls.includes("cli-deb,cli-rpm,daemon-deb"), polls.join(" | "));
  const document = JSON.parse(again.stdout);
  assert.deepEqual(document.packages.map((s: { state: { action: string } }) => s.state.action), [
    "wait",
    "wait",
  ]);
});

Deno.test("--rebuild ignores every package's record: both are uploaded and built again", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  const opts = await firstRun(server, home);
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--rebuild", "--json"], opts);
  assert.equal(again.code, 0, again.stderr);
  const { uploads, triggers } = since(server, mark);
  assert.deepEqual(triggers.sort(), ["pkg-cli", "pkg-daemon"]);
  assert.deepEqual(uploads, [
    "pkg-cli/changelog",
    "pkg-cli/source-tarball",
    "pkg-daemon/changelog",
    "pkg-daemon/source-tarball",
  ]);
  const document = JSON.parse(again.stdout);
  assert.deepEqual(document.packages.map((s: { state: { action: string } }) => s.state.action), [
    "fresh",
    "fresh",
  ]);
});

Deno.test("--state names the file a manifest run keeps its records in; --no-build keeps none", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const file = `${home.path}/state/release.json`;
  const first = await runInProcess([...PUBLISH, "--state", file], opts);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(Object.keys(JSON.parse(await Deno.readTextFile(file)).records).length, 2);
  await assert.rejects(Deno.stat(stateFile(home.path)), Deno.errors.NotFound);
  const mark = server.requests.length;
  const again = await runInProcess([...PUBLISH, "--state", file], opts);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(since(server, mark).triggers, []);
  // An upload-only run keeps no state, as for one package: its sections say null.
  const legs = await runInProcess([...PUBLISH, "--no-build", "--json"], opts);
  assert.equal(legs.code, 0, legs.stderr);
  for (const section of JSON.parse(legs.stdout).packages) assert.equal(section.state, null);
  await assert.rejects(Deno.stat(stateFile(home.path)), Deno.errors.NotFound);
});

Deno.test("a manifest --dry-run says which packages an earlier run recorded and what changed, asking nothing", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  const opts = await firstRun(server, home);
  await Deno.writeTextFile(`${home.path}/dist/daemon-1.2.3.tar.gz`, "daemon, fixed");
  const mark = server.requests.length;
  const plan = await runInProcess([...PUBLISH, "--dry-run"], opts);
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal(server.requests.length, mark);
  const lines = plan.stdout.trimEnd().split("\n");
  assert.match(
    lines.at(-3)!,
    /^Package cli: An earlier run of this release is recorded \(jobs cli-deb, cli-rpm; no file changed since\)/,
  );
  assert.match(
    lines.at(-2)!,
    /^Package daemon: An earlier run of this release is recorded \(jobs daemon-deb; changed since: source-tarball\)/,
  );
  assert.equal(lines.at(-1), "Dry run: nothing was sent.");
});

Deno.test("the GitHub step summary of a manifest re-run says already built only when every package was", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const run = async () => {
    const github = await githubFiles(home.path);
    const env = apiEnv(server, home, github.env);
    const result = await runInProcess(PUBLISH, { env, cwd: home.path });
    assert.equal(result.code, 0, result.stderr);
    return (await github.summary()).split("\n")[0];
  };
  assert.doesNotMatch(await run(), /already built/);
  assert.match(await run(), /^### distropack-cli publish: already built by an earlier run$/);
  // One package built again: the run did more than find both built.
  await Deno.writeTextFile(`${home.path}/dist/cli-1.2.3.tar.gz`, "cli, fixed");
  assert.doesNotMatch(await run(), /already built/);
});
