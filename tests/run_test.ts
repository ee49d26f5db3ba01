import assert from "node:assert/strict";
import { run } from "../src/program/run.ts";
import { fakeDeps } from "./helpers/in_process.ts";
import { defaultConfigPath, tempHome } from "./helpers/temp.ts";
import { VERSION } from "../src/version.ts";
import { isGroup, type Node } from "../src/cli/define.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { fakeCli } from "./helpers/cli.ts";

Deno.test("--version prints the name and the version from src/version.ts", async () => {
  for (const flag of ["--version", "-V"]) {
    const io = fakeDeps();
    assert.equal(await run([flag], io.deps), 0);
    assert.equal(io.stdout(), `distropack-cli ${VERSION}\n`);
  }
});

Deno.test("an unknown command is a usage error (exit 2) in one line naming the help to read", async () => {
  const io = fakeDeps();
  assert.equal(await run(["conifg", "show"], io.deps), 2);
  assert.equal(io.stdout(), "");
  assert.match(
    io.stderr(),
    /^Error: unknown command 'conifg'.*Run 'distropack-cli --help' for usage\.\n$/,
  );
});

Deno.test("a mistyped command or option gets the closest name; a word far from any gets none", async () => {
  const cases: Array<[string[], RegExp]> = [
    [["conifg", "show"], /unknown command 'conifg' \(Did you mean config\?\)/],
    [["config", "shwo"], /unknown command 'shwo' \(Did you mean show\?\)/],
    [
      ["upload", "--pakage-id", "p"],
      /unknown option '--pakage-id' \(Did you mean --package-id\?\)/,
    ],
    [["stauts", "j-1"], /unknown command 'stauts' \(Did you mean status\?\)/],
  ];
  for (const [argv, expected] of cases) {
    const io = fakeDeps();
    assert.equal(await run(argv, io.deps), 2, argv.join(" "));
    assert.match(io.stderr(), expected);
    assert.equal(io.stderr().split("\n").length, 2, "one line");
  }
  const io = fakeDeps();
  assert.equal(await run(["xylophone"], io.deps), 2);
  assert.match(io.stderr(), /unknown command 'xylophone'/);
  assert.doesNotMatch(io.stderr(), /Did you mean/);
});

Deno.test("an unknown option is a usage error naming the subcommand's help", async () => {
  const io = fakeDeps();
  assert.equal(await run(["config", "show", "--colour"], io.deps), 2);
  assert.match(
    io.stderr(),
    /^Error: unknown option '--colour'.*'distropack-cli config show --help'/,
  );
  assert.equal(io.stderr().split("\n").length, 2);
});

Deno.test("a missing argument is a usage error", async () => {
  const io = fakeDeps({ env: { HOME: "/nonexistent" } });
  assert.equal(await run(["config", "set-base-url"], io.deps), 2);
  assert.match(io.stderr(), /missing required argument 'url'/);
});

Deno.test("with --json a usage error is also one JSON document on stdout", async () => {
  const io = fakeDeps();
  assert.equal(await run(["--json", "config", "nope"], io.deps), 2);
  const document = JSON.parse(io.stdout());
  assert.equal(document.error.code, "usage");
  assert.equal(document.error.exit_code, 2);
});

Deno.test("a command group without a subcommand shows its help and exits 2", async () => {
  const io = fakeDeps();
  assert.equal(await run(["config"], io.deps), 2);
  assert.match(io.stderr(), /Usage: distropack-cli config/);
});

Deno.test("every command has --help with examples", async () => {
  const paths: string[][] = [];
  const walk = (node: Node, path: string[]) => {
    if (!isGroup(node)) return void paths.push(path);
    for (const sub of node.commands) walk(sub, [...path, sub.name]);
  };
  walk(COMMAND_TREE, []);
  assert.ok(paths.length >= 6);
  for (const path of paths) {
    const help = fakeDeps();
    assert.equal(await run([...path, "--help"], help.deps), 0, path.join(" "));
    assert.match(help.stdout(), /Examples:\n {2}\$ .*distropack-cli /, path.join(" "));
  }
});

Deno.test("Ctrl-C or SIGTERM ends set-token's wait for a silent pipe at once, and nothing is saved", async () => {
  for (const [reason, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    await using home = await tempHome();
    const io = fakeDeps({ env: home.env });
    const interrupt = new AbortController();
    // A pipe that never delivers a byte: set-token would wait 5 s for it.
    io.deps.stdin.readable = new ReadableStream({ pull: () => new Promise(() => {}) });
    io.deps.signal = interrupt.signal;
    setTimeout(() => interrupt.abort(reason), 50);
    assert.equal(await run(["config", "set-token"], io.deps), code);
    // The reader's own message: the runner's grace period ("Interrupted.") was not needed.
    assert.match(io.stderr(), /^Error: Interrupted while waiting for the token\.\n$/);
    await assert.rejects(Deno.stat(defaultConfigPath(home.path)), Deno.errors.NotFound);
  }
});

Deno.test("only a command that talks to the server or waits listens for stop signals", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "finished");
  const taken = async (argv: string[]) => {
    const io = fakeDeps({ env: cli.env() });
    let listened = false;
    const signal = io.deps.signal;
    Object.defineProperty(io.deps, "signal", {
      get: () => {
        listened = true;
        return signal;
      },
    });
    assert.equal(await run(argv, io.deps), 0, io.stderr());
    return listened;
  };
  // Local commands end in milliseconds: installing the handlers would be most of their work.
  for (const argv of [["config", "show"], ["config", "path"], ["completions", "bash"]]) {
    assert.equal(await taken(argv), false, argv.join(" "));
  }
  assert.equal(await taken(["status", "j-1"]), true);
});

Deno.test("an invalid option value is shown escaped and cut short in the one-line error", async () => {
  const io = fakeDeps();
  const value = "\u001b[2J" + "9".repeat(500);
  assert.equal(await run(["status", "--interval", value, "j-1"], io.deps), 2);
  const [line, ...rest] = io.stderr().split("\n");
  assert.deepEqual(rest, [""]);
  assert.ok(!line.includes("\u001b"), line);
  assert.match(line, /argument '\\x1b\[2J9{33}\.\.\.' is invalid/);
  assert.ok(line.length < 250, `${line.length} characters`);
});

Deno.test("an empty option value is a value, refused by the command, never 'not given'", async () => {
  for (const args of [["--version", ""], ["--version="]]) {
    const io = fakeDeps({ env: { DISTROPACK_PACKAGE_ID: "p", CI_COMMIT_TAG: "v1.0.0" } });
    assert.equal(await run(["build", ...args], io.deps), 2, args.join(" "));
    assert.match(io.stderr(), /--version/);
  }
});
