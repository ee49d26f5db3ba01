/** `check --no-build` and `check --build-only` check what publish does with the same options. */
import assert from "node:assert/strict";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";

/** A release directory: a tarball named by version and a changelog. */
async function release(dir: string) {
  await Deno.mkdir(`${dir}/dist`);
  await Deno.writeTextFile(`${dir}/dist/app-1.2.3.tar.gz`, "tarball");
  await Deno.writeTextFile(`${dir}/CHANGELOG.md`, "# 1.2.3\n");
}

/** What changes the server: any upload or build trigger. */
function changes(server: FakeServer) {
  return server.requests.filter((request) => request.endpoint !== "build_status");
}

Deno.test("check --no-build checks a matrix leg as publish --no-build runs it: no version needed without {version}", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const env = apiEnv(server, home, { DISTROPACK_PACKAGE_ID: "p" });
  const leg = ["--no-build", "--file", "changelog=CHANGELOG.md"];
  const check = await runInProcess(["check", "--json", ...leg], { env, cwd: home.path });
  assert.equal(check.code, 0, check.stderr);
  const document = JSON.parse(check.stdout);
  assert.equal(document.version, null);
  assert.equal(document.packages[0].target, null);
  // A {version} path needs it, as publish --no-build does.
  const withVersion = ["check", "--no-build", "--file", "t=dist/app-{version}.tar.gz"];
  const needs = await runInProcess(withVersion, { env, cwd: home.path });
  const publish = await runInProcess(["publish", ...withVersion.slice(1)], { env, cwd: home.path });
  assert.equal(needs.code, 2, needs.stderr);
  assert.equal(publish.code, needs.code);
  assert.match(needs.stderr, /No version given and no CI tag found/);
  assert.equal(changes(server).length, 0);
});

Deno.test("check --build-only checks the version, package id and token, and refuses files as publish does", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const env = apiEnv(server, home, { DISTROPACK_PACKAGE_ID: "p" });
  const ok = await runInProcess(["check", "--build-only", "--version", "1.2.3"], {
    env,
    cwd: home.path,
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /-- +files +none: --build-only builds from those on the server/);
  const files = ["--build-only", "--version", "1.2.3", "--file", "a=b"];
  const check = await runInProcess(["check", ...files], { env, cwd: home.path });
  const publish = await runInProcess(["publish", ...files], { env, cwd: home.path });
  assert.equal(check.code, 2);
  assert.equal(publish.code, 2);
  const said = publish.stderr.match(/Error: (.*)/)?.[1];
  assert.ok(said && check.stderr.includes(said), check.stderr);
  assert.equal(changes(server).length, 0);
});

Deno.test("check --build-only with any version and id tries only the token, as troubleshooting shows", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const argv = ["check", "--build-only", "--version", "0", "--package-id", "any"];
  const accepted = await runInProcess(argv, { env: apiEnv(server, home), cwd: home.path });
  assert.equal(accepted.code, 0, accepted.stderr);
  const refused = await runInProcess(argv, {
    env: apiEnv(server, home, { DISTROPACK_API_TOKEN: "dp_revoked-0123456789abcdef" }),
    cwd: home.path,
  });
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /Unauthorized: the server refused the API token \(HTTP 401\)/);
  assert.deepEqual(server.requests.map((request) => request.endpoint), [
    "build_status",
    "build_status",
  ]);
});
