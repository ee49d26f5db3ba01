import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { envFromRecord } from "../settings/env.ts";
import { lineOf } from "./lines.ts";
import { type LoadedManifest, loadManifest, resolvePackages, selectPackages } from "./load.ts";
import { parseManifest } from "./manifest.ts";

const TWO = `# two packages
[packages.cli]
package_id = "id-cli"
target = "deb"

[packages.cli.files]
source-tarball = "dist/cli-{version}.tar.gz"
changelog = "CHANGELOG.md"

[packages.daemon]
package_id_env = "DISTROPACK_PACKAGE_ID_DAEMON"
files = { deb-binary = "dist/daemon_{version}_amd64.deb" }
`;

async function refused(text: string, pattern: RegExp): Promise<void> {
  await assert.rejects(parseManifest(text, "distropack.toml"), (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

Deno.test("a manifest without tables is one package", async () => {
  const manifest = await parseManifest(
    'package_id = "p1"\n[files]\nsource-tarball = "dist/a-{version}.tar.gz"\n',
    "distropack.toml",
  );
  assert.deepEqual(manifest.packages, [{
    name: "default",
    id: { kind: "literal", value: "p1" },
    files: [{ refId: "source-tarball", pattern: "dist/a-{version}.tar.gz" }],
    line: 1,
  }]);
});

Deno.test("a manifest lists packages by table, with ids, variables, targets and files", async () => {
  const manifest = await parseManifest(TWO, "distropack.toml");
  assert.deepEqual(manifest.packages.map((pkg) => [pkg.name, pkg.id, pkg.target, pkg.line]), [
    ["cli", { kind: "literal", value: "id-cli" }, "deb", 2],
    ["daemon", { kind: "variable", name: "DISTROPACK_PACKAGE_ID_DAEMON" }, undefined, 10],
  ]);
  assert.deepEqual(manifest.packages[0].files.map((spec) => spec.refId), [
    "source-tarball",
    "changelog",
  ]);
  assert.deepEqual(manifest.packages[1].files, [
    { refId: "deb-binary", pattern: "dist/daemon_{version}_amd64.deb" },
  ]);
});

Deno.test("an unknown key names the file, the line and the closest key", async () => {
  await refused(
    TWO.replace("[packages.cli.files]", "[packages.cli.fils]"),
    /^distropack\.toml:6: unknown key 'fils' in \[packages\.cli\] \(did you mean files\?\)/,
  );
  await refused(
    'pakage_id = "x"\n[files]\na = "b"\n',
    /^distropack\.toml:1: .*did you mean package_id/,
  );
});

Deno.test("a slot given twice, a package without files and bad TOML are refused with their line", async () => {
  await refused(
    '[files]\nchangelog = "a"\n" changelog" = "b"\n',
    /^distropack\.toml:3: the slot changelog of the package default is given twice/,
  );
  await refused(
    '[packages.a]\npackage_id = "x"\n[packages.b]\npackage_id = "y"\n[packages.b.files]\nc = "d"\n',
    /^distropack\.toml:1: the package a has no files: add a \[packages\.a\.files\] table/,
  );
  await refused('[files]\na = "b"\na = "c"\n', /^distropack\.toml:3: not valid TOML/);
  await refused("[files]\n", /the package default has no files: its \[files\] table is empty/);
  await refused("# nothing\n", /lists no package/);
});

Deno.test("ids, variables, targets and names are checked", async () => {
  await refused(
    'package_id = "a"\npackage_id_env = "DISTROPACK_PACKAGE_ID_A"\n[files]\nx = "y"\n',
    /^distropack\.toml:2: give package_id or package_id_env, not both/,
  );
  await refused(
    'package_id_env = "AWS_SECRET_ACCESS_KEY"\n[files]\nx = "y"\n',
    /package_id_env \('AWS_SECRET_ACCESS_KEY'\) must name a variable DISTROPACK_PACKAGE_ID_<NAME>/,
  );
  await refused('target = "DEB"\n[files]\nx = "y"\n', /:1: target 'DEB': .*lower case/);
  await refused('package_id = "  "\n[files]\nx = "y"\n', /:1: package_id must be the id/);
  await refused(
    '[packages."a b"]\nfiles = { x = "y" }\n',
    /:1: the package name 'a b' is not a name/,
  );
  await refused(
    'package_id = "a"\n[packages.b]\nfiles = { x = "y" }\n',
    /:1: 'package_id' is outside any \[packages\.NAME\] table/,
  );
  await refused("[files]\nx = 3\n", /:2: the path of slot x must be a non-empty string/);
});

Deno.test("lineOf finds keys under headers, dotted keys and quoted names", () => {
  const text = '[packages."my app"]\nfiles.deb = "x"\n[packages.b.files]\ndeb = "y"\n';
  assert.equal(lineOf(text, ["packages", "my app", "files", "deb"]), 2);
  assert.equal(lineOf(text, ["packages", "b", "files", "deb"]), 4);
  assert.equal(lineOf(text, ["packages", "b", "target"]), 3);
  assert.equal(lineOf(text, ["nothing"]), 1);
});

function loaded(text = TWO): Promise<LoadedManifest> {
  return parseManifest(text, "distropack.toml").then((manifest) => ({
    ...manifest,
    dir: "/repo",
    from: "default" as const,
  }));
}

Deno.test("--package picks packages, and an unknown one is refused with the closest name", async () => {
  const manifest = await loaded();
  assert.deepEqual(selectPackages(manifest, ["daemon"]).map((pkg) => pkg.name), ["daemon"]);
  assert.deepEqual(selectPackages(manifest, []).map((pkg) => pkg.name), ["cli", "daemon"]);
  assert.throws(
    () => selectPackages(manifest, ["deamon"]),
    /has no such package \(did you mean daemon\?\)/,
  );
});

Deno.test("ids come from the flag, then DISTROPACK_PACKAGE_ID, then the manifest", async () => {
  const manifest = await loaded();
  const base = { names: ["cli"], files: [], cwd: "/work" };
  const id = (input: Partial<Parameters<typeof resolvePackages>[1]>, env = {}) =>
    resolvePackages(manifest, { ...base, env: envFromRecord(env), ...input }).map((
      pkg,
    ) => [pkg.packageId, pkg.idSource]);
  assert.deepEqual(id({}), [["id-cli", "manifest"]]);
  assert.deepEqual(id({}, { DISTROPACK_PACKAGE_ID: "env" }), [["env", "DISTROPACK_PACKAGE_ID"]]);
  assert.deepEqual(id({ packageId: "flag" }, { DISTROPACK_PACKAGE_ID: "env" }), [[
    "flag",
    "--package-id",
  ]]);
  assert.deepEqual(id({ names: ["daemon"] }, { DISTROPACK_PACKAGE_ID_DAEMON: " d1 " }), [[
    "d1",
    "DISTROPACK_PACKAGE_ID_DAEMON",
  ]]);
  assert.throws(() => id({ names: ["daemon"] }), /DISTROPACK_PACKAGE_ID_DAEMON .*which is not set/);
});

Deno.test("--file replaces the manifest's file for its slot; with several packages it is refused", async () => {
  const manifest = await loaded();
  const env = envFromRecord({ DISTROPACK_PACKAGE_ID_DAEMON: "d1" });
  const [cli] = resolvePackages(manifest, {
    names: ["cli"],
    files: [{ refId: "changelog", pattern: "NEWS.md" }],
    env,
    cwd: "/work",
  });
  assert.deepEqual(cli.files, [
    { refId: "source-tarball", pattern: "dist/cli-{version}.tar.gz", dir: "/repo" },
    { refId: "changelog", pattern: "NEWS.md", dir: "/work" },
  ]);
  assert.equal(cli.target, "deb");
  const all = { names: [], env, cwd: "/work" };
  assert.equal(resolvePackages(manifest, { ...all, files: [] }).length, 2);
  assert.throws(
    () => resolvePackages(manifest, { ...all, files: [{ refId: "a", pattern: "b" }] }),
    /--file and --files name files of one package, but this run publishes 2 .*--package NAME/,
  );
  assert.throws(
    () => resolvePackages(manifest, { ...all, files: [], packageId: "x" }),
    /--package-id names one package/,
  );
  assert.throws(
    () =>
      resolvePackages(manifest, {
        ...all,
        files: [],
        env: envFromRecord({ DISTROPACK_PACKAGE_ID: "x" }),
      }),
    /DISTROPACK_PACKAGE_ID is set: .*unset DISTROPACK_PACKAGE_ID/,
  );
});

Deno.test("without a manifest: one package from the flags, and --package is refused", () => {
  const input = { names: [], files: [{ refId: "a", pattern: "b" }], cwd: "/w" };
  assert.deepEqual(
    resolvePackages(undefined, { ...input, env: envFromRecord({ DISTROPACK_PACKAGE_ID: "p" }) }),
    [{
      name: "default",
      packageId: "p",
      idSource: "DISTROPACK_PACKAGE_ID",
      files: [{ refId: "a", pattern: "b", dir: "/w" }],
    }],
  );
  assert.throws(
    () => resolvePackages(undefined, { ...input, names: ["x"], env: envFromRecord({}) }),
    /--package x picks a package from a manifest, and there is none/,
  );
});

Deno.test("loadManifest reads --manifest, then DISTROPACK_MANIFEST, then distropack.toml", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const os = Deno.build.os;
    const none = envFromRecord({});
    assert.equal(await loadManifest({ env: none, cwd: dir, os }), undefined);
    await Deno.mkdir(`${dir}/sub`);
    await Deno.writeTextFile(`${dir}/sub/release.toml`, 'package_id = "s"\n[files]\na = "b"\n');
    await Deno.writeTextFile(`${dir}/distropack.toml`, TWO);
    const found = await loadManifest({ env: none, cwd: dir, os });
    assert.equal(found?.from, "default");
    assert.equal(found?.packages.length, 2);
    assert.equal(found?.dir, dir);
    const env = envFromRecord({ DISTROPACK_MANIFEST: "sub/release.toml" });
    const fromEnv = await loadManifest({ env, cwd: dir, os });
    assert.deepEqual([fromEnv?.from, fromEnv?.dir, fromEnv?.path], [
      "DISTROPACK_MANIFEST",
      `${dir}/sub`,
      "sub/release.toml",
    ]);
    const fromFlag = await loadManifest({ flag: "distropack.toml", env, cwd: dir, os });
    assert.equal(fromFlag?.from, "--manifest");
    await assert.rejects(
      loadManifest({ flag: "missing.toml", env: none, cwd: dir, os }),
      /Cannot read the manifest missing\.toml \(from --manifest\): no such file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
