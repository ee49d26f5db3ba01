/**
 * Reads a command's own tokens against its declaration: checks its options
 * and arguments, applies defaults and parses values, and turns every mistake
 * into a UsageError of one line that names the help to read.
 */
import type { Token } from "./tokens.ts";
import {
  type CommandDef,
  globalOptions,
  type GroupDef,
  type Node,
  type OptionDef,
  optionFlags,
  type ParsedInput,
  valueKey,
} from "./define.ts";
import { matches, refuseValue, shortened, unknownOption, usageError } from "./locate.ts";

/** The values of options by key (`packageId`), checked, parsed and with defaults applied. */
export type Values = ParsedInput["values"];

/** A command's checked input and the global options' values, from its own tokens. */
export function readCommand(
  located: { path: readonly Node[]; command: CommandDef; own: Token[] },
  root: GroupDef,
): { input: ParsedInput; globals: Values } {
  const { path, command, own } = located;
  const globals = globalOptions(path);
  const { given, positional } = read(own, [...command.options ?? [], ...globals], path);
  const input: ParsedInput = {
    values: valuesOf(command.options ?? [], given, path),
    args: positionals(command, positional, path),
    root,
  };
  return { input, globals: valuesOf(globals, given, path) };
}

/** The global options' values given with a group but without its command. */
export function readGlobals(located: { path: readonly Node[]; own: Token[] }): Values {
  const globals = globalOptions(located.path);
  return valuesOf(globals, read(located.own, globals, located.path).given, located.path);
}

/** What each option was given (text, a list of texts, or a flag's state), and the positionals. */
interface Read {
  given: Map<OptionDef, string | string[] | boolean>;
  positional: string[];
}

function read(tokens: Token[], options: readonly OptionDef[], path: readonly Node[]): Read {
  const given: Read["given"] = new Map();
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === "option-terminator") {
      positional.push(...tokens.slice(i + 1).map((rest) => rest.value ?? ""));
      break;
    }
    if (token.kind === "positional") {
      positional.push(token.value ?? "");
      continue;
    }
    const option = options.find((candidate) => matches(candidate, token));
    if (!option) throw unknownOption(token, options, path);
    if (!option.value) {
      refuseValue(token, option, path);
      // A flag may be repeated (`-qq`); the last of `--wait` and `--no-wait` wins.
      given.set(option, token.name !== `no-${option.long}`);
      continue;
    }
    // An empty value (`--version ""`, `--version=`) is a value, refused by the
    // command as blank, never taken as "not given".
    let value = token.inlineValue ? token.value : undefined;
    if (value === undefined && tokens[i + 1]?.kind === "positional") value = tokens[++i].value;
    if (value === undefined) {
      throw usageError(`option '${optionFlags(option)}' argument missing`, path);
    }
    const before = given.get(option);
    if (option.multiple) given.set(option, [...Array.isArray(before) ? before : [], value]);
    else if (before !== undefined) {
      throw usageError(
        `option '${optionFlags(option)}' given more than once; it takes one value`,
        path,
      );
    } else given.set(option, value);
  }
  return { given, positional };
}

/** The options' values by key, checked, parsed and with defaults applied. */
function valuesOf(
  options: readonly OptionDef[],
  given: Read["given"],
  path: readonly Node[],
): Values {
  return Object.fromEntries(
    options.map((option) => [valueKey(option.long), optionValue(option, given.get(option), path)]),
  );
}

function optionValue(
  option: OptionDef,
  given: string | string[] | boolean | undefined,
  path: readonly Node[],
): unknown {
  if (given === undefined) {
    if (option.required) {
      throw usageError(`required option '${optionFlags(option)}' not specified`, path);
    }
    return option.default?.value ?? (option.multiple ? [] : option.value ? undefined : false);
  }
  if (typeof given === "boolean") return given;
  const one = (raw: string): unknown => {
    const invalid = (why: string) =>
      usageError(
        `option '${optionFlags(option)}' argument '${shortened(raw)}' is invalid. ${why}`,
        path,
      );
    if (option.choices && !option.choices.includes(raw)) {
      throw invalid(`Allowed choices are ${option.choices.join(", ")}`);
    }
    if (!option.parse) return raw;
    try {
      return option.parse(raw);
    } catch (error) {
      throw invalid((error instanceof Error ? error.message : String(error)).replace(/\.$/, ""));
    }
  };
  return Array.isArray(given) ? given.map(one) : one(given);
}

/** The positional values in declared order; a variadic argument's are one list. */
function positionals(command: CommandDef, given: string[], path: readonly Node[]): unknown[] {
  const defs = command.args ?? [];
  const values = defs.map((def, index) => {
    const values = def.variadic ? given.slice(index) : given.slice(index, index + 1);
    if (values.length === 0 && def.required) {
      throw usageError(`missing required argument '${def.name}'`, path);
    }
    for (const value of values) {
      if (def.choices && !def.choices.includes(value)) {
        throw usageError(
          `argument '${def.name}' value '${shortened(value)}' is invalid. Allowed choices are ${
            def.choices.join(", ")
          }`,
          path,
        );
      }
    }
    return def.variadic ? values : values[0];
  });
  const accepted = defs.some((def) => def.variadic) ? Infinity : defs.length;
  if (given.length > accepted) {
    throw usageError(
      `too many arguments for '${command.name}'. Expected ${defs.length} argument${
        defs.length === 1 ? "" : "s"
      } but got ${given.length}`,
      path,
    );
  }
  return values;
}
