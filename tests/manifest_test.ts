/**
 * `publish` with a release manifest (distropack.toml): several packages in
 * one run, checked whole before anything is sent, one trigger each, one wait,
 * one document and the worst exit code. What wins over the manifest, what a
 * run prints and reads: manifest_choices_test.ts.
 */
import assert from "node:assert/strict";
import { apiEnv } from "./helpers/fake_server.ts";
import { githubFiles } from "./helpers/github.ts";
import { runInProcess } from "./helpers/in_process.ts";
import {
  DAEMON_ID,
  PUBLISH_RELEASE,
  TWO_PACKAGES,
  twoPackageServer,
  writeRelease,
} from "./helpers/manifest.ts";
import { tempHome } from "./helpers/temp.ts";

const PUBLISH = PUBLISH_RELEASE;
const MANIFEST = TWO_PACKAGES;
const DAEMON = DAEMON_ID;

Deno.test("2 packages x 2 slots: 4 uploads, 2 triggers, one wait and one document", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const run = await runInProcess([...PUBLISH, "--json"], {
    env: apiEnv(server, home, DAEMON),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  const uploads = server.to("upload_file").map((r) =>
    `${r.query.get("packageId")}/${r.query.get("accessName")}`
  );
  assert.deepEqual(uploads.sort(), [
    "pkg-cli/changelog",
    "pkg-cli/source-tarball",
    "pkg-daemon/changelog",
    "pkg-daemon/source-tarball",
  ]);
  assert.deepEqual(server.to("build_package").map((r) => r.query.get("packageId")), ["pkg-cli"]);
  const single = server.to("build_package_single");
  assert.deepEqual(single.map((r) => [r.query.get("packageId"), r.query.get("distroType")]), [
    ["pkg-daemon", "deb"],
  ]);
  // One wait: every poll asks about the jobs of both packages.
  for (const poll of server.to("build_status")) {
    assert.deepEqual(poll.query.get("jobIds")?.split(","), ["cli-deb", "cli-rpm", "daemon-deb"]);
  }
  const document = JSON.parse(run.stdout);
  assert.equal(document.version, "1.2.3");
  assert.deepEqual(
    document.packages.map((pkg: Record<string, unknown>) => [pkg.name, pkg.package_id]),
    [["cli", "pkg-cli"], ["daemon", "pkg-daemon"]],
  );
  assert.equal(document.packages[1].package_id_source, "DISTROPACK_PACKAGE_ID_DAEMON");
  assert.deepEqual(document.packages[0].build.job_ids, ["cli-deb", "cli-rpm"]);
  assert.deepEqual(document.packages[1].build.job_ids, ["daemon-deb"]);
  assert.equal(document.packages[0].uploads.length, 2);
});

Deno.test("the worst exit code wins, and the failing package is named", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  server.script("daemon-deb", { status: "failed", failMessage: "dpkg-deb failed" });
  await writeRelease(home.path, MANIFEST);
  const github = await githubFiles(home.path);
  const run = await runInProcess([...PUBLISH, "--json"], {
    env: apiEnv(server, home, { ...DAEMON, ...github.env }),
    cwd: home.path,
  });
  assert.equal(run.code, 4, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.packages[0].error, null);
  assert.equal(document.packages[1].error.code, "build_failed");
  assert.equal(document.error.exit_code, 4);
  assert.match(document.error.message, /^Package daemon: 1 of 1 build job failed/);
  const summary = await github.summary();
  assert.match(summary, /daemon/);
  assert.match(run.stderr, /::error.*daemon: deb.*failed: dpkg-deb failed/);
});

Deno.test("a package whose upload failed is not built; the others are", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  server.refusedSlots.add("changelog");
  await writeRelease(
    home.path,
    MANIFEST.replace(
      'changelog = "CHANGELOG.md"\n\n[packages.daemon]',
      'notes = "CHANGELOG.md"\n\n[packages.daemon]',
    ),
  );
  const run = await runInProcess([...PUBLISH, "--json"], {
    env: apiEnv(server, home, DAEMON),
    cwd: home.path,
  });
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(server.to("build_package").map((r) => r.query.get("packageId")), ["pkg-cli"]);
  assert.deepEqual(server.to("build_package_single"), []);
  const document = JSON.parse(run.stdout);
  assert.equal(document.packages[1].build, null);
  assert.match(document.packages[1].error.message, /Could not upload CHANGELOG\.md/);
  assert.deepEqual(document.packages[0].build.job_ids, ["cli-deb", "cli-rpm"]);
});

Deno.test("a bad path in either package sends nothing, and every bad path is named", async () => {
  for (const missing of ["dist/cli-1.2.3.tar.gz", "dist/daemon-1.2.3.tar.gz"]) {
    await using home = await tempHome();
    await using server = twoPackageServer();
    await writeRelease(home.path, MANIFEST);
    await Deno.remove(`${home.path}/${missing}`);
    const run = await runInProcess(PUBLISH, {
      env: apiEnv(server, home, DAEMON),
      cwd: home.path,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, new RegExp(`Cannot upload .*${missing.replace(/\./g, "\\.")}`));
    assert.match(run.stderr, /Nothing was sent/);
    assert.deepEqual(server.requests, []);
  }
});

Deno.test("a bad manifest is one usage error with the file, line and closest key, sending nothing", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST.replace("target =", "traget ="));
  const run = await runInProcess(PUBLISH, { env: apiEnv(server, home, DAEMON), cwd: home.path });
  assert.equal(run.code, 2);
  assert.match(
    run.stderr,
    /distropack\.toml:10: unknown key 'traget' in \[packages\.daemon\] \(did you mean target\?\)/,
  );
  assert.deepEqual(server.requests, []);
});

Deno.test("--build-only builds each package from the files on the server; --no-build only uploads", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const env = apiEnv(server, home, DAEMON);
  const built = await runInProcess([...PUBLISH, "--build-only"], { env, cwd: home.path });
  assert.equal(built.code, 0, built.stderr);
  assert.deepEqual(server.to("upload_file"), []);
  assert.equal(server.to("build_package").length + server.to("build_package_single").length, 2);
  const uploaded = await runInProcess([...PUBLISH, "--no-build", "--json"], {
    env,
    cwd: home.path,
  });
  assert.equal(uploaded.code, 0, uploaded.stderr);
  assert.equal(server.to("upload_file").length, 4);
  assert.equal(server.to("build_package").length + server.to("build_package_single").length, 2);
  const document = JSON.parse(uploaded.stdout);
  assert.deepEqual(document.packages.map((pkg: { build: unknown }) => pkg.build), [null, null]);
});

Deno.test("the GitHub summary and the GitLab log sections name the packages", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const github = await githubFiles(home.path);
  const run = await runInProcess(PUBLISH, {
    env: apiEnv(server, home, { ...DAEMON, ...github.env }),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  const summary = await github.summary();
  for (const name of ["cli (pkg-cli)", "daemon (pkg-daemon)", "cli: changelog", "daemon: deb"]) {
    assert.ok(summary.includes(name), `${name} not in:\n${summary}`);
  }
  const gitlab = await runInProcess(PUBLISH, {
    env: apiEnv(server, home, { ...DAEMON, CI: "true", GITLAB_CI: "true" }),
    cwd: home.path,
  });
  assert.equal(gitlab.code, 0, gitlab.stderr);
  assert.match(
    gitlab.stderr,
    /section_start:\d+:distropack_uploads[^\n]*Uploading the release files of cli, daemon/,
  );
});

Deno.test("a refused token stops every package's uploads and exits 3, triggering nothing", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const wrong = "dp_wrong_token_0123456789abcdef";
  const run = await runInProcess([...PUBLISH, "--json", "--concurrency", "1"], {
    env: apiEnv(server, home, { ...DAEMON, DISTROPACK_API_TOKEN: wrong }),
    cwd: home.path,
  });
  assert.equal(run.code, 3, run.stderr);
  assert.equal(server.to("upload_file").length, 1, "the first refusal cancels the rest");
  assert.deepEqual(server.requests.filter((r) => r.endpoint.startsWith("build")), []);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(
    document.packages.map((pkg: { error: { code: string } }) => pkg.error.code),
    ["auth", "auth"],
  );
  assert.ok(!run.stdout.includes(wrong) && !run.stderr.includes(wrong));
});

Deno.test("--no-wait starts one build per package and says how to follow them", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const run = await runInProcess([...PUBLISH, "--no-wait"], {
    env: apiEnv(server, home, DAEMON),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(server.to("build_status"), []);
  assert.match(run.stdout, /Package cli \(pkg-cli\):\n {2}cli-deb\n {2}cli-rpm\n/);
  assert.match(run.stderr, /Follow the builds with: distropack-cli status --wait daemon-deb/);
});
