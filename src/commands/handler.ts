/**
 * What a command's handler is in this program: it gets the run's context
 * and its input, typed by its declaration, and returns an outcome. The
 * framework (src/cli/) carries handlers without knowing this type.
 */
import type {
  ArgumentDef,
  CommandDef,
  GroupDef,
  Invocation,
  OptionDef,
  ParsedInput,
} from "../cli/define.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";

/**
 * A handler as the command tree holds it. Written as a method, whose
 * parameters are compared both ways, so a handler typed by its command's
 * declaration fits: the parser builds its input from that same declaration.
 */
interface HandlerSlot {
  handle(ctx: Context, input: ParsedInput): Promise<Outcome>;
}
export type Handler = HandlerSlot["handle"];

/** A group of commands, or the tree's root. */
export type Group = GroupDef<Handler>;

/**
 * Declares a command with its handler, whose input is typed from the
 * declaration: `values.packageId` is `string | undefined`, `values.file` a
 * `string[]`.
 */
export function defineCommand<
  const Os extends readonly OptionDef[] = [],
  const As extends readonly ArgumentDef[] = [],
>(
  def: CommandDef<Os, As, (ctx: Context, input: Invocation<Os, As>) => Promise<Outcome>>,
): CommandDef<Os, As, Handler> {
  return def;
}
