/**
 * Reads argv against the declarations: finds the command, checks its
 * options and arguments, and turns every mistake into a UsageError of one
 * line that names the help to read.
 */
import { type Token as ArgToken, tokenize } from "./tokens.ts";
import { UsageError } from "../errors.ts";
import { escapeControl } from "../output/escape.ts";
import { PROGRAM_NAME } from "../version.ts";
import {
  type CommandDef,
  type GroupDef,
  isGroup,
  type Node,
  type OptionDef,
  optionFlags,
  type ParsedInput,
  valueKey,
} from "./define.ts";
import { GLOBAL_OPTIONS, type GlobalValues } from "./options.ts";

export type Parsed =
  | { kind: "version" }
  /** Help asked for (`--help`, `help CMD`): printed on stdout, exit 0. */
  | { kind: "help"; path: Node[] }
  /** A group without its subcommand: help on stderr, exit 2. */
  | { kind: "group"; path: Node[]; globals: GlobalValues }
  | { kind: "run"; path: Node[]; command: CommandDef; input: ParsedInput; globals: GlobalValues };

/** The words of a command path: `config show`. */
export function pathName(path: Node[]): string {
  return path.slice(1).map((node) => node.name).join(" ");
}

export function usageError(message: string, path: Node[]): UsageError {
  const help = [PROGRAM_NAME, pathName(path), "--help"].filter(Boolean).join(" ");
  return new UsageError(`${message}. Run '${help}' for usage.`);
}

/**
 * Reads argv: the only reader of it. Global options given before the
 * command's name count as the command's own.
 */
export function parse(argv: string[], root: GroupDef): Parsed {
  const tokens = tokenize(argv);
  const path: Node[] = [root];
  let node: Node = root;
  let help = false;
  /** The command's own tokens: global options given before its name count too. */
  const own: ArgToken[] = [];
  let i = 0;
  for (; i < tokens.length && isGroup(node); i++) {
    const token = tokens[i];
    if (token.kind === "option-terminator") break;
    if (token.kind === "option") {
      if (isHelp(token)) help = true;
      else if (node === root && (token.name === "version" || token.name === "V")) {
        return { kind: "version" };
      } else {
        const global = GLOBAL_OPTIONS.find((option) => matches(option, token));
        if (!global) throw unknownOption(token, GLOBAL_OPTIONS, path);
        own.push(token);
        if (global.value && !token.inlineValue && tokens[i + 1]?.kind === "positional") {
          own.push(tokens[++i]);
        }
      }
      continue;
    }
    const word = token.value ?? "";
    if (node === root && word === "help") return helpFor(tokens.slice(i + 1), root);
    const child: Node | undefined = node.commands.find((command) => command.name === word);
    if (!child) throw unknownCommand(word, node, path);
    node = child;
    path.push(child);
  }
  if (isGroup(node)) {
    if (help) return { kind: "help", path };
    return { kind: "group", path, globals: globalsOf(read(own, GLOBAL_OPTIONS, path).given, path) };
  }
  own.push(...tokens.slice(i));
  if (help || own.some(isHelp)) return { kind: "help", path };
  const options = [...node.options ?? [], ...GLOBAL_OPTIONS];
  const { given, positional } = read(own, options, path);
  const input: ParsedInput = {
    values: valuesOf(node, given, path),
    args: positionals(node, positional, path),
    root,
  };
  return { kind: "run", path, command: node, input, globals: globalsOf(given, path) };
}

function isHelp(token: ArgToken): boolean {
  return token.kind === "option" && (token.name === "help" || token.name === "h");
}

function matches(option: OptionDef, token: ArgToken): boolean {
  return token.name === option.long ||
    (option.short !== undefined && token.name === option.short) ||
    (option.negatable === true && token.name === `no-${option.long}`);
}

function helpFor(tokens: ArgToken[], root: GroupDef): Parsed {
  const path: Node[] = [root];
  let node: Node = root;
  for (const token of tokens) {
    if (token.kind !== "positional" || !isGroup(node)) break;
    const child: Node | undefined = node.commands.find((command) => command.name === token.value);
    if (!child) throw unknownCommand(token.value ?? "", node, path);
    node = child;
    path.push(child);
  }
  return { kind: "help", path };
}

/** What each option was given (text, a list of texts, or a flag's state), and the positionals. */
interface Read {
  given: Map<OptionDef, string | string[] | boolean>;
  positional: string[];
}

function read(tokens: ArgToken[], options: readonly OptionDef[], path: Node[]): Read {
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

/** A value from the command line as a message shows it: escaped, and cut short. */
function shortened(value: string): string {
  const text = escapeControl(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/**
 * An unknown command or option. The "did you mean" suggestion is added by
 * src/cli/suggest.ts, loaded only when someone mistyped.
 */
export class UnknownNameError extends UsageError {
  constructor(
    readonly what: string,
    readonly word: string,
    readonly candidates: string[],
    readonly path: Node[],
  ) {
    super(usageError(`unknown ${what} '${shortened(word)}'`, path).message);
  }
}

function unknownCommand(word: string, group: GroupDef, path: Node[]): UsageError {
  return new UnknownNameError("command", word, group.commands.map((c) => c.name), path);
}

function unknownOption(token: ArgToken, options: readonly OptionDef[], path: Node[]): UsageError {
  const raw = token.rawName ?? `--${token.name}`;
  const flags = raw.startsWith("--")
    ? options.map((option) => `--${option.negatable ? "no-" : ""}${option.long}`)
    : [];
  return new UnknownNameError("option", raw, flags, path);
}
