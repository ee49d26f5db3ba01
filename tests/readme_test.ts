/**
 * Keeps the README's command reference equal to the declarations: every
 * command has its section, every option is named in its command's section,
 * no section names a flag its command does not have, and every environment
 * variable and exit code is documented.
 */
import assert from "node:assert/strict";
import { type CommandDef, isGroup, type Node, type OptionDef } from "../src/cli/define.ts";
import { GLOBAL_OPTIONS, HELP_OPTION, VERSION_OPTION } from "../src/cli/options.ts";
import { COMMAND_TREE } from "../src/cli/registry.ts";
import { ENV_VARS } from "../src/config/env.ts";
import { ExitCode } from "../src/errors.ts";

const README = await Deno.readTextFile(new URL("../README.md", import.meta.url));

/** Every command (not group) with its path of names: `config show`. */
function commands(node: Node = COMMAND_TREE, prefix: string[] = []): Array<[string, CommandDef]> {
  if (!isGroup(node)) return [[prefix.join(" "), node]];
  return node.commands.flatMap((child) => commands(child, [...prefix, child.name]));
}

const COMMANDS = commands();
const PATHS = COMMANDS.map(([path]) => path);

interface Section {
  heading: string;
  body: string;
}

/** The README's sections of a heading level, each up to the next heading of that level or above. */
function sections(text: string, level: number): Section[] {
  const found: Section[] = [];
  let current: Section | undefined;
  for (const line of text.split("\n")) {
    const heading = /^(#+) /.exec(line);
    if (heading && heading[1].length <= level) {
      current = heading[1].length === level ? { heading: line, body: "" } : undefined;
      if (current) found.push(current);
    } else if (current) current.body += line + "\n";
  }
  return found;
}

/** Whether a `### ` heading names `path` in code: `config show` or `config unset-token`, `...`. */
function headingNames(heading: string, path: string): boolean {
  return heading.includes(`\`${path}\``) || heading.includes(`\`${path} `);
}

/** The `###` sections under "## Commands", by the command path they document. */
const COMMANDS_PART = sections(README, 2).find((s) => s.heading === "## Commands");
const COMMAND_SECTIONS = sections(COMMANDS_PART?.body ?? "", 3);

function sectionOf(path: string): string {
  return COMMAND_SECTIONS.filter((s) => headingNames(s.heading, path)).map((s) => s.body).join("");
}

/** The flags a command accepts, as the parser takes them. */
function acceptedFlags(command: CommandDef): Set<string> {
  const flags = new Set<string>();
  for (const option of [...command.options ?? [], ...GLOBAL_OPTIONS, HELP_OPTION]) {
    flags.add(`--${option.long}`);
    if (option.negatable) flags.add(`--no-${option.long}`);
  }
  return flags;
}

/** How an option is written in help: `--no-wait` for a negatable one. */
function flagOf(option: OptionDef): string {
  return option.negatable ? `--no-${option.long}` : `--${option.long}`;
}

/** Whether `text` names `flag` as a whole flag (`--file` is not named by `--files`). */
function names(text: string, flag: string): boolean {
  return new RegExp(`${flag}(?![\\w-])`).test(text);
}

/** The command path `words` start with, the longest one. */
function commandAt(words: string): string | undefined {
  return PATHS.filter((path) => words === path || words.startsWith(`${path} `))
    .sort((a, b) => b.length - a.length)[0];
}

/**
 * Each `--flag` of a section with the command it is given to: the command
 * after the last `distropack-cli` before it on its line, or the command an
 * inline code span starts with (`status --wait`), else the section's own.
 */
function flagUses(body: string, own: string): Array<{ flag: string; command: string }> {
  const uses: Array<{ flag: string; command: string }> = [];
  // A command continued with a trailing backslash is one line.
  const lines = body.replace(/\\\n/g, " ").split("\n");
  let inFence = false;
  for (const line of lines) {
    if (line.startsWith("```")) {
      inFence = !inFence;
      continue;
    }
    const units = inFence ? [{ unit: line, code: false }] : [
      ...[...line.matchAll(/`([^`]+)`/g)].map((match) => ({ unit: match[1], code: true })),
      { unit: line.replace(/`[^`]*`/g, ""), code: false },
    ];
    for (const { unit, code } of units) {
      for (const match of unit.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)) {
        const before = unit.slice(0, match.index);
        const invoked = before.lastIndexOf("distropack-cli ");
        const command = invoked >= 0
          ? commandAt(before.slice(invoked + "distropack-cli ".length).trimEnd())
          : code
          ? commandAt(unit)
          : undefined;
        uses.push({ flag: match[0], command: command ?? own });
      }
    }
  }
  return uses;
}

Deno.test("the README has a section for every command", () => {
  assert.ok(COMMANDS_PART, "the README has no '## Commands' part");
  for (const path of PATHS) {
    assert.ok(
      COMMAND_SECTIONS.some((s) => headingNames(s.heading, path)),
      `the README has no "### \`${path}" heading under "## Commands"`,
    );
  }
});

Deno.test("every heading in code under Commands names a command that exists", () => {
  for (const { heading } of COMMAND_SECTIONS) {
    for (const [, named] of heading.matchAll(/`([^`]+)`/g)) {
      assert.ok(commandAt(named), `${heading} names "${named}", which is not a command`);
    }
  }
});

Deno.test("every option of a command is named in its README section", () => {
  for (const [path, command] of COMMANDS) {
    const body = sectionOf(path);
    for (const option of command.options ?? []) {
      assert.ok(
        names(body, flagOf(option)),
        `the README's \`${path}\` section lacks ${flagOf(option)}`,
      );
    }
  }
});

Deno.test("the options of every command are named before the first command's section", () => {
  const intro = (COMMANDS_PART?.body ?? "").split(/^### /m)[0];
  for (const option of [...GLOBAL_OPTIONS, HELP_OPTION, VERSION_OPTION]) {
    assert.ok(names(intro, flagOf(option)), `the global options table lacks ${flagOf(option)}`);
    if (option.short) assert.ok(names(intro, `-${option.short}`), `-${option.short} is missing`);
  }
});

Deno.test("no README command section names a flag its command does not accept", () => {
  const byPath = new Map(COMMANDS);
  for (const section of COMMAND_SECTIONS) {
    const own = PATHS.find((path) => headingNames(section.heading, path));
    if (!own) continue;
    for (const { flag, command } of flagUses(section.body, own)) {
      assert.ok(
        acceptedFlags(byPath.get(command)!).has(flag),
        `${section.heading} gives ${flag} to \`${command}\`, which has no such option`,
      );
    }
  }
});

Deno.test("every environment variable the CLI reads is in the README's table", () => {
  const table = sections(README, 3).find((s) => s.heading === "### Environment variables");
  assert.ok(table, 'the README has no "### Environment variables" section');
  for (const name of Object.values(ENV_VARS)) {
    assert.ok(table.body.includes(`\`${name}\``), `the environment table lacks ${name}`);
  }
});

Deno.test("every exit code is in the README's table", () => {
  const table = sections(README, 2).find((s) => s.heading === "## Exit codes");
  assert.ok(table, 'the README has no "## Exit codes" part');
  for (const code of Object.values(ExitCode)) {
    assert.match(table.body, new RegExp(`^\\| ${code} +\\|`, "m"), `exit code ${code}`);
  }
});

Deno.test("the flag finder gives flags to the command they are written after", () => {
  const uses = flagUses(
    "Resume with `distropack-cli status --wait ID` or `build --no-wait`; see --target.\n" +
      "```sh\ndistropack-cli publish \\\n  --dry-run\n```\n",
    "upload",
  );
  assert.deepEqual(uses, [
    { flag: "--wait", command: "status" },
    { flag: "--no-wait", command: "build" },
    { flag: "--target", command: "upload" },
    { flag: "--dry-run", command: "publish" },
  ]);
});
