/**
 * A matrix that fans in: each leg runs `publish --no-build` with its own files, and the job
 * that needs the legs runs `publish --build-only`, which only builds. A publish with no file
 * and no --build-only builds nothing. And `--no-summary`.
 */
import assert from "node:assert/strict";
import { githubFiles } from "./helpers/github.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];
const PUBLISH = ["publish", "--package-id", "pkg", "--version", "1.2.3"];

Deno.test("matrix legs upload with --no-build and trigger nothing; publish --build-only only builds", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/app_amd64.deb`, "amd64");
  await Deno.writeTextFile(`${cli.home}/app_arm64.deb`, "arm64");
  const github = await githubFiles(cli.home);
  const env = cli.env(github.env);
  for (const arch of ["amd64", "arm64"]) {
    const leg = await cli.run(
      [...PUBLISH, "--no-build", "--file", `deb-${arch}=app_${arch}.deb`, "--json"],
      { env, cwd: cli.home },
    );
    assert.equal(leg.code, 0, leg.stderr);
    const document = JSON.parse(leg.stdout);
    assert.equal(document.build, null);
    assert.deepEqual(document.uploads.map((upload: { ref_id: string }) => upload.ref_id), [
      `deb-${arch}`,
    ]);
    assert.match(leg.stderr, /Uploaded 1 file\(s\) to version 1\.2\.3 of package pkg; no build/);
  }
  assert.equal(cli.server.to("upload_file").length, 2);
  assert.deepEqual(cli.server.to("build_package"), []);
  assert.match(await github.output(), /^status<<.*\nuploaded\n/m);
  assert.match(await github.summary(), /### distropack-cli publish: files uploaded, no build/);

  const fanIn = await cli.run([...PUBLISH, "--build-only", ...FAST], {
    env,
    cwd: cli.home,
  });
  assert.equal(fanIn.code, 0, fanIn.stderr);
  assert.equal(cli.server.to("upload_file").length, 2, "the build-only run uploads nothing");
  assert.equal(cli.server.to("build_package").length, 1);
  assert.deepEqual(cli.server.to("build_package")[0].fields, { version: "1.2.3" });
  assert.match(await github.output(), /^status<<.*\nfinished\n/m);
});

Deno.test("publish --no-build without files is a usage error that sends nothing", async () => {
  await using cli = await fakeCli();
  const run = await cli.run([...PUBLISH, "--no-build"], {
    cwd: cli.home,
  });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /Nothing to do: --no-build with no files\. Give --file SLOT=PATH/);
  assert.deepEqual(cli.server.requests, []);
});

Deno.test("publish with no file builds nothing: it exits 2, sends nothing, and says how to build only", async (t) => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  const github = await githubFiles(cli.home);
  const env = cli.env(github.env);
  const cases: Array<[string, string[], RegExp]> = [
    ["no file flag at all", [], /^Error: No file to upload: give --file SLOT=PATH/],
    [
      "--files empty, as an unset CI variable gives it",
      ["--files", ""],
      /^Error: --files is empty/,
    ],
    ["--files only blank", ["--files", " \n\t\n"], /^Error: --files is empty/],
    [
      "--files only blank lines and comments",
      ["--files", "\n# source-tarball=app.tar.gz\n   \n  # changelog=CHANGELOG.md\n"],
      /^Error: --files names no file \(only blank lines and comments, or \{\}\)/,
    ],
    ["--files an empty JSON object", ["--files", "{ }"], /^Error: --files names no file/],
  ];
  for (const [what, args, error] of cases) {
    await t.step(what, async () => {
      const run = await cli.run([...PUBLISH, ...args, ...FAST], { env, cwd: cli.home });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, error);
      const [line, annotation, ...rest] = run.stderr.split("\n");
      assert.match(
        line,
        /to build the version from the files already on the server, without uploading, run publish --build-only \(or distropack-cli build\)\.$/,
      );
      assert.equal(annotation, line.replace(/^Error: /, "::error title=distropack-cli::"));
      assert.deepEqual(rest, [""], "one line, and its annotation");
      assert.deepEqual(cli.server.requests, []);
    });
  }
  assert.equal(await github.output(), "", "no step output says a build ran");
});

Deno.test("publish --build-only is refused beside --file, --files or --no-build, before anything is sent", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/app.tar.gz`, "tarball");
  const cases: Array<[string[], RegExp]> = [
    [
      ["--file", "source-tarball=app.tar.gz"],
      /--build-only uploads nothing, so it takes no --file:/,
    ],
    [
      ["--files", "source-tarball=app.tar.gz"],
      /--build-only uploads nothing, so it takes no --files:/,
    ],
    [["--files", ""], /--build-only uploads nothing, so it takes no --files:/],
    [["--no-build"], /--build-only and --no-build leave nothing to do/],
  ];
  for (const [args, error] of cases) {
    const run = await cli.run([...PUBLISH, "--build-only", ...args], {
      cwd: cli.home,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, error);
  }
  assert.deepEqual(cli.server.requests, []);
});

Deno.test("publish --build-only --dry-run plans the build and no upload", async () => {
  await using cli = await fakeCli();
  const run = await cli.run([...PUBLISH, "--build-only", "--dry-run", "--json"], {
    cwd: cli.home,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /no files \(--build-only\): the build uses the files already on the server/,
  );
  assert.match(run.stderr, /Then build all enabled targets\./);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(document.uploads, []);
  assert.equal(document.dry_run, true);
  assert.deepEqual(cli.server.requests, []);
});

Deno.test("publish --no-build on a branch build needs no version unless a path holds {version}", async (t) => {
  await using cli = await fakeCli();
  await Deno.writeTextFile(`${cli.home}/app_amd64.deb`, "amd64");
  await Deno.writeTextFile(`${cli.home}/app-1.2.3.tar.gz`, "tarball");
  const github = await githubFiles(cli.home);
  const env = cli.env({
    ...github.env,
    GITHUB_ACTIONS: "true",
    GITHUB_REF_TYPE: "branch",
    GITHUB_REF_NAME: "main",
  });
  const leg = ["publish", "--package-id", "pkg", "--no-build"];
  await t.step("no {version}: the file uploads, and the version is unknown", async () => {
    const run = await cli.run([...leg, "--file", "deb-amd64=app_amd64.deb", "--json"], {
      env,
      cwd: cli.home,
    });
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout);
    assert.equal(document.version, null);
    assert.equal(document.version_source, null);
    assert.equal(document.uploads.length, 1);
    assert.match(run.stderr, /Uploaded 1 file\(s\) to package pkg; no build was triggered/);
    assert.equal(cli.server.to("upload_file").length, 1);
    assert.match(await github.output(), /^status<<.*\nuploaded\n/m);
  });
  await t.step("{version} in a path: the branch build has none, a usage error", async () => {
    const run = await cli.run(
      [...leg, "--file", "source-tarball=app-{version}.tar.gz"],
      { env, cwd: cli.home },
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /No --version, and this GitHub Actions run is a branch build/);
    assert.equal(cli.server.to("upload_file").length, 1, "nothing more sent");
  });
  await t.step("a --version given is still checked", async () => {
    const run = await cli.run(
      [...leg, "--version", " ", "--file", "deb-amd64=app_amd64.deb"],
      { env, cwd: cli.home },
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--version is empty/);
    assert.equal(cli.server.to("upload_file").length, 1, "nothing more sent");
  });
  await t.step("the version from the tag is still reported when there is one", async () => {
    const tagged = { ...env, GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v1.2.3" };
    const run = await runInProcess([...leg, "--file", "deb-amd64=app_amd64.deb", "--json"], {
      env: tagged,
      cwd: cli.home,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).version, "1.2.3");
    assert.match(run.stderr, /Uploaded 1 file\(s\) to version 1\.2\.3 of package pkg/);
  });
});

Deno.test("publish --no-build --dry-run plans the uploads and no build", async () => {
  await using cli = await fakeCli();
  await Deno.writeTextFile(`${cli.home}/app.tar.gz`, "tarball");
  const run = await cli.run(
    [...PUBLISH, "--no-build", "--dry-run", "--file", "source-tarball=app.tar.gz"],
    { cwd: cli.home },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /source-tarball {2}app\.tar\.gz/);
  assert.match(run.stdout, /Then no build \(--no-build\)\./);
  assert.deepEqual(cli.server.requests, []);
});

Deno.test("publish --no-summary writes the step outputs but no step summary", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/app.tar.gz`, "tarball");
  const github = await githubFiles(cli.home);
  const args = [...PUBLISH, "--file", "source-tarball=app.tar.gz", ...FAST];
  const env = cli.env(github.env);
  const quiet = await cli.run([...args, "--no-summary"], { env, cwd: cli.home });
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(await github.summary(), "");
  assert.match(await github.output(), /^status<<.*\nfinished\n/m);
  // The same run without the switch writes one (--rebuild: built anew, not resumed as built).
  const loud = await cli.run([...args, "--rebuild"], { env, cwd: cli.home });
  assert.equal(loud.code, 0, loud.stderr);
  assert.match(await github.summary(), /### distropack-cli publish: all builds finished/);
});
