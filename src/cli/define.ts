/**
 * How a command is declared: its name, arguments, options and examples sit
 * beside a lazy loader of its implementation, so help, parsing and
 * completions read the declaration and start-up pays only for the command
 * that runs. The values a handler gets are typed from the same declaration,
 * as wrangler's `createCommand` types its handler's arguments: adding an
 * option is one entry in `options`, and its value appears, typed, in the
 * handler's `values`.
 */
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";

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

/**
 * What a command's help, reference page and man page say beyond its
 * declaration. It sits in the command's `reference.ts`, beside its
 * declaration, and is loaded only for help and the docs: a run never pays
 * for its text.
 */
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

/**
 * A handler as the command tree holds it. Written as a method, whose
 * parameters are compared both ways, so a handler typed by its command's
 * declaration (`handlerOf`) fits: the parser builds its input from that
 * same declaration.
 */
interface HandlerSlot {
  handle(ctx: Context, input: ParsedInput): Promise<Outcome>;
}
export type Handler = HandlerSlot["handle"];

export interface CommandDef<
  Os extends readonly OptionDef[] = readonly OptionDef[],
  As extends readonly ArgumentDef[] = readonly ArgumentDef[],
> {
  readonly name: string;
  readonly summary: string;
  readonly args?: As;
  readonly options?: Os;
  /** Command lines shown under "Examples:" in help. */
  readonly examples: readonly string[];
  /**
   * Text after the examples in help, made only when help is shown: it may
   * be built from other declarations, or from modules start-up need not load.
   * Paragraphs are filled to the width (help, docs and man page alike);
   * indented lines are kept as written.
   */
  readonly notes?: () => Promise<string>;
  /** Its details (help and the docs) and `--json` fields (the docs): loaded only for them. */
  readonly reference?: () => Promise<Reference>;
  readonly load: () => Promise<Handler>;
}

export interface GroupDef {
  name: string;
  summary: string;
  commands: Array<CommandDef | GroupDef>;
  examples?: string[];
  /** As a command's: made only when help is shown. */
  notes?: () => Promise<string>;
}

export type Node = CommandDef | GroupDef;

export function isGroup(node: Node): node is GroupDef {
  return "commands" in node;
}

/** Declares a command; the identity, keeping the literal types its handler's values come from. */
export function defineCommand<
  const Os extends readonly OptionDef[] = [],
  const As extends readonly ArgumentDef[] = [],
>(def: CommandDef<Os, As>): CommandDef<Os, As> {
  return def;
}

/** Declares an option shared by several commands, keeping its literal types. */
export function defineOption<const O extends OptionDef>(option: O): O {
  return option;
}

/** The input a command's declaration gives its handler. */
export type InvocationOf<C> = C extends CommandDef<infer Os, infer As> ? Invocation<Os, As>
  : never;

/**
 * A command's handler, its input typed by the command's declaration, named
 * by type only (`handlerOf<typeof uploadCommand>(...)` beside
 * `import type { uploadCommand }`), so the handler's module does not load
 * the declaration's and the two import each other in no circle:
 * `values.packageId` is `string | undefined`, `values.file` a `string[]`.
 * Export it annotated as `Handler`: the declaration's `load` names it, so
 * its type must not be read from the declaration in turn.
 */
export function handlerOf<C extends CommandDef<readonly OptionDef[], readonly ArgumentDef[]>>(
  handle: (ctx: Context, input: InvocationOf<C>) => Promise<Outcome>,
): Handler {
  return handle;
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
