/**
 * How a command is declared: its name, arguments, options and examples sit
 * beside a lazy loader of its implementation, so help, parsing and
 * completions read the declaration and start-up pays only for the command
 * that runs.
 */
import type { Context } from "./context.ts";
import type { Outcome } from "./outcome.ts";

export interface OptionDef {
  /** The long name without dashes: `package-id`. */
  long: string;
  /** One letter: `q` for `-q`. */
  short?: string;
  /** The value's placeholder in help (`id` shows `--package-id <id>`); absent for a flag. */
  value?: string;
  description: string;
  required?: boolean;
  /** May be given more than once; the value is then a list. */
  multiple?: boolean;
  /** The only values accepted. */
  choices?: readonly string[];
  /** The value when the option is not given, and how help shows it. */
  default?: { value: unknown; shown: string };
  /** Turns the text into the value; throws an Error whose message says what to give. */
  parse?: (raw: string) => unknown;
  /** A flag that is on unless `--no-<long>` is given (`--no-wait`). */
  negatable?: boolean;
  /** The value is a file or directory, so completions offer files. */
  path?: boolean;
}

export interface ArgumentDef {
  name: string;
  description: string;
  required: boolean;
  /** Takes every remaining argument. */
  variadic?: boolean;
  choices?: readonly string[];
}

/** What a handler gets from the command line, after parsing and checking. */
export interface Invocation {
  /** Option values by long name; defaults applied. */
  values: Record<string, unknown>;
  /** Positional arguments, in order. */
  args: string[];
  /** The whole command tree, for commands that describe it (completions). */
  root: GroupDef;
}

/** One field of a command's `--json` document, for the docs. */
export interface DocumentField {
  /** The key; `jobs[].status` for a key of each item of a list, `build.jobs` inside an object. */
  name: string;
  /** Its JSON type: `string`, `number`, `string | null`, `object[]`. */
  type: string;
  description: string;
}

export type Handler = (ctx: Context, input: Invocation) => Promise<Outcome>;

export interface CommandDef {
  name: string;
  summary: string;
  args?: ArgumentDef[];
  options?: OptionDef[];
  /** Command lines shown under "Examples:" in help. */
  examples: string[];
  /** Text after the examples in help. */
  notes?: string;
  /**
   * What it does in more depth, for the reference and the man page (help
   * stays short): paragraphs, `- ` list items, `code`.
   */
  details?: string;
  /** The fields of the `--json` document it prints; the docs list them. */
  document?: DocumentField[];
  load: () => Promise<Handler>;
}

export interface GroupDef {
  name: string;
  summary: string;
  commands: Array<CommandDef | GroupDef>;
  examples?: string[];
  notes?: string;
}

export type Node = CommandDef | GroupDef;

export function isGroup(node: Node): node is GroupDef {
  return "commands" in node;
}

/** Declares a command; the identity, for type checking and to read as a declaration. */
export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

/** `--package-id <id>`, `-q, --quiet`, `--no-wait`. */
export function optionFlags(option: OptionDef): string {
  const long = option.negatable ? `--no-${option.long}` : `--${option.long}`;
  const value = option.value ? ` <${option.value}>` : "";
  return `${option.short ? `-${option.short}, ` : ""}${long}${value}`;
}
