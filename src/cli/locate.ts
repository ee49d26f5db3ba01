/**
 * The first half of reading argv: what it asks for (the version, help, or a
 * command, with the tokens that are the command's own). Only the global
 * options given before the command's name are checked here. The command's
 * own options and arguments are read against its declaration by parse.ts.
 */
import { type Token, tokenize } from "./tokens.ts";
import { NearMissError, UsageError } from "../errors.ts";
import { escapeControl } from "../text/escape.ts";
import {
  type ArgumentDef,
  type CommandDef,
  type GroupDef,
  isGroup,
  type Node,
  type OptionDef,
} from "./define.ts";
import { HELP_OPTION, VERSION_OPTION } from "./options.ts";

export type Located<H = unknown> =
  | { kind: "version" }
  /** Help asked for (`--help`, `help CMD`): printed on stdout, exit 0. */
  | { kind: "help"; path: Node<H>[] }
  /** A group without its subcommand: help on stderr, exit 2. */
  | { kind: "group"; path: Node<H>[]; own: Token[] }
  /** A command, with its tokens: global options given before its name count as its own. */
  | {
    kind: "command";
    path: Node<H>[];
    command: CommandDef<readonly OptionDef[], readonly ArgumentDef[], H>;
    own: Token[];
  };

/** The words of a command path: `config show`. */
export function pathName(path: readonly Node[]): string {
  return path.slice(1).map((node) => node.name).join(" ");
}

export function usageError(message: string, path: readonly Node[]): UsageError {
  const help = [path[0].name, pathName(path), "--help"].filter(Boolean).join(" ");
  return new UsageError(`${message}. Run '${help}' for usage.`);
}

/**
 * Reads argv as far as the command's name. With parse.ts, the only reader of
 * argv: global options given before the command's name count as its own.
 */
export function locate<H>(argv: string[], root: GroupDef<H>): Located<H> {
  const tokens = tokenize(argv);
  const globals = root.options ?? [];
  const path: Node<H>[] = [root];
  let node: Node<H> = root;
  let help = false;
  const own: Token[] = [];
  let i = 0;
  for (; i < tokens.length && isGroup(node); i++) {
    const token = tokens[i];
    if (token.kind === "option-terminator") break;
    if (token.kind === "option") {
      if (isHelp(token)) {
        refuseValue(token, HELP_OPTION, path);
        help = true;
      } else if (node === root && (token.name === "version" || token.name === "V")) {
        refuseValue(token, VERSION_OPTION, path);
        return { kind: "version" };
      } else {
        const global = globals.find((option) => matches(option, token));
        if (!global) throw unknownOption(token, globals, path);
        own.push(token);
        if (global.value && !token.inlineValue && tokens[i + 1]?.kind === "positional") {
          own.push(tokens[++i]);
        }
      }
      continue;
    }
    const word = token.value ?? "";
    if (node === root && word === "help") return helpFor(tokens.slice(i + 1), root);
    const child: Node<H> | undefined = node.commands.find((command) => command.name === word);
    if (!child) throw unknownCommand(word, node, path);
    node = child;
    path.push(child);
  }
  if (isGroup(node)) {
    if (!help) return { kind: "group", path, own };
  } else {
    own.push(...tokens.slice(i));
    if (!help && !own.some(isHelp)) return { kind: "command", path, command: node, own };
  }
  // Help asked for: the flags given with it are not read, but one given a value is still refused.
  const options = [HELP_OPTION, ...isGroup(node) ? [] : node.options ?? [], ...globals];
  for (const token of own) {
    if (token.kind === "option-terminator") break;
    const option = options.find((candidate) => matches(candidate, token));
    if (option) refuseValue(token, option, path);
  }
  return { kind: "help", path };
}

/**
 * A flag written with a value (`--dry-run=false`, `--no-wait=false`) is
 * refused, as clap refuses it: reading it as the flag would do what the
 * value says not to, and ignoring it would too.
 */
export function refuseValue(token: Token, option: OptionDef, path: readonly Node[]): void {
  if (!token.inlineValue || option.value) return;
  const alone = option.negatable
    ? `'--${option.long}' or '--no-${option.long}' alone`
    : `'--${option.long}' alone, or leave it out`;
  throw usageError(
    `option '${token.rawName}' takes no value, but was given '${
      shortened(token.value ?? "")
    }': write ${alone}`,
    path,
  );
}

function isHelp(token: Token): boolean {
  return token.kind === "option" && (token.name === "help" || token.name === "h");
}

export function matches(option: OptionDef, token: Token): boolean {
  return token.name === option.long ||
    (option.short !== undefined && token.name === option.short) ||
    (option.negatable === true && token.name === `no-${option.long}`);
}

function helpFor<H>(tokens: Token[], root: GroupDef<H>): Located<H> {
  const path: Node<H>[] = [root];
  let node: Node<H> = root;
  for (const token of tokens) {
    if (token.kind !== "positional" || !isGroup(node)) break;
    const child: Node<H> | undefined = node.commands.find((command) =>
      command.name === token.value
    );
    if (!child) throw unknownCommand(token.value ?? "", node, path);
    node = child;
    path.push(child);
  }
  return { kind: "help", path };
}

/** A value from the command line as a message shows it: escaped, and cut short. */
export function shortened(value: string): string {
  const text = escapeControl(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** An unknown command or option; src/cli/suggest.ts adds the "did you mean". */
export class UnknownNameError extends NearMissError {
  constructor(
    readonly what: string,
    word: string,
    candidates: string[],
    readonly path: readonly Node[],
  ) {
    super(
      usageError(`unknown ${what} '${shortened(word)}'`, path).message,
      word,
      candidates,
      // close to a name: short and plain
      (near) => usageError(`unknown ${what} '${word}' (Did you mean ${near}?)`, path).message,
    );
  }
}

function unknownCommand(word: string, group: GroupDef, path: readonly Node[]): UsageError {
  return new UnknownNameError("command", word, group.commands.map((c) => c.name), path);
}

export function unknownOption(
  token: Token,
  options: readonly OptionDef[],
  path: readonly Node[],
): UsageError {
  const raw = token.rawName ?? `--${token.name}`;
  const flags = raw.startsWith("--")
    ? options.map((option) => `--${option.negatable ? "no-" : ""}${option.long}`)
    : [];
  return new UnknownNameError("option", raw, flags, path);
}

/**
 * The global flags argv gives before `--`, by their long names, as its
 * reader takes them: they say how a mistake found in argv is shown.
 */
export function flagsGiven<H>(argv: readonly string[], root: GroupDef<H>): Set<string> {
  const given = new Set<string>();
  for (const token of tokenize([...argv])) {
    if (token.kind === "option-terminator") break;
    const flag = root.options?.find((option) => !option.value && matches(option, token));
    if (flag && !token.inlineValue) given.add(flag.long);
  }
  return given;
}
