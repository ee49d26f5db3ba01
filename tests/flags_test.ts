/** The command line as the parser reads it: options given twice, negative values, usage lines. */
import assert from "node:assert/strict";
import { isGroup, type Node, type OptionDef } from "../src/cli/define.ts";
import { GLOBAL_OPTIONS } from "../src/commands/options.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

Deno.test("a single-value option given twice is a usage error naming it, and nothing is sent", async () => {
  await using cli = await fakeCli();
  await Deno.writeTextFile(`${cli.home}/app.tar.gz`, "tarball");
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "changes");
  const env = cli.env({ DISTROPACK_PACKAGE_ID: "p" });
  const cases: Array<[string[], RegExp]> = [
    [
      ["upload", "--ref-id", "source-tarball", "--file", "app.tar.gz", "--file", "CHANGELOG.md"],
      /option '--file <path>' given more than once/,
    ],
    [["upload", "--ref-id", "a", "--ref-id=b", "--file", "app.tar.gz"], /'--ref-id <slot>'/],
    [["build", "--version", "1.0", "--target", "deb", "--target", "rpm"], /'--target <target>'/],
    [["build", "--version", "1.0", "--version", "2.0"], /'--version <version>'/],
    [
      ["publish", "--version", "1", "--file", "a=app.tar.gz", "--files", "", "--files", ""],
      /--files/,
    ],
    [["--config", "a.toml", "config", "show", "--config", "b.toml"], /'--config <path>'/],
  ];
  for (const [argv, option] of cases) {
    const run = await cli.run(argv, { env, cwd: cli.home });
    assert.equal(run.code, 2, `${argv.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, option, argv.join(" "));
    assert.match(run.stderr, /given more than once; it takes one value/);
    assert.equal(run.stderr.split("\n").length, 2, "one line");
  }
  const json = await cli.run(["build", "--json", "--target", "deb", "--target", "rpm"], {
    env,
  });
  assert.equal(JSON.parse(json.stdout).error.exit_code, 2);
  assert.deepEqual(cli.server.requests, []);
});

Deno.test("an option declared repeatable takes every value it is given", async () => {
  await using cli = await fakeCli();
  await Deno.writeTextFile(`${cli.home}/a.txt`, "a");
  await Deno.writeTextFile(`${cli.home}/b.txt`, "b");
  const run = await cli.run(
    ["publish", "--json", "--dry-run", "--version", "1", "--file", "a=a.txt", "--file", "b=b.txt"],
    { env: { DISTROPACK_PACKAGE_ID: "p" }, cwd: cli.home },
  );
  assert.equal(run.code, 0, run.stderr);
  const uploads = JSON.parse(run.stdout).uploads.map((upload: { ref_id: string }) => upload.ref_id);
  assert.deepEqual(uploads, ["a", "b"]);
});

Deno.test("a value that looks like a negative number is a value, refused for what it is", async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ["--interval", "-1"],
      /'--interval <seconds>' argument '-1' is invalid\. Use a number .*above 0/,
    ],
    [
      ["--interval", "0"],
      /'--interval <seconds>' argument '0' is invalid\. Use a number .*above 0/,
    ],
    [["--interval", "-.5"], /argument '-\.5' is invalid/],
    [
      ["--timeout", "-5m"],
      /'--timeout <duration>' argument '-5m' is invalid\. .*cannot be negative/,
    ],
    [["--timeout=-1"], /argument '-1' is invalid\. .*cannot be negative/],
  ];
  for (const [flags, expected] of cases) {
    const run = await runInProcess(["status", "--wait", ...flags, "j-1"]);
    assert.equal(run.code, 2, flags.join(" "));
    assert.match(run.stderr, expected, run.stderr);
    assert.doesNotMatch(run.stderr, /argument missing/);
  }
});

Deno.test("config show -qq is as quiet as -q: the parser alone reads the flags", async () => {
  await using home = await tempHome();
  const loud = await runInProcess(["config", "show"], { env: home.env });
  assert.match(loud.stderr, /config set-token/, "the note -q hides");
  for (const quiet of [["-q"], ["-qq"], ["-q", "--quiet"], ["--quiet"]]) {
    const run = await runInProcess(["config", "show", ...quiet], { env: home.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "", quiet.join(" "));
    assert.equal(run.stdout, loud.stdout);
  }
});

Deno.test("--json after -- is an argument, not the output mode, also in a usage error", async () => {
  const run = await runInProcess(["status", "--nope", "--", "--json"]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^Error: unknown option '--nope'/);
  const json = await runInProcess(["status", "--json", "--nope"]);
  assert.equal(JSON.parse(json.stdout).error.code, "usage");
});

async function help(argv: string[]): Promise<string> {
  const run = await runInProcess([...argv, "--help"]);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

Deno.test("usage lines name the options that must be given", async () => {
  assert.match(
    await help(["upload"]),
    /^Usage: distropack-cli upload --ref-id <slot> --file <path> \[options\]\n/,
  );
  const publish = await help(["publish"]);
  // With --build-only, publish only builds (the job a matrix fans in to): no file option is
  // required by the usage line.
  assert.match(publish, /^Usage: distropack-cli publish \[options\]\n/);
  assert.match(
    publish,
    /--no-build +upload the files and trigger no build \(a matrix leg; the\s+job that needs the legs then runs publish --build-only\)/,
  );
  assert.match(publish, /--build-only +upload nothing: build the version from the files/);
  assert.match(publish, /--file <slot=path> .*\n(.*\n)*? *.*\(repeatable\)/);
  assert.match(await help(["status"]), /<job-id\.\.\.> +the job ids .*\n +comma-separated/);
  // A group's list keeps to name, [options] and arguments: one long usage line
  // would push every summary of the list to the right.
  const root = await help([]);
  assert.match(root, /^ {2}upload \[options\] +upload a release file/m);
  assert.match(root, /^ {2}config \[options\] \[command\] {5}show and change/m);
  const upload = await runInProcess(["upload", "--file", "x"]);
  assert.equal(upload.code, 2);
  assert.match(upload.stderr, /required option '--ref-id <slot>' not specified/);
  const publishNothing = await runInProcess([
    "publish",
    ...["--package-id", "p", "--version", "1", "--no-build"],
  ]);
  assert.equal(publishNothing.code, 2);
  assert.match(publishNothing.stderr, /Nothing to do: --no-build with no files\./);
});

Deno.test("help examples quote every glob, so the shell leaves it to the CLI", async () => {
  const commands: string[][] = [];
  const walk = (node: Node, path: string[]) => {
    if (isGroup(node)) { for (const sub of node.commands) walk(sub, [...path, sub.name]); }
    else commands.push(path);
  };
  walk(COMMAND_TREE, []);
  let globs = 0;
  for (const path of commands) {
    for (const line of (await help(path)).split("\n").filter((l) => l.startsWith("  $ "))) {
      // Words outside quotes, before any comment.
      const bare = line.replace(/'[^']*'|"[^"]*"/g, "''").replace(/\s#.*$/, "");
      assert.doesNotMatch(bare, /[*?[]/, line);
      if (/[*?]/.test(line)) globs++;
    }
  }
  assert.ok(globs > 0, "some example has a glob");
});

Deno.test("a flag given a value is a usage error naming it, wherever it stands, and nothing is sent", async () => {
  await using cli = await fakeCli();
  const env = cli.env({ DISTROPACK_PACKAGE_ID: "p" });
  const commands: Array<{ words: string[]; options: readonly OptionDef[] }> = [];
  const walk = (node: Node, words: string[]) => {
    if (isGroup(node)) { for (const sub of node.commands) walk(sub, [...words, sub.name]); }
    else commands.push({ words, options: node.options ?? [] });
  };
  walk(COMMAND_TREE, []);
  const spellings = (option: OptionDef) =>
    option.negatable ? [`--${option.long}`, `--no-${option.long}`] : [`--${option.long}`];
  const cases: string[][] = [
    ["--help=false"],
    ["--version=false"],
    ["--json=false", "config"],
    ["--json=false", "--help"],
    ["config", "--quiet=0", "--help"],
    ["publish", "--dry-run=false", "--help"],
    ["build", "-h", "--no-wait=false"],
  ];
  let flags = 0;
  for (const { words, options } of commands) {
    cases.push([...words, "--help=no"]);
    for (const option of [...options, ...GLOBAL_OPTIONS].filter((option) => !option.value)) {
      for (const flag of spellings(option)) {
        flags++;
        cases.push([...words, `${flag}=false`], [...words, `${flag}=`]);
        if (GLOBAL_OPTIONS.includes(option)) cases.push([`${flag}=false`, ...words]);
      }
    }
  }
  assert.ok(flags > 20, `${flags} flags`);
  for (const argv of cases) {
    const run = await cli.run(argv, { env, cwd: cli.home });
    const flag = argv.find((arg) => arg.includes("="))!.split("=")[0];
    assert.equal(run.code, 2, `${argv.join(" ")}: ${run.stderr}`);
    assert.equal(run.stdout, "", argv.join(" "));
    assert.match(run.stderr, new RegExp(`^Error: option '${flag}' takes no value`), argv.join(" "));
    assert.equal(run.stderr.split("\n").length, 2, `one line: ${run.stderr}`);
  }
  const json = await cli.run(["publish", "--json", "--dry-run=false"], { env });
  assert.equal(json.code, 2);
  assert.equal(JSON.parse(json.stdout).error.code, "usage");
  assert.deepEqual(cli.server.requests, []);
});
