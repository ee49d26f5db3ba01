/**
 * The framework reads the program's global options from the tree's root and
 * hands a command's handler back as the program declared it: it knows no
 * option and no handler of its own program.
 */
import assert from "node:assert/strict";
import type { GroupDef } from "./define.ts";
import { helpText } from "./help.ts";
import { locate } from "./locate.ts";
import { readCommand, readGlobals } from "./parse.ts";

const handler = Symbol("the program's handler");

const ROOT: GroupDef<symbol> = {
  name: "tool",
  summary: "a program with its own global option",
  options: [{ long: "verbose", short: "v", description: "say more" }],
  commands: [
    { name: "go", summary: "go", examples: [], handler },
    { name: "grp", summary: "a group", commands: [] },
  ],
};

Deno.test("the root's options are global: taken before and after the command's name", () => {
  for (const argv of [["-v", "go"], ["go", "--verbose"]]) {
    const located = locate(argv, ROOT);
    assert.equal(located.kind, "command");
    if (located.kind !== "command") continue;
    assert.equal(located.command.handler, handler);
    assert.deepEqual(readCommand(located, ROOT).globals, { verbose: true });
  }
  const group = locate(["grp", "-v"], ROOT);
  assert.equal(group.kind, "group");
  if (group.kind === "group") assert.deepEqual(readGlobals(group), { verbose: true });
});

Deno.test("an option the root does not declare is unknown, and help lists the root's", () => {
  assert.throws(() => locate(["--json", "go"], ROOT), /unknown option '--json'.*'tool --help'/);
  const help = helpText([ROOT, ROOT.commands[0]]);
  assert.match(help, /^Usage: tool go \[options\]$/m);
  assert.match(help, /^ {2}-v, --verbose +say more$/m);
});
