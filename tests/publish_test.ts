/** `publish`: parallel uploads, then one build, with versions from CI tags and CI reports. */
import assert from "node:assert/strict";
import { TOKEN } from "./helpers/fake_server.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { fakeCli } from "./helpers/cli.ts";
import { release } from "./helpers/release_files.ts";

const FAST = ["--interval", "0.05"];

/** `publish` of version 1.2.3 to package p; the files and flags follow. */
const PUBLISH_P = ["publish", "--package-id", "p", "--version", "1.2.3"];

Deno.test("publish uploads three files in parallel, each byte once, then triggers one build and waits", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "running", "finished");
  const files = await release(cli.home);
  const run = await cli.run([
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
  ], { cwd: cli.home });
  assert.equal(run.code, 0, run.stderr);
  const uploads = cli.server.to("upload_file");
  assert.equal(uploads.length, 3);
  const bySlot = new Map(uploads.map((request) => [request.query.get("accessName"), request]));
  assert.equal(bySlot.get("source-tarball")?.file?.sha256, sha256(files.tarball.bytes));
  assert.equal(bySlot.get("source-tarball")?.file?.filename, "app-1.2.3.tar.gz");
  assert.equal(bySlot.get("changelog")?.file?.sha256, sha256(files.changelog.bytes));
  assert.equal(bySlot.get("sums")?.file?.sha256, sha256(files.sums.bytes));
  const triggers = cli.server.to("build_package");
  assert.equal(triggers.length, 1);
  assert.deepEqual(triggers[0].fields, { version: "1.2.3" });
  // The build starts only after every upload has arrived.
  assert.ok(cli.server.requests.indexOf(triggers[0]) > cli.server.requests.indexOf(uploads[2]));
  // In logs, every progress line names its file.
  assert.match(run.stderr, /app-1\.2\.3\.tar\.gz: Uploaded 3\.0 MiB in /);
  assert.match(run.stderr, /CHANGELOG\.md: Uploaded 8 B in /);
  assert.match(run.stdout, /All builds finished successfully!\n$/);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("publish --json prints one document: version and its source, uploads, and build's own document", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home, "2.0.0");
  const run = await cli.run(
    ["publish", "--json", "--package-id", "pkg", "--file", "changelog=CHANGELOG.md", ...FAST],
    {
      env: { GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v2.0.0" },
      cwd: cli.home,
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
  assert.deepEqual(cli.server.to("build_package")[0].fields, { version: "2.0.0" });
});

Deno.test("publish takes --files JSON beside --file, and a slot given twice is a usage error", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home);
  const env = cli.env();
  const ok = await cli.run([
    ...PUBLISH_P,
    "--files",
    '{"source-tarball": "dist/app-{version}.tar.gz"}',
    "--file",
    "changelog=CHANGELOG.md",
    "--no-wait",
  ], { env, cwd: cli.home });
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(
    cli.server.to("upload_file").map((request) => request.query.get("accessName")).sort(),
    ["changelog", "source-tarball"],
  );
  const before = cli.server.requests.length;
  const twice = await cli.run([
    ...PUBLISH_P,
    "--files",
    '{"changelog": "CHANGELOG.md"}',
    "--file",
    "changelog=CHANGELOG.md",
  ], { env, cwd: cli.home });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /changelog/);
  assert.equal(cli.server.requests.length, before);
});

Deno.test("publish --dry-run checks everything, prints the plan and sends nothing", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const run = await cli.run([
    "publish",
    "--dry-run",
    "--package-id",
    "p",
    "--target",
    "rpm",
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
  ], { env: { CI_COMMIT_TAG: "v1.2.3" }, cwd: cli.home });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /Would publish version 1\.2\.3 \(from CI_COMMIT_TAG\) of package p to http:/,
  );
  assert.match(run.stdout, /source-tarball +dist\/app-1\.2\.3\.tar\.gz \(3\.0 MiB\)/);
  assert.match(run.stdout, /Then build the rpm target\./);
  assert.equal(cli.server.requests.length, 0);
  // Without a token the plan is refused like the real run.
  const noToken = await runInProcess(
    ["publish", "--dry-run", "--package-id", "p", "--version", "1", "--file", "a=CHANGELOG.md"],
    { env: { ...cli.homeEnv, DISTROPACK_API_URL: cli.server.url }, cwd: cli.home },
  );
  assert.equal(noToken.code, 3);
});

Deno.test("publish checks --version as build does: trimmed, and no control characters", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const args = ["publish", "--dry-run", "--json", "--package-id", "p"];
  const file = ["--file", "source-tarball=dist/app-{version}.tar.gz"];
  const padded = await cli.run([...args, "--version", " 1.2.3 ", ...file], {
    cwd: cli.home,
  });
  assert.equal(padded.code, 0, padded.stderr);
  const document = JSON.parse(padded.stdout);
  assert.equal(document.version, "1.2.3");
  assert.equal(document.uploads[0].file, "dist/app-1.2.3.tar.gz");
  const control = await cli.run([
    "publish",
    "--package-id",
    "p",
    "--version",
    "1.2\x1b[2J",
    ...file,
  ], {
    cwd: cli.home,
  });
  assert.equal(control.code, 2, control.stderr);
  assert.match(control.stderr, /--version contains control characters/);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("publish takes the version from each CI's tag variable, dropping one v", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
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
    const run = await cli.run(
      ["publish", "--dry-run", "--json", "--package-id", "p", "--file", "a=CHANGELOG.md"],
      { env: vars, cwd: cli.home },
    );
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout);
    assert.deepEqual([document.version, document.version_source], [version, source]);
  }
  const flag = await cli.run(
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
    { env: { CI_COMMIT_TAG: "v1" }, cwd: cli.home },
  );
  assert.equal(JSON.parse(flag.stdout).version_source, "flag");
  const branch = await cli.run(
    ["publish", "--dry-run", "--package-id", "p", "--file", "a=CHANGELOG.md"],
    {
      env: { GITHUB_REF_TYPE: "branch", GITHUB_REF_NAME: "main" },
      cwd: cli.home,
    },
  );
  assert.equal(branch.code, 2);
  assert.match(branch.stderr, /--version/);
  assert.match(branch.stderr, /GITHUB_REF_NAME/);
  const notVersion = await cli.run(
    ["publish", "--dry-run", "--package-id", "p", "--file", "a=CHANGELOG.md"],
    { env: { CI_COMMIT_TAG: "vnext" }, cwd: cli.home },
  );
  assert.equal(notVersion.code, 2);
  assert.match(notVersion.stderr, /vnext/);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("publish exits 4 when a build fails and 5 when the wait times out", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home);
  cli.server.script("j-1", { status: "failed", failMessage: "bad spec" });
  const args = ["publish", "--package-id", "p", "--version", "1", "--file", "a=CHANGELOG.md"];
  const failed = await cli.run([...args, ...FAST], {
    cwd: cli.home,
  });
  assert.equal(failed.code, 4, failed.stderr);
  assert.match(failed.stdout, /Fail message: bad spec/);
  cli.server.script("j-1", "running");
  const slow = await cli.run([...args, ...FAST, "--timeout", "0.3"], {
    cwd: cli.home,
  });
  assert.equal(slow.code, 5, slow.stderr);
  assert.match(slow.stderr, /status --wait j-1/);
});

Deno.test("Ctrl-C while publish waits exits 130 with the resume command and the uploads in the document", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home);
  cli.server.script("j-1", "running");
  const stop = new AbortController();
  cli.server.waitFor((request) => request.endpoint === "build_status").then(() =>
    stop.abort("SIGINT")
  );
  const run = await cli.run(
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
    { cwd: cli.home, signal: stop.signal },
  );
  assert.equal(run.code, 130, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.uploads.length, 1);
  assert.deepEqual(document.build.job_ids, ["j-1"]);
  assert.equal(document.error.code, "interrupted");
  assert.match(document.error.message, /distropack-cli status --wait j-1/);
});
