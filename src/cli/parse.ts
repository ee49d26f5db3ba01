/**
 * Reads a command's own tokens against its declaration: checks its options
 * and arguments, applies defaults and parses values, and turns every mistake
 * into a UsageError of one line that names the help to read. Loaded for a
 * command, never for help or the version.
 */
import type { Token } from "./tokens.ts";
import {
  type CommandDef,
  type GroupDef,
  type Node,
  type OptionDef,
  optionFlags,
  type ParsedInput,
  valueKey,
} from "./define.ts";
import { matches, refuseValue, shortened, unknownOption, usageError } from "./locate.ts";
import { GLOBAL_OPTIONS, type GlobalValues } from "./options.ts";

/** A command's checked input and the global options, from its own tokens. */
export function readCommand(
  located: { path: Node[]; command: CommandDef; own: Token[] },
  root: GroupDef,
): { input: ParsedInput; globals: GlobalValues } {
  const { path, command, own } = located;
  const { given, positional } = read(own, [...command.options ?? [], ...GLOBAL_OPTIONS], path);
  const input: ParsedInput = {
    values: valuesOf(command, given, path),
    args: positionals(command, positional, path),
    root,
  };
  return { input, globals: globalsOf(given, path) };
}

/** The global options given with a group but without its command. */
export function readGlobals(located: { path: Node[]; own: Token[] }): GlobalValues {
  return globalsOf(read(located.own, GLOBAL_OPTIONS, located.path).given, located.path);
}

/** What each option was given (text, a list of texts, or a flag's state), and the positionals. */
interface Read {
  given: Map<OptionDef, string | string[] | boolean>;
  positional: string[];
}

function read(tokens: Token[], options: readonly OptionDef[], path: Node[]): Read {
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

/** The command's own option values by key, checked, parsed and with defaults applied. */
function valuesOf(command: CommandDef, given: Read["given"], path: Node[]): ParsedInput["values"] {
  const options = command.options ?? [];
  return Object.fromEntries(
    options.map((option) => [valueKey(option.long), optionValue(option, given.get(option), path)]),
  );
}

function globalsOf(given: Read["given"], path: Node[]): GlobalValues {
  const { config, json, quiet, debug } = Object.fromEntries(
    GLOBAL_OPTIONS.map((
      option,
    ) => [valueKey(option.long), optionValue(option, given.get(option), path)]),
  );
  return {
    config: typeof config === "string" ? config : undefined,
    json: json === true,
    quiet: quiet === true,
    debug: debug === true,
  };
}

function optionValue(
  option: OptionDef,
  given: string | string[] | boolean | undefined,
  path: Node[],
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
function positionals(command: CommandDef, given: string[], path: Node[]): unknown[] {
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
