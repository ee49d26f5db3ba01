/**
 * The command tree as completion scripts need it, read from commander's own
 * command objects so that the CLI's definition in src/cli.ts stays the one
 * source of truth. The generators in this folder turn it into shell code.
 */
import type { Command, Option } from "@commander-js/extra-typings";

export interface OptionSpec {
  /** `--json`, or undefined for a short-only option. */
  long?: string;
  /** `-q`, or undefined. */
  short?: string;
  description: string;
  /** Whether the option is followed by a value (`--config <path>`). */
  takesValue: boolean;
  /** The values the option accepts, when commander knows them (`Option.choices`). */
  choices?: string[];
  /** Whether the value is a file or directory (`<path>`, `<file>`, `<dir>`), so files are offered. */
  valueIsPath?: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Own options and the options of every ancestor (commander accepts both after the command). */
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** Whether the command takes positional arguments (files are then offered). */
  takesArguments: boolean;
  /** The values of the first positional argument, when commander knows them. */
  argumentChoices?: string[];
}

// deno-lint-ignore no-explicit-any
type AnyCommand = Command<any, any, any>;

/** Reads the visible commands and options of `root`, as its help shows them. */
export function commandTree(root: AnyCommand): CommandSpec {
  return walk(root, []);
}

function walk(command: AnyCommand, inherited: OptionSpec[]): CommandSpec {
  const help = command.createHelp();
  const own = help.visibleOptions(command).map(optionSpec);
  // Help and version belong to the command they are declared on; every
  // other ancestor option also works after a subcommand.
  const passedDown = own.filter((option) => !isHelpOrVersion(option));
  const ownFlags = new Set(own.flatMap(flagsOf));
  const options = [
    ...own,
    ...inherited.filter((option) => !flagsOf(option).some((flag) => ownFlags.has(flag))),
  ];
  const [firstArgument] = command.registeredArguments;
  return {
    name: command.name(),
    description: firstLine(command.description()),
    options,
    subcommands: help.visibleCommands(command).map((sub) => {
      const spec = walk(sub as AnyCommand, [...passedDown, ...inherited]);
      // commander's implicit `help [command]` is not in `commands`; it takes a sibling's name.
      if (command.commands.includes(sub)) return spec;
      const siblings = help.visibleCommands(command).filter((c) => c !== sub).map((c) => c.name());
      return { ...spec, argumentChoices: siblings };
    }),
    takesArguments: command.registeredArguments.length > 0,
    ...(firstArgument?.argChoices ? { argumentChoices: [...firstArgument.argChoices] } : {}),
  };
}

function optionSpec(option: Option): OptionSpec {
  return {
    ...(option.long ? { long: option.long } : {}),
    ...(option.short ? { short: option.short } : {}),
    description: firstLine(option.description),
    takesValue: option.required || option.optional,
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    ...(/[<[][\w-]*(path|file|dir)[\w-]*(\.\.\.)?[>\]]/i.test(option.flags)
      ? { valueIsPath: true }
      : {}),
  };
}

function isHelpOrVersion(option: OptionSpec): boolean {
  return option.long === "--help" || option.long === "--version";
}

export function flagsOf(option: OptionSpec): string[] {
  return [option.short, option.long].filter((flag): flag is string => flag !== undefined);
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
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
