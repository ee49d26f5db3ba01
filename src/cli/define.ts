/**
 * How a command is declared: its name, arguments, options, examples and
 * reference text, with its handler, so help, parsing, completions and the
 * docs read one declaration. The framework carries the handler without
 * knowing its type (`H`: the program gives it, with what a handler gets and
 * returns). The values a handler gets are typed from the same declaration,
 * as wrangler's `createCommand` types its handler's arguments: adding an
 * option is one entry in `options`, and its value appears, typed, in the
 * handler's `values`.
 */

export interface OptionDef {
  /** The long name without dashes: `package-id`; the handler reads it as `values.packageId`. */
  readonly long: string;
  /** One letter: `q` for `-q`. */
  readonly short?: string;
  /** The value's placeholder in help (`id` shows `--package-id <id>`); absent for a flag. */
  readonly value?: string;
  readonly description: string;
  readonly required?: boolean;
  /** May be given more than once; the value is then a list. Any other option given twice is refused. */
  readonly multiple?: boolean;
  /** The only values accepted. */
  readonly choices?: readonly string[];
  /**
   * The values completions offer, where others are accepted too (`parse`
   * checks them): a list the server may outgrow.
   */
  readonly suggested?: readonly string[];
  /** The value when the option is not given, and how help shows it. */
  readonly default?: { readonly value: unknown; readonly shown: string };
  /** Turns the text into the value; throws an Error whose message says what to give. */
  readonly parse?: (raw: string) => unknown;
  /** A flag that is on unless `--no-<long>` is given (`--no-wait`). */
  readonly negatable?: boolean;
  /** The value is a file or directory, so completions offer files. */
  readonly path?: boolean;
}

export interface ArgumentDef {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Takes every remaining argument; its value is then a list. */
  readonly variadic?: boolean;
  readonly choices?: readonly string[];
}

/** One value as the declaration makes it: parsed, one of the choices, or the text. */
type ValueOf<D> = D extends { parse: (raw: string) => infer T } ? T
  : D extends { choices: readonly (infer C)[] } ? C
  : string;

/**
 * An option's value in the handler: a flag is a boolean, a repeatable option
 * a list, a required option or one with a default always there.
 */
export type OptionValue<O extends OptionDef> = O extends { value: string }
  ? O extends { multiple: true } ? ValueOf<O>[]
  : O extends { required: true } | { default: object } ? ValueOf<O>
  : ValueOf<O> | undefined
  : boolean;

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** The option values by camel-cased long name: `--package-id` is `values.packageId`. */
export type OptionValues<Os extends readonly OptionDef[]> = {
  [O in Os[number] as CamelCase<O["long"]>]: OptionValue<O>;
};

type ArgumentValue<A extends ArgumentDef> = A extends { variadic: true } ? ValueOf<A>[]
  : A extends { required: true } ? ValueOf<A>
  : ValueOf<A> | undefined;

/** The positional arguments in declared order; a variadic one is a list. */
export type ArgumentValues<As extends readonly ArgumentDef[]> = {
  -readonly [K in keyof As]: ArgumentValue<As[K]>;
};

/** What a handler gets from the command line, after parsing and checking. */
export interface Invocation<
  Os extends readonly OptionDef[] = readonly OptionDef[],
  As extends readonly ArgumentDef[] = readonly ArgumentDef[],
> {
  /** The command's own option values (defaults applied), by camel-cased long name. */
  values: OptionValues<Os>;
  args: ArgumentValues<As>;
  /** The whole command tree, for commands that describe it (completions). */
  root: GroupDef;
}

/** What the parser hands over, before a command's declaration gives it types. */
export interface ParsedInput {
  values: Readonly<Record<string, unknown>>;
  args: readonly unknown[];
  root: GroupDef;
}

/** One field of a command's `--json` document, for the docs. */
export interface DocumentField {
  /** The key; `jobs[].status` for a key of each item of a list, `build.jobs` inside an object. */
  readonly name: string;
  /** Its JSON type: `string`, `number`, `string | null`, `object[]`. */
  readonly type: string;
  readonly description: string;
}

/** What a command's help, reference page and man page say beyond the rest of its declaration. */
export interface Reference {
  /**
   * What it does in more depth, under the summary in help and on the
   * pages: paragraphs, `- ` list items, `code`.
   */
  readonly details?: string;
  /** The fields of the `--json` document it prints. */
  readonly document?: readonly DocumentField[];
  /** The names of the environment variables it reads, for its page. */
  readonly environment?: readonly string[];
}

export interface CommandDef<
  Os extends readonly OptionDef[] = readonly OptionDef[],
  As extends readonly ArgumentDef[] = readonly ArgumentDef[],
  H = unknown,
> {
  readonly name: string;
  readonly summary: string;
  readonly args?: As;
  readonly options?: Os;
  /** Command lines shown under "Examples:" in help. */
  readonly examples: readonly string[];
  /**
   * Text after the examples in help. Paragraphs are filled to the width
   * (help, docs and man page alike); indented lines are kept as written.
   */
  readonly notes?: string;
  /** Its details (help and the docs) and `--json` fields (the docs). */
  readonly reference?: Reference;
  /** What runs it, as the program declares handlers; the framework only hands it back. */
  readonly handler: H;
}

export interface GroupDef<H = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly commands: Array<Node<H>>;
  readonly examples?: string[];
  /** As a command's. */
  readonly notes?: string;
  /**
   * The root's only: the program's global options, accepted by every command
   * before or after its name.
   */
  readonly options?: readonly OptionDef[];
}

export type Node<H = unknown> =
  | CommandDef<readonly OptionDef[], readonly ArgumentDef[], H>
  | GroupDef<H>;

export function isGroup<H>(node: Node<H>): node is GroupDef<H> {
  return "commands" in node;
}

/** The program's global options: those its root declares. */
export function globalOptions(path: readonly Node[]): readonly OptionDef[] {
  const root = path[0];
  return isGroup(root) ? root.options ?? [] : [];
}

/** Declares an option shared by several commands, keeping its literal types. */
export function defineOption<const O extends OptionDef>(option: O): O {
  return option;
}

/** `--package-id <id>`, `-q, --quiet`, `--no-wait`. */
export function optionFlags(option: OptionDef): string {
  const long = option.negatable ? `--no-${option.long}` : `--${option.long}`;
  const value = option.value ? ` <${option.value}>` : "";
  return `${option.short ? `-${option.short}, ` : ""}${long}${value}`;
}

/** The key of an option's value: `package-id` is `packageId`. */
export function valueKey(long: string): string {
  return long.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
