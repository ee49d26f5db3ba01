/**
 * `publish` with a release manifest: which packages and which file
 * (--package, --manifest, DISTROPACK_MANIFEST), what wins over the manifest,
 * the plan --dry-run prints, the --json fields a run prints and the
 * variables it reads.
 */
import assert from "node:assert/strict";
import { apiEnv } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import {
  DAEMON_ID,
  PUBLISH_RELEASE,
  TWO_PACKAGES,
  twoPackageServer,
  writeRelease,
} from "./helpers/manifest.ts";
import { tempHome } from "./helpers/temp.ts";
import { RELEASE_FIELDS } from "../src/commands/documents.ts";
import { publishCommand } from "../src/commands/publish.ts";

const FAST = ["--interval", "0.05"];
const PUBLISH = PUBLISH_RELEASE;
const MANIFEST = TWO_PACKAGES;
const DAEMON = DAEMON_ID;

Deno.test("--package picks packages; --manifest and DISTROPACK_MANIFEST name the file", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  await Deno.rename(`${home.path}/distropack.toml`, `${home.path}/release.toml`);
  const env = apiEnv(server, home, DAEMON);
  const picked = await runInProcess(
    [...PUBLISH, "--manifest", "release.toml", "--package", "daemon"],
    { env, cwd: home.path },
  );
  assert.equal(picked.code, 0, picked.stderr);
  assert.deepEqual(server.to("build_package"), []);
  assert.equal(server.to("build_package_single").length, 1);
  const fromEnv = await runInProcess([...PUBLISH, "--package", "cli", "--dry-run", "--json"], {
    env: { ...env, DISTROPACK_MANIFEST: "release.toml" },
    cwd: home.path,
  });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.deepEqual(JSON.parse(fromEnv.stdout).packages.map((p: { name: string }) => p.name), [
    "cli",
  ]);
  const typo = await runInProcess(
    [...PUBLISH, "--manifest", "release.toml", "--package", "demon"],
    {
      env,
      cwd: home.path,
    },
  );
  assert.equal(typo.code, 2);
  assert.match(
    typo.stderr,
    /--package demon: release\.toml has no such package \(did you mean daemon\?\)/,
  );
});

Deno.test("precedence: --package-id over DISTROPACK_PACKAGE_ID over the manifest; --file over its slot", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  await Deno.writeTextFile(`${home.path}/NEWS.md`, "news");
  const env = apiEnv(server, home, DAEMON);
  const ids = async (args: string[], extra: Record<string, string> = {}) => {
    const run = await runInProcess(
      [...PUBLISH, "--package", "cli", "--dry-run", "--json", ...args],
      {
        env: { ...env, ...extra },
        cwd: home.path,
      },
    );
    assert.equal(run.code, 0, run.stderr);
    const [pkg] = JSON.parse(run.stdout).packages;
    return [
      pkg.package_id,
      pkg.package_id_source,
      pkg.uploads.map((u: { file: string }) => u.file),
    ];
  };
  assert.deepEqual(await ids([]), ["pkg-cli", "manifest", [
    "dist/cli-1.2.3.tar.gz",
    "CHANGELOG.md",
  ]]);
  assert.deepEqual((await ids([], { DISTROPACK_PACKAGE_ID: "env-id" })).slice(0, 2), [
    "env-id",
    "DISTROPACK_PACKAGE_ID",
  ]);
  assert.deepEqual(
    (await ids(["--package-id", "flag-id"], { DISTROPACK_PACKAGE_ID: "env-id" })).slice(0, 2),
    ["flag-id", "--package-id"],
  );
  assert.deepEqual((await ids(["--file", "changelog=NEWS.md"]))[2], [
    "dist/cli-1.2.3.tar.gz",
    "NEWS.md",
  ]);
  // The same flag for a run of both packages names one package: refused.
  const both = await runInProcess([...PUBLISH, "--package-id", "x"], { env, cwd: home.path });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--package-id names one package, but this run publishes 2/);
  assert.deepEqual(server.requests, []);
});

Deno.test("--dry-run prints the whole plan and sends nothing", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const run = await runInProcess([...PUBLISH, "--dry-run"], {
    env: apiEnv(server, home, DAEMON),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Would publish version 1\.2\.3 \(from --version\) of 2 package\(s\)/);
  assert.match(run.stdout, /cli \(pkg-cli, id from manifest\):\n {4}source-tarball/);
  assert.match(run.stdout, /daemon \(pkg-daemon, id from DISTROPACK_PACKAGE_ID_DAEMON\)/);
  assert.match(run.stdout, /then build the deb target/);
  assert.deepEqual(server.requests, []);
});

Deno.test("a package id variable the manifest names and the environment lacks is a usage error", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const run = await runInProcess(PUBLISH, { env: apiEnv(server, home), cwd: home.path });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /DISTROPACK_PACKAGE_ID_DAEMON \(package_id_env in distropack\.toml\)/);
  assert.deepEqual(server.requests, []);
});

/** `a`, `a.b`, `list[].c`: every field name of a document. */
function fieldNames(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => fieldNames(item, `${prefix}[]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, field]) => {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    return [name, ...fieldNames(field, name)];
  });
}

Deno.test("a manifest run prints the --json fields its page declares, and every one of them", async () => {
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
  const declared = new Set(RELEASE_FIELDS.map((field) => field.name));
  const seen = new Set<string>();
  const env = apiEnv(server, home, DAEMON);
  for (const argv of [[...PUBLISH, "--json"], [...PUBLISH, "--json", "--dry-run"]]) {
    const run = await runInProcess(argv, { env, cwd: home.path });
    for (const name of fieldNames(JSON.parse(run.stdout))) {
      if (name === "error" || name.startsWith("error.")) continue;
      assert.ok(declared.has(name), `prints ${name}, which is not declared`);
      seen.add(name);
    }
  }
  assert.deepEqual([...declared].filter((name) => !seen.has(name)), []);
});

Deno.test("a manifest run reads publish's variables and the package id variable it names, no others", async () => {
  await using home = await tempHome();
  await using server = twoPackageServer();
  await writeRelease(home.path, MANIFEST);
  const read = new Set<string>();
  const env = new Proxy(apiEnv(server, home, { ...DAEMON, TAG_NAME: "1.2.3" }), {
    get(target, name) {
      if (typeof name === "string") read.add(name);
      return target[name as string];
    },
  });
  const run = await runInProcess(["publish", ...FAST], { env, cwd: home.path });
  assert.equal(run.code, 0, run.stderr);
  const listed: readonly string[] = publishCommand.reference?.environment ?? [];
  const extra = [...read].filter((name) => !listed.includes(name));
  assert.deepEqual(extra, ["DISTROPACK_PACKAGE_ID_DAEMON"]);
  assert.ok(listed.includes("DISTROPACK_MANIFEST"));
});
