/**
 * The command tree as completion scripts need it, read from the commands'
 * declarations, so help, parsing and completions share one source. The
 * generators in this folder turn it into shell code.
 */
import { type GroupDef, isGroup, type Node, type OptionDef } from "../cli/define.ts";

export interface OptionSpec {
  /** `--json`, or undefined for a short-only option. */
  long?: string;
  /** `-q`, or undefined. */
  short?: string;
  description: string;
  /** Whether the option is followed by a value (`--config <path>`). */
  takesValue: boolean;
  /** The values to offer: those the option accepts, or suggests, when declared. */
  choices?: string[];
  /** Whether the value is a file or directory (`<path>`, `<file>`, `<dir>`), so files are offered. */
  valueIsPath?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Own options and the global ones (accepted before and after the command). */
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** Whether the command takes positional arguments (files are then offered). */
  takesArguments: boolean;
  /** The values of the first positional argument, when declared. */
  argumentChoices?: string[];
}

/** What the tree is read from: the CLI's declarations, and the options every command takes. */
export interface TreeSource {
  root: GroupDef;
  globals: readonly OptionDef[];
  /** Options of the program itself only (`--version`). */
  rootOnly: readonly OptionDef[];
  help: OptionDef;
}

/** The commands and options of the declarations, as help shows them. */
export function commandTree(source: TreeSource): CommandSpec {
  const { root, globals, rootOnly, help } = source;
  const tree = walk(root, source);
  tree.options = [...rootOnly, ...globals, help].map(optionSpec);
  const names = root.commands.map((command) => command.name);
  tree.subcommands.push({
    name: "help",
    description: "display help for command",
    options: [],
    subcommands: [],
    takesArguments: true,
    argumentChoices: names,
  });
  return tree;
}

function walk(node: Node, source: TreeSource): CommandSpec {
  const own = isGroup(node) ? [] : node.options ?? [];
  const args = isGroup(node) ? [] : node.args ?? [];
  return {
    name: node.name,
    description: node.summary,
    options: [...own, ...source.globals, source.help].map(optionSpec),
    subcommands: isGroup(node) ? node.commands.map((child) => walk(child, source)) : [],
    takesArguments: args.length > 0,
    ...(args[0]?.choices ? { argumentChoices: [...args[0].choices] } : {}),
  };
}

function optionSpec(option: OptionDef): OptionSpec {
  return {
    long: `--${option.negatable ? "no-" : ""}${option.long}`,
    ...(option.short ? { short: `-${option.short}` } : {}),
    description: option.description,
    takesValue: option.value !== undefined,
    ...(option.choices ?? option.suggested
      ? { choices: [...(option.choices ?? option.suggested)!] }
      : {}),
    ...(option.path ? { valueIsPath: true } : {}),
  };
}

export function flagsOf(option: OptionSpec): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

/** Every command with its path of names below the root ("config set-token"). */
export function commandPaths(root: CommandSpec): { path: string; command: CommandSpec }[] {
  const found: { path: string; command: CommandSpec }[] = [];
  const visit = (command: CommandSpec, path: string) => {
    found.push({ path, command });
    for (const sub of command.subcommands) visit(sub, path ? `${path} ${sub.name}` : sub.name);
  };
  visit(root, "");
  return found;
}

/** Every flag that is followed by a value somewhere in the tree, so parsers can skip the value. */
export function flagsTakingValues(root: CommandSpec): string[] {
  const flags = new Set<string>();
  for (const { command } of commandPaths(root)) {
    for (const option of command.options) {
      if (option.takesValue) flagsOf(option).forEach((flag) => flags.add(flag));
    }
  }
  return [...flags].sort();
}
