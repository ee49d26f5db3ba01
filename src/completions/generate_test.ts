/**
 * The completion generators against golden files (a fixed command tree, so
 * new CLI commands do not churn them), and the tree they are generated from.
 * Regenerate the golden files with `deno task golden`.
 */
import assert from "node:assert/strict";
import type { GroupDef, OptionDef } from "../cli/define.ts";
import { completionScript, SHELLS } from "./generate.ts";
import { commandTree } from "./tree.ts";

const UPDATE = Deno.env.get("UPDATE_GOLDEN") === "1";
const GOLDEN = new URL("./golden/", import.meta.url);
const EXTENSION = { bash: "bash", zsh: "zsh", fish: "fish" } as const;

/** A small tree with every shape the generators handle. */
function fixtureProgram() {
  const noop = () => Promise.reject(new Error("not run"));
  const root: GroupDef = {
    name: "demo-cli",
    summary: "a demo",
    commands: [
      {
        name: "config",
        summary: "change settings",
        commands: [
          {
            name: "show",
            summary: "show the settings, and where each comes from",
            examples: [],
            handler: noop,
          },
          {
            name: "set-token",
            summary: "save the token (it's secret: [hidden])",
            args: [{ name: "token", description: "", required: false }],
            examples: [],
            handler: noop,
          },
        ],
      },
      {
        name: "build",
        summary: "build packages",
        options: [
          {
            long: "target",
            short: "t",
            value: "format",
            choices: ["deb", "rpm"],
            description: "package format",
          },
          { long: "wait", description: "wait for the build" },
          { long: "label", value: "name", description: "a label, not a file" },
        ],
        args: [{ name: "files", description: "", required: true, variadic: true }],
        examples: [],
        handler: noop,
      },
      {
        name: "completions",
        summary: "print a completion script",
        args: [{
          name: "shell",
          description: "",
          required: true,
          choices: ["bash", "zsh", "fish"],
        }],
        examples: [],
        handler: noop,
      },
    ],
  };
  const globals: OptionDef[] = [
    { long: "config", value: "path", path: true, description: "use this config file" },
    { long: "quiet", short: "q", description: "print only errors" },
  ];
  return {
    root,
    globals,
    rootOnly: [{ long: "version", short: "V", description: "output the version number" }],
    help: { long: "help", short: "h", description: "display help for command" },
  };
}

for (const shell of SHELLS) {
  Deno.test(`the ${shell} completion script matches its golden file`, async () => {
    const script = completionScript(shell, commandTree(fixtureProgram()));
    const golden = new URL(`completions.${EXTENSION[shell]}`, GOLDEN);
    if (UPDATE) await Deno.writeTextFile(golden, script);
    assert.equal(script, await Deno.readTextFile(golden));
  });
}

Deno.test("the command tree lists the commands in order, with help, and passes global options down", () => {
  const tree = commandTree(fixtureProgram());
  assert.deepEqual(tree.subcommands.map((c) => c.name), [
    "config",
    "build",
    "completions",
    "help",
  ]);
  const build = tree.subcommands[1];
  assert.deepEqual(build.options.map((o) => o.long), [
    "--target",
    "--wait",
    "--label",
    "--config",
    "--quiet",
    "--help",
  ]);
  assert.deepEqual(build.options[0].choices, ["deb", "rpm"]);
  assert.deepEqual(tree.subcommands[3].argumentChoices, ["config", "build", "completions"]);
});
