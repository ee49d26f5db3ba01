/**
 * What `publish` is told to send: `--files` as JSON or slot=path lines, one
 * rule for slot names everywhere, every bad file in one error, and versions
 * from CI tags that say where a bad one came from.
 */
import assert from "node:assert/strict";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { type TempDir, tempHome } from "./helpers/temp.ts";

type Home = TempDir & { env: Record<string, string> };

async function withFiles(home: Home): Promise<void> {
  await Deno.mkdir(`${home.path}/dist`);
  await Deno.writeTextFile(`${home.path}/dist/app.tar.gz`, "tarball");
  await Deno.writeTextFile(`${home.path}/CHANGELOG.md`, "changes");
}

/** `publish --dry-run --json` of version 1.0 to package p, with `args` after. */
function dryRun(server: FakeServer, home: Home, args: string[], env: Record<string, string> = {}) {
  return runInProcess(["publish", "--dry-run", "--json", "--package-id", "p", ...args], {
    env: apiEnv(server, home, env),
    cwd: home.path,
  });
}

function planned(stdout: string): string[][] {
  const document = JSON.parse(stdout);
  return document.uploads.map((upload: { ref_id: string; file: string }) => [
    upload.ref_id,
    upload.file,
  ]);
}

Deno.test("--files takes slot=path lines: blank lines and # comments skipped, spaces trimmed", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const lines =
    "\n# the release\n  source-tarball = dist/app.tar.gz \r\n\nchangelog=CHANGELOG.md\n";
  const run = await dryRun(server, home, ["--version", "1.0", "--files", lines]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(planned(run.stdout), [
    ["source-tarball", "dist/app.tar.gz"],
    ["changelog", "CHANGELOG.md"],
  ]);
  const json = await dryRun(server, home, [
    "--version",
    "1.0",
    "--files",
    '\n  {"source-tarball": "dist/app.tar.gz"}\n',
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(planned(json.stdout), [["source-tarball", "dist/app.tar.gz"]]);
  assert.equal(server.requests.length, 0);
});

Deno.test("a blank --files counts as none: beside --file it adds nothing, alone it is a usage error", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const blank = await dryRun(server, home, ["--version", "1.0", "--files", " \n "]);
  assert.equal(blank.code, 2, blank.stderr);
  assert.match(blank.stderr, /--files is empty .*publish --build-only/);
  assert.equal(server.requests.length, 0);
  const withFile = await dryRun(server, home, [
    "--version",
    "1",
    "--files",
    "",
    "--file",
    "a=CHANGELOG.md",
  ]);
  assert.equal(withFile.code, 0, withFile.stderr);
  assert.deepEqual(planned(withFile.stdout), [["a", "CHANGELOG.md"]]);
});

Deno.test("a --files line that is not slot=path is one usage error naming the line", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const cases: Array<[string, RegExp]> = [
    ["source-tarball=dist/app.tar.gz\n\nchangelog\n", /--files line 3 \("changelog"\) is not/],
    ["# slots\n=dist/app.tar.gz", /--files line 2: the slot name is empty/],
    ["a =  ", /--files line 1 \("a ="\) is not slot=path/],
    ["a b = dist/app.tar.gz", /--files line 1: the slot name "a b" contains white space/],
  ];
  for (const [files, expected] of cases) {
    const run = await dryRun(server, home, ["--version", "1.0", "--files", files]);
    assert.equal(run.code, 2, files);
    assert.match(JSON.parse(run.stdout).error.message, expected);
    assert.equal(run.stderr.split("\n").length, 2, "one line");
  }
  assert.equal(server.requests.length, 0);
});

Deno.test("a slot repeated inside --files is a usage error, in JSON as in lines", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const json = await dryRun(server, home, [
    "--version",
    "1.0",
    "--files",
    '{"a": "dist/app.tar.gz", "b": {"a": 1}, "a": "CHANGELOG.md"}',
  ]);
  assert.equal(json.code, 2);
  assert.match(json.stderr, /--files names the slot a more than once/);
  const escaped = await dryRun(server, home, [
    "--version",
    "1.0",
    "--files",
    '{"a\\u0062": "dist/app.tar.gz", "ab" : "CHANGELOG.md"}',
  ]);
  assert.equal(escaped.code, 2);
  assert.match(escaped.stderr, /names the slot ab more than once/);
  const lines = await dryRun(server, home, [
    "--version",
    "1.0",
    "--files",
    "a=dist/app.tar.gz\na = CHANGELOG.md",
  ]);
  assert.equal(lines.code, 2);
  assert.match(lines.stderr, /The slot a is given more than one file/);
  assert.equal(server.requests.length, 0);
});

Deno.test("one rule for slot names: upload, --file, --files JSON and lines refuse the same", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const env = apiEnv(server, home, { DISTROPACK_PACKAGE_ID: "p" });
  for (const slot of ["a b", "a\tb", "a\x1bb", ""]) {
    const runs = [
      await runInProcess(["upload", "--ref-id", slot, "--file", "CHANGELOG.md"], {
        env,
        cwd: home.path,
      }),
      await dryRun(server, home, ["--version", "1", "--file", `${slot}=CHANGELOG.md`]),
      await dryRun(server, home, [
        "--version",
        "1",
        "--files",
        `{${JSON.stringify(slot)}: "CHANGELOG.md"}`,
      ]),
      await dryRun(server, home, ["--version", "1", "--files", `${slot} = CHANGELOG.md`]),
    ];
    for (const run of runs) {
      assert.equal(run.code, 2, JSON.stringify(slot));
      assert.match(run.stderr, /the slot name (is empty|".*" contains white space)/, run.stderr);
    }
  }
  // White space around a slot's name is dropped everywhere.
  const upload = await runInProcess(
    ["upload", "--ref-id", " changelog ", "--file", "CHANGELOG.md"],
    {
      env,
      cwd: home.path,
    },
  );
  assert.equal(upload.code, 0, upload.stderr);
  assert.equal(server.requests[0].query.get("accessName"), "changelog");
  const publish = await dryRun(server, home, [
    "--version",
    "1",
    "--file",
    " changelog =CHANGELOG.md",
    "--files",
    '{" source-tarball ": "dist/app.tar.gz"}',
  ]);
  assert.equal(publish.code, 0, publish.stderr);
  assert.deepEqual(planned(publish.stdout).map(([slot]) => slot), ["changelog", "source-tarball"]);
  assert.equal(server.requests.length, 1);
});

Deno.test("on Windows a glob written with backslashes matches, shown as written", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  await Deno.writeTextFile(`${home.path}/dist/app-1.0.zip`, "zip");
  const run = await runInProcess(
    ["publish", "--dry-run", "--json", "--package-id", "p", "--version", "1.0"].concat(
      ["--file", "zip=dist\\app-*.zip", "--file", "src=dist\\*.tar.gz"],
    ),
    {
      env: apiEnv(server, home),
      cwd: home.path,
      os: "windows",
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(planned(run.stdout), [["zip", "dist\\app-1.0.zip"], [
    "src",
    "dist\\app.tar.gz",
  ]]);
  assert.equal(server.requests.length, 0);
});

Deno.test("a missing path and a pattern matching nothing end alike (exit 1), named in one error", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const missing = await dryRun(server, home, ["--version", "1", "--file", "a=dist/gone.tar.gz"]);
  const unmatched = await dryRun(server, home, ["--version", "1", "--file", "a=dist/*.rpm"]);
  assert.equal(missing.code, 1, missing.stderr);
  assert.equal(unmatched.code, missing.code, unmatched.stderr);
  const both = await dryRun(server, home, [
    "--version",
    "1",
    "--file",
    "rpm=dist/*.rpm",
    "--file",
    "src=dist/gone.tar.gz",
    "--file",
    "log=CHANGELOG.md",
  ]);
  assert.equal(both.code, 1);
  assert.equal(
    JSON.parse(both.stdout).error.message,
    "Cannot upload 2 files: dist/*.rpm (rpm): the pattern matches no file; " +
      "dist/gone.tar.gz (src): not found. " +
      "Check the paths given to --file or --files; a pattern must match exactly one file.",
  );
  assert.equal(both.stderr.split("\n").length, 2, "one line");
  assert.equal(server.requests.length, 0);
});

Deno.test("a branch build without --version says it is a branch build and what to do", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const cases: Array<[Record<string, string>, RegExp]> = [
    [
      { GITHUB_REF_TYPE: "branch", GITHUB_REF_NAME: "main" },
      /this GitHub Actions run is a branch build, not a tag build \(GITHUB_REF_TYPE=branch, GITHUB_REF_NAME=main\)/,
    ],
    [
      { BUILD_SOURCEBRANCH: "refs/heads/release/1.x" },
      /this Azure Pipelines run is a branch build, not a tag build \(BUILD_SOURCEBRANCH=refs\/heads\/release\/1\.x\)/,
    ],
    [
      { TRAVIS_TAG: "" },
      /this Travis CI run is a branch build, not a tag build \(TRAVIS_TAG is empty\)/,
    ],
  ];
  for (const [vars, expected] of cases) {
    const run = await dryRun(server, home, ["--file", "a=CHANGELOG.md"], vars);
    assert.equal(run.code, 2);
    const { message } = JSON.parse(run.stdout).error;
    assert.match(message, expected);
    assert.match(message, /Pass --version VERSION, or run this step only when a tag is pushed\./);
    assert.doesNotMatch(message, /CI_COMMIT_TAG|CIRCLE_TAG|TAG_NAME/, "no list of variables");
  }
  assert.equal(server.requests.length, 0);
});

Deno.test("a CI tag that is not a usable version names its variable, not --version", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  await withFiles(home);
  const cases: Array<[string, RegExp]> = [
    ["v1.0\x1b[2J", /"v1\.0\\x1b\[2J" \(GITHUB_REF_NAME, GitHub Actions\) contains control/],
    [`v1.${"0".repeat(300)}`, /\(GITHUB_REF_NAME, GitHub Actions\) is 302 characters long/],
  ];
  for (const [tag, expected] of cases) {
    const run = await dryRun(server, home, ["--file", "a=CHANGELOG.md"], {
      GITHUB_REF_TYPE: "tag",
      GITHUB_REF_NAME: tag,
    });
    assert.equal(run.code, 2);
    const { message } = JSON.parse(run.stdout).error;
    assert.match(message, expected);
    assert.doesNotMatch(message, /^--version/);
    assert.ok(!message.includes("\x1b"));
    assert.ok(message.length < 300, message);
  }
  assert.equal(server.requests.length, 0);
});

Deno.test("--version v1.2.3 is sent with its v and says so; a tag v1.2.3 builds 1.2.3 without a note", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await withFiles(home);
  const NOTE = "Note: --version v1.2.3 is sent as given, with its v (a tag v1.2.3 gives 1.2.3); " +
    "pass --version 1.2.3 to build 1.2.3.\n";
  const cases: Array<
    { args: string[]; env?: Record<string, string>; sent: string; note: boolean }
  > = [
    { args: ["build", "--version", "v1.2.3"], sent: "v1.2.3", note: true },
    {
      args: ["publish", "--version", "v1.2.3", "--file", "a=CHANGELOG.md"],
      sent: "v1.2.3",
      note: true,
    },
    { args: ["build", "--version", "1.2.3"], sent: "1.2.3", note: false },
    // 1.2.3 again, built anew (--rebuild) rather than resumed as built by the case above.
    {
      args: ["build", "--rebuild"],
      env: { CI_COMMIT_TAG: "v1.2.3" },
      sent: "1.2.3",
      note: false,
    },
  ];
  for (const { args, env = {}, sent, note } of cases) {
    server.requests.length = 0;
    const run = await runInProcess([...args, "--package-id", "p", "--interval", "0.05"], {
      env: apiEnv(server, home, env),
      cwd: home.path,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(server.to("build_package").map((request) => request.fields.version), [sent]);
    assert.equal(run.stderr.includes(NOTE), note, `${args.join(" ")}\n${run.stderr}`);
  }
  const quiet = await runInProcess(["build", "-q", "--version", "v1.2.3", "--package-id", "p"], {
    env: apiEnv(server, home),
  });
  assert.equal(quiet.stderr, "");
});
