/** `check` with a release manifest: every package, `--manifest`, `--package`. */
import assert from "node:assert/strict";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { manifestText } from "./helpers/manifest.ts";
import { tempHome } from "./helpers/temp.ts";
import { CHECK_REFERENCE } from "../src/commands/check_reference.ts";

const TWO = manifestText({
  cli: {
    id: "id-cli",
    target: "deb",
    files: { "source-tarball": "dist/cli-{version}.tar.gz", changelog: "CHANGELOG.md" },
  },
  daemon: {
    id: { env: "DISTROPACK_PACKAGE_ID_DAEMON" },
    files: {
      "deb-binary": "dist/daemon_{version}_amd64.deb",
      "rpm-binary": "dist/daemon-{version}.x86_64.rpm",
    },
  },
});

/** A release of two packages of two files each, with its manifest, in `dir`. */
async function release(dir: string, manifest = TWO) {
  await Deno.mkdir(`${dir}/dist`, { recursive: true });
  for (const name of ["cli-1.2.3.tar.gz", "daemon_1.2.3_amd64.deb", "daemon-1.2.3.x86_64.rpm"]) {
    await Deno.writeTextFile(`${dir}/dist/${name}`, name);
  }
  await Deno.writeTextFile(`${dir}/CHANGELOG.md`, "# 1.2.3\n");
  await Deno.writeTextFile(`${dir}/distropack.toml`, manifest);
}

const ENV = { DISTROPACK_PACKAGE_ID_DAEMON: "id-daemon" };

interface CheckedPackage {
  name: string;
  package_id: string | null;
  package_id_source: string | null;
  target: string | null;
  files: Array<{ ref_id: string; file: string }>;
}

Deno.test("check reads distropack.toml and checks every file of every package", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(["check", "--json", "--version", "1.2.3"], {
    env: apiEnv(server, home, ENV),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.manifest, "distropack.toml");
  assert.deepEqual(
    document.packages.map((pkg: CheckedPackage) => [
      pkg.name,
      pkg.package_id,
      pkg.package_id_source,
      pkg.target,
      pkg.files.map((file) => `${file.ref_id}=${file.file}`),
    ]),
    [
      ["cli", "id-cli", "manifest", "deb", [
        "source-tarball=dist/cli-1.2.3.tar.gz",
        "changelog=CHANGELOG.md",
      ]],
      ["daemon", "id-daemon", "DISTROPACK_PACKAGE_ID_DAEMON", null, [
        "deb-binary=dist/daemon_1.2.3_amd64.deb",
        "rpm-binary=dist/daemon-1.2.3.x86_64.rpm",
      ]],
    ],
  );
  // Only the token's read-only probe was sent.
  assert.deepEqual(server.requests.map((request) => request.endpoint), ["build_status"]);
});

Deno.test("check names the problems of every package in one error, and still checks the files of a package without its id", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  await Deno.remove(`${home.path}/CHANGELOG.md`);
  await Deno.remove(`${home.path}/dist/daemon-1.2.3.x86_64.rpm`);
  const run = await runInProcess(["check", "--json", "--version", "1.2.3"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  const document = JSON.parse(run.stdout);
  assert.deepEqual(
    document.problems.map((problem: { check: string; exit_code: number }) => [
      problem.check,
      problem.exit_code,
    ]),
    [["package id (daemon)", 2], ["files (cli)", 1], ["files (daemon)", 1]],
  );
  // publish would stop at the first: the missing id, a usage error.
  assert.equal(run.code, 2, run.stderr);
  assert.match(document.error.message, /DISTROPACK_PACKAGE_ID_DAEMON/);
  assert.match(document.error.message, /CHANGELOG\.md \(changelog\): not found/);
  assert.match(
    document.error.message,
    /dist\/daemon-1\.2\.3\.x86_64\.rpm \(rpm-binary\): not found/,
  );
  assert.equal(server.to("upload_file").length + server.to("build_package").length, 0);
});

Deno.test("check --package checks only the packages named, and names the closest to an unknown one", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  await Deno.remove(`${home.path}/dist/daemon_1.2.3_amd64.deb`);
  const cli = await runInProcess(["check", "--json", "--version", "1.2.3", "--package", "cli"], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(JSON.parse(cli.stdout).packages.map((pkg: CheckedPackage) => pkg.name), [
    "cli",
  ]);
  const typo = await runInProcess(["check", "--version", "1.2.3", "--package", "deamon"], {
    env: apiEnv(server, home, ENV),
    cwd: home.path,
  });
  assert.equal(typo.code, 2, typo.stderr);
  assert.match(
    typo.stderr,
    /--package deamon: distropack\.toml has no such package \(did you mean daemon\?\)/,
  );
});

Deno.test("check --manifest reads a manifest elsewhere, its paths relative to its own directory", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await Deno.mkdir(`${home.path}/release`);
  await release(`${home.path}/release`);
  const run = await runInProcess(
    ["check", "--offline", "--version", "1.2.3", "--manifest", "release/distropack.toml"],
    { env: apiEnv(server, home, ENV), cwd: home.path },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /ok +manifest +release\/distropack\.toml \(from --manifest\): cli, daemon/,
  );
  assert.match(run.stdout, /ok +files \(daemon\) +rpm-binary +dist\/daemon-1\.2\.3\.x86_64\.rpm/);
  assert.equal(server.requests.length, 0);
});

Deno.test("check refuses a bad manifest with its file and line, exit 2", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path, TWO.replace("target = ", "targt = "));
  const run = await runInProcess(["check", "--offline", "--version", "1.2.3"], {
    env: apiEnv(server, home, ENV),
    cwd: home.path,
  });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /Error: distropack\.toml:3: .*targt.*target/);
  const named = await runInProcess(
    ["check", "--offline", "--version", "1.2.3", "--manifest", "nowhere.toml"],
    { env: apiEnv(server, home, ENV), cwd: home.path },
  );
  assert.equal(named.code, 2, named.stderr);
  assert.match(
    named.stderr,
    /Cannot read the manifest nowhere\.toml \(from --manifest\): no such file/,
  );
  assert.equal(server.requests.length, 0);
});

Deno.test("check refuses --package-id with several packages, as it names one", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const run = await runInProcess(
    ["check", "--offline", "--version", "1.2.3", "--package-id", "x"],
    { env: apiEnv(server, home, ENV), cwd: home.path },
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /--package-id names one package, but this run publishes 2/);
  // With one package picked, the flag wins over the manifest.
  const one = await runInProcess(
    ["check", "--json", "--offline", "--version", "1.2.3", "--package-id", "x", "--package", "cli"],
    { env: apiEnv(server, home, ENV), cwd: home.path },
  );
  assert.equal(one.code, 0, one.stderr);
  const [cli] = JSON.parse(one.stdout).packages;
  assert.equal(cli.package_id, "x");
  assert.equal(cli.package_id_source, "--package-id");
});

/** `a`, `a.b`, `list[].c`: the names of every field of a document, as the declarations write them. */
function fieldNames(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => fieldNames(item, `${prefix}[]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, field]) => {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    return [name, ...fieldNames(field, name)];
  });
}

Deno.test("check's --json document holds exactly the fields its reference declares", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await release(home.path);
  const declared = new Set(CHECK_REFERENCE.document?.map((field) => field.name));
  const seen = new Set<string>();
  // One run that passes, one with a problem (the problems' fields), both with a manifest.
  for (const env of [apiEnv(server, home, ENV), apiEnv(server, home)]) {
    const run = await runInProcess(["check", "--json", "--version", "1.2.3"], {
      env,
      cwd: home.path,
    });
    for (const name of fieldNames(JSON.parse(run.stdout))) {
      if (name === "error" || name.startsWith("error.")) continue;
      assert.ok(declared.has(name), `check prints ${name}, which is not declared`);
      seen.add(name);
    }
  }
  assert.deepEqual([...declared].filter((name) => !seen.has(name)), []);
});

Deno.test("check and publish with a manifest end with the same exit code, and check sends nothing", async () => {
  const scenarios: Array<
    { what: string; env: Record<string, string>; remove?: string; code: number }
  > = [
    { what: "a path that matches nothing", env: ENV, remove: "CHANGELOG.md", code: 1 },
    { what: "an id variable not set, and a bad path", env: {}, remove: "CHANGELOG.md", code: 2 },
    {
      what: "a refused token",
      env: { ...ENV, DISTROPACK_API_TOKEN: "dp_revoked-0123456789" },
      code: 3,
    },
  ];
  for (const { what, env, remove, code } of scenarios) {
    await using home = await tempHome();
    await using server = FakeServer.start();
    await release(home.path);
    if (remove) await Deno.remove(`${home.path}/${remove}`);
    const options = { env: apiEnv(server, home, env), cwd: home.path };
    const check = await runInProcess(["check", "--version", "1.2.3"], options);
    assert.equal(check.code, code, `${what}: ${check.stderr}`);
    assert.deepEqual(
      server.requests.map((request) => request.endpoint).filter((e) => e !== "build_status"),
      [],
    );
    const publish = await runInProcess(
      ["publish", "--version", "1.2.3", "--interval", "0.05"],
      options,
    );
    assert.equal(publish.code, check.code, `${what}: ${publish.stderr}`);
  }
});
