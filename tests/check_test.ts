/**
 * `check`: what publish would do, checked with publish's own code, sending
 * nothing that changes the server. With --no-build and --build-only:
 * check_build_modes_test.ts.
 */
import assert from "node:assert/strict";
import { apiEnv, FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";
import { PROBE_JOB_ID } from "../src/commands/check.ts";
import { CHECK_REFERENCE } from "../src/commands/check_reference.ts";
import { configLocation } from "../src/settings/paths.ts";

/** A release directory: a tarball named by version and a changelog. */
async function release(dir: string) {
  await Deno.mkdir(`${dir}/dist`);
  await Deno.writeTextFile(`${dir}/dist/app-1.2.3.tar.gz`, "tarball");
  await Deno.writeTextFile(`${dir}/CHANGELOG.md`, "# 1.2.3\n");
}

const FILES = [
  "--file",
  "source-tarball=dist/app-{version}.tar.gz",
  "--file",
  "changelog=CHANGELOG.md",
];
const CHECK_P = ["check", "--package-id", "p", "--version", "1.2.3", ...FILES];

/** What changes the server: any upload or build trigger. */
function changes(server: FakeServer) {
  return server.requests.filter((request) => request.endpoint !== "build_status");
}

Deno.test("check passes a good release, and asks the server only the status of a job id no job has", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(CHECK_P, { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests.length, 1);
  const [probe] = server.requests;
  assert.equal(probe.method, "GET");
  assert.equal(probe.endpoint, "build_status");
  assert.equal(probe.query.get("jobIds"), PROBE_JOB_ID);
  assert.match(run.stdout, /ok +files +source-tarball +dist\/app-1\.2\.3\.tar\.gz \(7 B\)/);
  assert.match(
    run.stdout,
    /ok +token +set \(DISTROPACK_API_TOKEN\), well formed, accepted by the server/,
  );
  assert.match(run.stdout, /Ready to publish\./);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("check --offline makes no request at all, and still checks the token's presence", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const ok = await runInProcess([...CHECK_P, "--offline", "--json"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(ok.code, 0, ok.stderr);
  const document = JSON.parse(ok.stdout);
  assert.equal(document.ready, true);
  assert.equal(document.offline, true);
  assert.deepEqual(document.token, { source: "env", accepted: null });
  const noToken = await runInProcess([...CHECK_P, "--offline"], {
    env: { ...home.env, DISTROPACK_API_URL: server.url },
    cwd: home.path,
  });
  assert.equal(noToken.code, 3, noToken.stderr);
  assert.match(noToken.stderr, /Error: API token not set/);
  assert.equal(server.requests.length, 0);
});

Deno.test("check with a token the server refuses (401 or 403) exits 3, as publish would", async () => {
  for (const status of [401, 403]) {
    await using home = await tempHome();
    await using server = FakeServer.start();
    await release(home.path);
    if (status === 403) server.plan("build_status", { status: 403, body: "Forbidden" });
    const env = status === 401
      ? apiEnv(server, home, { DISTROPACK_API_TOKEN: "dp_revoked-0123456789abcdef" })
      : apiEnv(server, home);
    const run = await runInProcess([...CHECK_P, "--json", "--debug"], { env, cwd: home.path });
    assert.equal(run.code, 3, `${status}: ${run.stderr}`);
    const document = JSON.parse(run.stdout);
    assert.equal(document.ready, false);
    assert.equal(document.token.accepted, false);
    assert.equal(document.error.code, "auth");
    assert.deepEqual(document.problems.map((problem: { check: string }) => problem.check), [
      "token",
    ]);
    assert.equal(changes(server).length, 0);
    assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
    assert.ok(!run.stderr.includes("dp_revoked"));
  }
});

Deno.test("check names every bad path in one error and exits as publish does, sending nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const bad = [
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
    "--file",
    "rpm=dist/*.rpm",
    "--file",
    "changelog=CHANGES.md",
  ];
  const argv = ["--package-id", "p", "--version", "1.2.3", ...bad];
  const check = await runInProcess(["check", ...argv], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(changes(server).length, 0);
  const publish = await runInProcess(["publish", ...argv], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(changes(server).length, 0);
  assert.equal(check.code, 1, check.stderr);
  assert.equal(check.code, publish.code);
  const said = publish.stderr.match(/Error: (Cannot upload .*)/)?.[1];
  assert.ok(said, publish.stderr);
  assert.ok(check.stderr.includes(said), check.stderr);
  assert.match(
    said,
    /dist\/\*\.rpm \(rpm\): the pattern matches no file; CHANGES\.md \(changelog\)/,
  );
  assert.match(check.stdout, /FAIL +files/);
});

Deno.test("check lists every problem at once and exits with the code of the first publish meets", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(
    ["check", "--json", "--file", "deb=dist/*.deb", "--file", "changelog=CHANGELOG.md"],
    {
      env: apiEnv(server, home, { DISTROPACK_API_TOKEN: "dp_wrong-0123456789abcdef" }),
      cwd: home.path,
    },
  );
  assert.equal(run.code, 2, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(
    document.problems.map((p: { check: string; exit_code: number }) => [p.check, p.exit_code]),
    [["package id", 2], ["version", 2], ["files", 1], ["token", 3]],
  );
  assert.equal(document.error.code, "usage");
  assert.match(document.error.message, /^4 problems; publish would stop at the first \(exit 2\):/);
  for (const what of ["No package id", "No version given", "dist/\\*\\.deb", "Unauthorized"]) {
    assert.match(document.error.message, new RegExp(what));
  }
  assert.equal(changes(server).length, 0);
});

Deno.test("check takes the version from the CI's tag, and checks {version} paths with it", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(["check", "--json", "--package-id", "p", ...FILES], {
    env: apiEnv(server, home, { GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v1.2.3" }),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.version, "1.2.3");
  assert.equal(document.version_source, "GITHUB_REF_NAME");
  assert.equal(document.packages.length, 1);
  assert.equal(document.packages[0].package_id, "p");
  assert.deepEqual(document.packages[0].files, [
    { ref_id: "source-tarball", file: "dist/app-1.2.3.tar.gz", bytes: 7 },
    { ref_id: "changelog", file: "CHANGELOG.md", bytes: 8 },
  ]);
  assert.deepEqual(document.token, { source: "env", accepted: true });
});

Deno.test("check without a version leaves {version} paths unchecked and says so, checking the rest", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(
    ["check", "--package-id", "p", ...FILES, "--file", "gone=missing.txt"],
    { env: apiEnv(server, home), cwd: home.path },
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stdout, /-- +files +not checked without a version: source-tarball/);
  assert.match(run.stderr, /missing\.txt \(gone\): not found/);
});

Deno.test("check reports a server that answers neither yes nor no as the server's problem, exit 1", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  server.plan("build_status", { status: 404, body: "Not found" });
  const run = await runInProcess([...CHECK_P, "--json"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.token.accepted, null);
  assert.deepEqual(document.problems.map((p: { check: string }) => p.check), ["server"]);
  assert.equal(document.error.code, "api");
});

Deno.test("check refuses what publish refuses on the command line: no file at all", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const run = await runInProcess(["check", "--package-id", "p", "--version", "1.0.0"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /No file to upload: give --file SLOT=PATH/);
});

Deno.test("check's page lists exactly the environment variables check reads", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const read = new Set<string>();
  const github = { GITHUB_ACTIONS: "true", GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v1.2.3" };
  // The tag of the last CI the version resolver asks, so it asks them all.
  const api = apiEnv(server, home, { TAG_NAME: "1.2.3", DISTROPACK_PACKAGE_ID: "p" });
  for (const env of [api, { ...api, ...github }]) {
    const recording = new Proxy(env, {
      get(target, name) {
        if (typeof name === "string") read.add(name);
        return target[name as string];
      },
    });
    const run = await runInProcess(["check", ...FILES], { env: recording, cwd: home.path });
    assert.equal(run.code, 0, run.stderr);
  }
  // A manifest's package_id_env: only DISTROPACK_PACKAGE_ID_* names can be read.
  await Deno.writeTextFile(
    `${home.path}/distropack.toml`,
    'package_id_env = "DISTROPACK_PACKAGE_ID_APP"\n[files]\nchangelog = "CHANGELOG.md"\n',
  );
  const withVariable: Record<string, string> = {
    ...api,
    DISTROPACK_PACKAGE_ID: "",
    DISTROPACK_PACKAGE_ID_APP: "p",
  };
  const run = await runInProcess(["check"], {
    env: new Proxy(withVariable, {
      get(target, name) {
        if (typeof name === "string") {
          read.add(name.startsWith("DISTROPACK_PACKAGE_ID_") ? "DISTROPACK_PACKAGE_ID_*" : name);
        }
        return target[name as string];
      },
    }),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  for (const os of ["linux", "darwin", "windows"] as const) {
    configLocation({ os, env: (name) => void read.add(name), cwd: "/", exists: () => false });
  }
  assert.deepEqual([...read].sort(), [...CHECK_REFERENCE.environment ?? []].sort());
});
