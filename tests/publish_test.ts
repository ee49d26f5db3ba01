/** `publish`: parallel uploads, then one build, with versions from CI tags and CI reports. */
import assert from "node:assert/strict";
import { apiEnv, FakeServer, sha256, TOKEN } from "./helpers/fake_server.ts";
import { githubFiles } from "./helpers/github.ts";
import { fakeDeps, runInProcess } from "./helpers/in_process.ts";
import { run } from "../src/program/run.ts";
import { tempHome } from "./helpers/temp.ts";

const FAST = ["--interval", "0.05"];

function random(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
  }
  return bytes;
}

/** A release directory with three files: a tarball named by version, a changelog, a checksum. */
async function release(dir: string, version = "1.2.3") {
  await Deno.mkdir(`${dir}/dist`);
  const files = {
    tarball: { path: `${dir}/dist/app-${version}.tar.gz`, bytes: random(3 * 1024 * 1024 + 7) },
    changelog: { path: `${dir}/CHANGELOG.md`, bytes: new TextEncoder().encode("# 1.2.3\n") },
    sums: { path: `${dir}/dist/SHA256SUMS`, bytes: random(4096) },
  };
  for (const file of Object.values(files)) await Deno.writeFile(file.path, file.bytes);
  return files;
}

/** `publish` of version 1.2.3 to package p; the files and flags follow. */
const PUBLISH_P = ["publish", "--package-id", "p", "--version", "1.2.3"];

Deno.test("publish uploads three files in parallel, each byte once, then triggers one build and waits", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-1", "running", "finished");
  const files = await release(home.path);
  const run = await runInProcess([
    "publish",
    "--package-id",
    "pkg",
    "--version",
    "1.2.3",
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
    "--file",
    "changelog=CHANGELOG.md",
    "--file",
    "sums=dist/SHA256*",
    ...FAST,
  ], { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 0, run.stderr);
  const uploads = server.to("upload_file");
  assert.equal(uploads.length, 3);
  const bySlot = new Map(uploads.map((request) => [request.query.get("accessName"), request]));
  assert.equal(bySlot.get("source-tarball")?.file?.sha256, sha256(files.tarball.bytes));
  assert.equal(bySlot.get("source-tarball")?.file?.filename, "app-1.2.3.tar.gz");
  assert.equal(bySlot.get("changelog")?.file?.sha256, sha256(files.changelog.bytes));
  assert.equal(bySlot.get("sums")?.file?.sha256, sha256(files.sums.bytes));
  const triggers = server.to("build_package");
  assert.equal(triggers.length, 1);
  assert.deepEqual(triggers[0].fields, { version: "1.2.3" });
  // The build starts only after every upload has arrived.
  assert.ok(server.requests.indexOf(triggers[0]) > server.requests.indexOf(uploads[2]));
  // In logs, every progress line names its file.
  assert.match(run.stderr, /app-1\.2\.3\.tar\.gz: Uploaded 3\.0 MiB in /);
  assert.match(run.stderr, /CHANGELOG\.md: Uploaded 8 B in /);
  assert.match(run.stdout, /All builds finished successfully!\n$/);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("publish --json prints one document: version and its source, uploads, and build's own document", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path, "2.0.0");
  const run = await runInProcess(
    ["publish", "--json", "--package-id", "pkg", "--file", "changelog=CHANGELOG.md", ...FAST],
    {
      env: apiEnv(server, home, { GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v2.0.0" }),
      cwd: home.path,
    },
  );
  assert.equal(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.package_id, "pkg");
  assert.equal(document.version, "2.0.0");
  assert.equal(document.version_source, "GITHUB_REF_NAME");
  assert.equal(document.uploads.length, 1);
  const [upload] = document.uploads;
  assert.deepEqual(
    { ...upload, seconds: typeof upload.seconds },
    {
      ref_id: "changelog",
      file: "CHANGELOG.md",
      bytes: 8,
      sha256: sha256(new TextEncoder().encode("# 1.2.3\n")),
      seconds: "number",
    },
  );
  assert.deepEqual(document.build, {
    package_id: "pkg",
    version: "2.0.0",
    target: null,
    job_ids: ["j-1"],
    jobs: [{
      job_id: "j-1",
      name: "deb",
      status: "finished",
      fail_message: null,
      technical_error: null,
    }],
    all_finished: true,
    any_failed: false,
    version_source: "GITHUB_REF_NAME",
  });
  assert.deepEqual(server.to("build_package")[0].fields, { version: "2.0.0" });
});

Deno.test("publish takes --files JSON beside --file, and a slot given twice is a usage error", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const env = apiEnv(server, home);
  const ok = await runInProcess([
    ...PUBLISH_P,
    "--files",
    '{"source-tarball": "dist/app-{version}.tar.gz"}',
    "--file",
    "changelog=CHANGELOG.md",
    "--no-wait",
  ], { env, cwd: home.path });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(
    server.to("upload_file").map((request) => request.query.get("accessName")).sort(),
    ["changelog", "source-tarball"],
  );
  const before = server.requests.length;
  const twice = await runInProcess([
    ...PUBLISH_P,
    "--files",
    '{"changelog": "CHANGELOG.md"}',
    "--file",
    "changelog=CHANGELOG.md",
  ], { env, cwd: home.path });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /changelog/);
  assert.equal(server.requests.length, before);
});

Deno.test("publish with a missing file among three sends nothing and names every bad file", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess([
    ...PUBLISH_P,
    "--file",
    "a=CHANGELOG.md",
    "--file",
    "b=dist/missing.tar.gz",
    "--file",
    "c=dist/gone.deb",
  ], { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /dist\/missing\.tar\.gz/);
  assert.match(run.stderr, /dist\/gone\.deb/);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.equal(server.requests.length, 0);
});

Deno.test("a glob that matches no file or several is an error (exit 1) listing what matched", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const env = apiEnv(server, home);
  const several = await runInProcess(
    ["publish", "--package-id", "p", "--version", "1.2.3", "--file", "x=dist/*"],
    { env, cwd: home.path },
  );
  assert.equal(several.code, 1);
  assert.match(several.stderr, /matches 2 files/);
  assert.match(several.stderr, /app-1\.2\.3\.tar\.gz/);
  const none = await runInProcess(
    ["publish", "--package-id", "p", "--version", "1.2.3", "--file", "x=dist/*.rpm"],
    { env, cwd: home.path },
  );
  assert.equal(none.code, 1);
  assert.match(none.stderr, /matches no file/);
  assert.equal(server.requests.length, 0);
});

Deno.test("an upload that fails for good cancels the others, triggers no build, and names what arrived", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ readPauseMs: 2 });
  await release(home.path);
  await Deno.writeFile(`${home.path}/big.bin`, random(24 * 1024 * 1024));
  server.plan("upload_file", { status: 400, body: "Unknown file slot" });
  const run = await runInProcess([
    ...PUBLISH_P,
    "--concurrency",
    "1",
    "--file",
    "changelog=CHANGELOG.md",
    "--file",
    "big=big.bin",
    "--file",
    "sums=dist/SHA256SUMS",
  ], { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /Could not upload CHANGELOG\.md \(slot changelog\)/);
  assert.match(run.stderr, /Unknown file slot/);
  assert.match(run.stderr, /Uploaded slots: none\. No build was triggered\./);
  // With one at a time, the failure stops the rest before they start.
  assert.equal(server.to("upload_file").length, 1);
  assert.equal(server.to("build_package").length, 0);
});

Deno.test("a failed upload after others arrived names the slots that did, in the error and the document", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  server.refusedSlots.add("sums");
  const run = await runInProcess([
    ...PUBLISH_P,
    "--json",
    "--concurrency",
    "1",
    "--file",
    "changelog=CHANGELOG.md",
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
    "--file",
    "sums=dist/SHA256SUMS",
  ], { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.match(
    document.error.message,
    /^Could not upload dist\/SHA256SUMS \(slot sums\): .*Uploaded slots: changelog, source-tarball\. No build was triggered\.$/,
  );
  assert.deepEqual(document.uploads.map((upload: { ref_id: string }) => upload.ref_id), [
    "changelog",
    "source-tarball",
  ]);
  assert.equal(document.build, null);
  assert.equal(server.to("build_package").length, 0);
});

Deno.test("--concurrency takes a whole number from 1 to 16; anything else sends nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const publish = (n: string) =>
    runInProcess(
      [
        "publish",
        "--package-id",
        "p",
        "--version",
        "1",
        "--concurrency",
        n,
        "--file",
        "c=CHANGELOG.md",
      ],
      { env: apiEnv(server, home), cwd: home.path },
    );
  for (const n of ["0", "17", "2.5", "four"]) {
    const run = await publish(n);
    assert.equal(run.code, 2, `${n}: ${run.stderr}`);
    assert.match(run.stderr, /--concurrency.*Use a whole number from 1 to 16/);
  }
  assert.equal(server.requests.length, 0);
  for (const n of ["1", "16"]) assert.equal((await publish(n)).code, 0, n);
});

Deno.test("a failing upload stops its siblings mid-stream", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ readPauseMs: 5 });
  await release(home.path);
  await Deno.writeFile(`${home.path}/big.bin`, random(32 * 1024 * 1024));
  // The small file fails for good at once, while the big one is still streaming.
  server.refusedSlots.add("changelog");
  const run = await runInProcess([
    ...PUBLISH_P,
    "--json",
    "--file",
    "big=big.bin",
    "--file",
    "changelog=CHANGELOG.md",
  ], { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.build, null);
  assert.equal(document.error.exit_code, 1);
  assert.match(document.error.message, /Could not upload CHANGELOG\.md \(slot changelog\)/);
  // The big file never arrived whole: its upload was cancelled mid-stream.
  assert.ok(server.receivedBytes < 32 * 1024 * 1024, `${server.receivedBytes} bytes arrived`);
  assert.ok(!server.requests.some((request) => request.file?.size === 32 * 1024 * 1024));
  assert.equal(server.to("build_package").length, 0);
});

Deno.test("the build trigger is sent once, even when the connection breaks after it", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  server.plan("build_package", "reset");
  const run = await runInProcess(
    ["publish", "--json", "--package-id", "p", "--version", "1.2.3", "--file", "c=CHANGELOG.md"],
    { env: apiEnv(server, home), cwd: home.path },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.equal(server.to("build_package").length, 1);
  assert.match(run.stderr, /may have started/);
  const document = JSON.parse(run.stdout);
  assert.equal(document.uploads.length, 1);
  assert.equal(document.build, null);
});

Deno.test("publish --dry-run checks everything, prints the plan and sends nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess([
    "publish",
    "--dry-run",
    "--package-id",
    "p",
    "--target",
    "rpm",
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
  ], { env: apiEnv(server, home, { CI_COMMIT_TAG: "v1.2.3" }), cwd: home.path });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /Would publish version 1\.2\.3 \(from CI_COMMIT_TAG\) of package p to http:/,
  );
  assert.match(run.stdout, /source-tarball +dist\/app-1\.2\.3\.tar\.gz \(3\.0 MiB\)/);
  assert.match(run.stdout, /Then build the rpm target\./);
  assert.equal(server.requests.length, 0);
  // Without a token the plan is refused like the real run.
  const noToken = await runInProcess(
    ["publish", "--dry-run", "--package-id", "p", "--version", "1", "--file", "a=CHANGELOG.md"],
    { env: { ...home.env, DISTROPACK_API_URL: server.url }, cwd: home.path },
  );
  assert.equal(noToken.code, 3);
});

Deno.test("publish checks --version as build does: trimmed, and no control characters", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const args = ["publish", "--dry-run", "--json", "--package-id", "p"];
  const file = ["--file", "source-tarball=dist/app-{version}.tar.gz"];
  const padded = await runInProcess([...args, "--version", " 1.2.3 ", ...file], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(padded.code, 0, padded.stderr);
  const document = JSON.parse(padded.stdout);
  assert.equal(document.version, "1.2.3");
  assert.equal(document.uploads[0].file, "dist/app-1.2.3.tar.gz");
  const control = await runInProcess([
    "publish",
    "--package-id",
    "p",
    "--version",
    "1.2\x1b[2J",
    ...file,
  ], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(control.code, 2, control.stderr);
  assert.match(control.stderr, /--version contains control characters/);
  assert.equal(server.requests.length, 0);
});

Deno.test("publish takes the version from each CI's tag variable, dropping one v", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const cases: Array<[Record<string, string>, string, string]> = [
    [{ GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v1.0.0" }, "1.0.0", "GITHUB_REF_NAME"],
    [{ CI_COMMIT_TAG: "V2.0" }, "2.0", "CI_COMMIT_TAG"],
    [{ CIRCLE_TAG: "3.1.4" }, "3.1.4", "CIRCLE_TAG"],
    [{ TRAVIS_TAG: "", DRONE_TAG: "v4" }, "4", "DRONE_TAG"],
    [{ BUILDKITE_TAG: "v5.0.0-rc.1" }, "5.0.0-rc.1", "BUILDKITE_TAG"],
    [{ BITBUCKET_TAG: "v6" }, "6", "BITBUCKET_TAG"],
    [{ BUILD_SOURCEBRANCH: "refs/tags/v7.1" }, "7.1", "BUILD_SOURCEBRANCH"],
    [{ TAG_NAME: "8.0" }, "8.0", "TAG_NAME"],
  ];
  for (const [vars, version, source] of cases) {
    const run = await runInProcess(
      ["publish", "--dry-run", "--json", "--package-id", "p", "--file", "a=CHANGELOG.md"],
      { env: apiEnv(server, home, vars), cwd: home.path },
    );
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout);
    assert.deepEqual([document.version, document.version_source], [version, source]);
  }
  const flag = await runInProcess(
    [
      "publish",
      "--dry-run",
      "--json",
      "--version",
      "9",
      "--package-id",
      "p",
      "--file",
      "a=CHANGELOG.md",
    ],
    { env: apiEnv(server, home, { CI_COMMIT_TAG: "v1" }), cwd: home.path },
  );
  assert.equal(JSON.parse(flag.stdout).version_source, "flag");
  const branch = await runInProcess(
    ["publish", "--dry-run", "--package-id", "p", "--file", "a=CHANGELOG.md"],
    {
      env: apiEnv(server, home, { GITHUB_REF_TYPE: "branch", GITHUB_REF_NAME: "main" }),
      cwd: home.path,
    },
  );
  assert.equal(branch.code, 2);
  assert.match(branch.stderr, /--version/);
  assert.match(branch.stderr, /GITHUB_REF_NAME/);
  const notVersion = await runInProcess(
    ["publish", "--dry-run", "--package-id", "p", "--file", "a=CHANGELOG.md"],
    { env: apiEnv(server, home, { CI_COMMIT_TAG: "vnext" }), cwd: home.path },
  );
  assert.equal(notVersion.code, 2);
  assert.match(notVersion.stderr, /vnext/);
  assert.equal(server.requests.length, 0);
});

Deno.test("publish exits 4 when a build fails and 5 when the wait times out", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  server.script("j-1", { status: "failed", failMessage: "bad spec" });
  const args = ["publish", "--package-id", "p", "--version", "1", "--file", "a=CHANGELOG.md"];
  const failed = await runInProcess([...args, ...FAST], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(failed.code, 4, failed.stderr);
  assert.match(failed.stdout, /Fail message: bad spec/);
  server.script("j-1", "running");
  const slow = await runInProcess([...args, ...FAST, "--timeout", "0.3"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(slow.code, 5, slow.stderr);
  assert.match(slow.stderr, /status --wait j-1/);
});

Deno.test("Ctrl-C while publish waits exits 130 with the resume command and the uploads in the document", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  server.script("j-1", "running");
  const stop = new AbortController();
  server.waitFor((request) => request.endpoint === "build_status").then(() => stop.abort("SIGINT"));
  const run = await runInProcess(
    [
      "publish",
      "--json",
      "--package-id",
      "p",
      "--version",
      "1",
      "--file",
      "a=CHANGELOG.md",
      ...FAST,
    ],
    { env: apiEnv(server, home), cwd: home.path, signal: stop.signal },
  );
  assert.equal(run.code, 130, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.uploads.length, 1);
  assert.deepEqual(document.build.job_ids, ["j-1"]);
  assert.equal(document.error.code, "interrupted");
  assert.match(document.error.message, /distropack-cli status --wait j-1/);
});

Deno.test("Ctrl-C after the last upload, before the trigger is sent, says no build was started", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const github = await githubFiles(home.path);
  const stop = new AbortController();
  const io = fakeDeps({
    env: apiEnv(server, home, github.env),
    cwd: home.path,
    signal: stop.signal,
  });
  // The uploads are done and the trigger is next: the moment a person presses Ctrl-C.
  const stderr = io.deps.stderr;
  io.deps.stderr = (text) => {
    stderr(text);
    if (text.includes("Starting the build")) stop.abort("SIGINT");
  };
  const code = await run([...PUBLISH_P, "--file", "a=CHANGELOG.md", ...FAST], io.deps);
  assert.equal(code, 130, io.stderr());
  assert.equal(server.to("upload_file").length, 1);
  assert.equal(server.to("build_package").length, 0);
  assert.match(io.stderr(), /no build was started/);
  assert.doesNotMatch(io.stderr(), /may have started/);
  assert.doesNotMatch(await github.summary(), /may have started/);
  assert.match(await github.output(), /^status<<.*\ninterrupted\n/m);
});
