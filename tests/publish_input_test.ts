/**
 * What `publish` is told to send: `--files` as JSON or slot=path lines, one
 * rule for slot names everywhere, every bad file in one error, and versions
 * from CI tags that say where a bad one came from. A version written with its
 * v: version_prefix_test.ts.
 */
import assert from "node:assert/strict";
import type { FakeServerOptions } from "./helpers/fake_server.ts";
import { type FakeCli, fakeCli } from "./helpers/cli.ts";

/** A fake CLI whose home holds dist/app.tar.gz and CHANGELOG.md, the working directory of its runs. */
async function withFiles(server: FakeServerOptions = {}): Promise<FakeCli> {
  const cli = await fakeCli(server);
  await Deno.mkdir(`${cli.home}/dist`);
  await Deno.writeTextFile(`${cli.home}/dist/app.tar.gz`, "tarball");
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "changes");
  return cli;
}

/** `publish --dry-run --json` to package p, with `args` after. */
function dryRun(cli: FakeCli, args: string[], env: Record<string, string> = {}) {
  return cli.run(["publish", "--dry-run", "--json", "--package-id", "p", ...args], {
    env,
    cwd: cli.home,
  });
}

function planned(stdout: string): string[][] {
  const document = JSON.parse(stdout);
  return document.uploads.map((upload: { ref_id: string; file: string }) => [
    upload.ref_id,
    upload.file,
  ]);
}

/** A publish the CLI refuses before sending anything: one error, one line. */
interface Refusal {
  title: string;
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** What the error's message says: each pattern matches, a string is the whole message. */
  says: Array<RegExp | string>;
  saysNot?: RegExp[];
}

const BRANCH_ADVICE = /Pass --version VERSION, or run this step only when a tag is pushed\./;
const NO_VARIABLE_LIST = /CI_COMMIT_TAG|CIRCLE_TAG|TAG_NAME/;

const REFUSALS: Refusal[] = [
  ...([
    ["source-tarball=dist/app.tar.gz\n\nchangelog\n", /--files line 3 \("changelog"\) is not/],
    ["# slots\n=dist/app.tar.gz", /--files line 2: the slot name is empty/],
    ["a =  ", /--files line 1 \("a ="\) is not slot=path/],
    ["a b = dist/app.tar.gz", /--files line 1: the slot name "a b" contains white space/],
  ] as const).map(([files, says]): Refusal => ({
    title: `a --files line that is not slot=path is one usage error naming the line: ${
      JSON.stringify(files)
    }`,
    args: ["--version", "1.0", "--files", files],
    code: 2,
    says: [says],
  })),
  ...([
    [
      "JSON",
      '{"a": "dist/app.tar.gz", "b": {"a": 1}, "a": "CHANGELOG.md"}',
      /--files names the slot a more than once/,
    ],
    [
      "JSON, escaped",
      '{"a\\u0062": "dist/app.tar.gz", "ab" : "CHANGELOG.md"}',
      /names the slot ab more than once/,
    ],
    ["lines", "a=dist/app.tar.gz\na = CHANGELOG.md", /The slot a is given more than one file/],
  ] as const).map(([how, files, says]): Refusal => ({
    title: `a slot repeated inside --files is a usage error: ${how}`,
    args: ["--version", "1.0", "--files", files],
    code: 2,
    says: [says],
  })),
  {
    title: "a blank --files alone is a usage error",
    args: ["--version", "1.0", "--files", " \n "],
    code: 2,
    says: [/--files is empty .*publish --build-only/],
  },
  {
    title: "a missing path ends with exit 1, named",
    args: ["--version", "1", "--file", "a=dist/gone.tar.gz"],
    code: 1,
    says: [/dist\/gone\.tar\.gz \(a\): not found/],
  },
  {
    title: "a pattern matching nothing ends as a missing path does (exit 1), named",
    args: ["--version", "1", "--file", "a=dist/*.rpm"],
    code: 1,
    says: [/dist\/\*\.rpm \(a\): the pattern matches no file/],
  },
  {
    title: "a missing path and a pattern matching nothing are named in one error",
    args: [
      "--version",
      "1",
      "--file",
      "rpm=dist/*.rpm",
      "--file",
      "src=dist/gone.tar.gz",
      "--file",
      "log=CHANGELOG.md",
    ],
    code: 1,
    says: [
      "Cannot upload 2 files: dist/*.rpm (rpm): the pattern matches no file; " +
      "dist/gone.tar.gz (src): not found. " +
      "Check the paths given to --file or --files; a pattern must match exactly one file.",
    ],
  },
  ...([
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
  ] as const).map(([env, says]): Refusal => ({
    title: `a branch build without --version says it is a branch build and what to do: ${
      Object.keys(env).join(", ")
    }`,
    args: ["--file", "a=CHANGELOG.md"],
    env,
    code: 2,
    says: [says, BRANCH_ADVICE],
    saysNot: [NO_VARIABLE_LIST],
  })),
  ...([
    ["v1.0\x1b[2J", /"v1\.0\\x1b\[2J" \(GITHUB_REF_NAME, GitHub Actions\) contains control/],
    [`v1.${"0".repeat(300)}`, /\(GITHUB_REF_NAME, GitHub Actions\) is 302 characters long/],
  ] as const).map(([tag, says]): Refusal => ({
    title: `a CI tag that is not a usable version names its variable, not --version: ${
      JSON.stringify(tag.slice(0, 12))
    }`,
    args: ["--file", "a=CHANGELOG.md"],
    env: { GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: tag },
    code: 2,
    says: [says],
    saysNot: [/^--version/, /\p{Cc}/u, /^.{300}/s],
  })),
];

for (const refusal of REFUSALS) {
  Deno.test(`publish refuses: ${refusal.title}`, async () => {
    await using cli = await withFiles();
    const run = await dryRun(cli, refusal.args, refusal.env);
    assert.equal(run.code, refusal.code, run.stderr);
    const { message } = JSON.parse(run.stdout).error;
    for (const says of refusal.says) {
      if (typeof says === "string") assert.equal(message, says);
      else assert.match(message, says);
    }
    for (const saysNot of refusal.saysNot ?? []) assert.doesNotMatch(message, saysNot);
    assert.equal(run.stderr.split("\n").length, 2, `one line: ${run.stderr}`);
    for (const says of refusal.says) {
      if (typeof says !== "string") assert.match(run.stderr, says);
    }
    assert.equal(cli.server.requests.length, 0);
  });
}

Deno.test("--files takes slot=path lines: blank lines and # comments skipped, spaces trimmed", async () => {
  await using cli = await withFiles();
  const lines =
    "\n# the release\n  source-tarball = dist/app.tar.gz \r\n\nchangelog=CHANGELOG.md\n";
  const run = await dryRun(cli, ["--version", "1.0", "--files", lines]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(planned(run.stdout), [
    ["source-tarball", "dist/app.tar.gz"],
    ["changelog", "CHANGELOG.md"],
  ]);
  const json = await dryRun(cli, [
    "--version",
    "1.0",
    "--files",
    '\n  {"source-tarball": "dist/app.tar.gz"}\n',
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(planned(json.stdout), [["source-tarball", "dist/app.tar.gz"]]);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("a blank --files beside --file adds nothing", async () => {
  await using cli = await withFiles();
  const withFile = await dryRun(cli, ["--version", "1", "--files", "", "--file", "a=CHANGELOG.md"]);
  assert.equal(withFile.code, 0, withFile.stderr);
  assert.deepEqual(planned(withFile.stdout), [["a", "CHANGELOG.md"]]);
});

Deno.test("one rule for slot names: upload, --file, --files JSON and lines refuse the same", async () => {
  await using cli = await withFiles();
  const env = { DISTROPACK_PACKAGE_ID: "p" };
  for (const slot of ["a b", "a\tb", "a\x1bb", ""]) {
    const runs = [
      await cli.run(["upload", "--ref-id", slot, "--file", "CHANGELOG.md"], {
        env,
        cwd: cli.home,
      }),
      await dryRun(cli, ["--version", "1", "--file", `${slot}=CHANGELOG.md`]),
      await dryRun(cli, [
        "--version",
        "1",
        "--files",
        `{${JSON.stringify(slot)}: "CHANGELOG.md"}`,
      ]),
      await dryRun(cli, ["--version", "1", "--files", `${slot} = CHANGELOG.md`]),
    ];
    for (const run of runs) {
      assert.equal(run.code, 2, JSON.stringify(slot));
      assert.match(run.stderr, /the slot name (is empty|".*" contains white space)/, run.stderr);
    }
  }
  // White space around a slot's name is dropped everywhere.
  const upload = await cli.run(
    ["upload", "--ref-id", " changelog ", "--file", "CHANGELOG.md"],
    {
      env,
      cwd: cli.home,
    },
  );
  assert.equal(upload.code, 0, upload.stderr);
  assert.equal(cli.server.requests[0].query.get("accessName"), "changelog");
  const publish = await dryRun(cli, [
    "--version",
    "1",
    "--file",
    " changelog =CHANGELOG.md",
    "--files",
    '{" source-tarball ": "dist/app.tar.gz"}',
  ]);
  assert.equal(publish.code, 0, publish.stderr);
  assert.deepEqual(planned(publish.stdout).map(([slot]) => slot), ["changelog", "source-tarball"]);
  assert.equal(cli.server.requests.length, 1);
});

Deno.test("on Windows a glob written with backslashes matches, shown as written", async () => {
  await using cli = await withFiles();
  await Deno.writeTextFile(`${cli.home}/dist/app-1.0.zip`, "zip");
  const run = await cli.run(
    ["publish", "--dry-run", "--json", "--package-id", "p", "--version", "1.0"].concat(
      ["--file", "zip=dist\\app-*.zip", "--file", "src=dist\\*.tar.gz"],
    ),
    {
      cwd: cli.home,
      os: "windows",
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(planned(run.stdout), [["zip", "dist\\app-1.0.zip"], [
    "src",
    "dist\\app.tar.gz",
  ]]);
  assert.equal(cli.server.requests.length, 0);
});
