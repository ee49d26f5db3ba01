/**
 * Runs what argv names past help and the version: reads the command's
 * options and arguments against its declaration, runs its handler in the
 * run's context under the stop signal, and renders the outcome once.
 */
import type { Host } from "../host.ts";
import { InterruptedError, stoppedBy } from "../errors.ts";
import { Context } from "../run/context.ts";
import type { GroupDef } from "../cli/define.ts";
import { helpText } from "../cli/help.ts";
import { flagsGiven, type Located, pathName, usageError } from "../cli/locate.ts";
import type { Outcome } from "../run/outcome.ts";
import { readCommand, readGlobals } from "../cli/parse.ts";
import type { Handler } from "../commands/handler.ts";
import { globalValues } from "../commands/options.ts";
import { asFailure, outputFor, render, renderUsageFailure } from "../run/render.ts";

/** How long a command may take to wind down after a stop signal before the run ends anyway. */
export const INTERRUPT_GRACE_MS = 1_000;

export async function invoke(
  argv: string[],
  deps: Host,
  located: Extract<Located<Handler>, { kind: "command" }>,
  root: GroupDef,
): Promise<number> {
  let read;
  try {
    read = readCommand(located, root);
  } catch (error) {
    return await renderUsageFailure(flagsGiven(argv, root), deps, error);
  }
  const globals = globalValues(read.globals);
  const view = outputFor(deps, globals);
  const stop = new Stop(() => deps.signal);
  const ctx = new Context(deps, view.output, view.terminal, globals.config, () => stop.signal);
  let outcome: Outcome;
  try {
    outcome = await Promise.race([located.command.handler(ctx, read.input), stop.ended]);
  } catch (error) {
    outcome = { failure: asFailure(error) };
  } finally {
    stop.close();
    ctx.close();
  }
  return await render(view, outcome);
}

/** A group named without its command: its help on stderr, then a usage error like any other. */
export async function missingCommand(
  argv: string[],
  deps: Host,
  located: Extract<Located, { kind: "group" }>,
): Promise<number> {
  let globals;
  try {
    globals = globalValues(readGlobals(located));
  } catch (error) {
    return await renderUsageFailure(flagsGiven(argv, located.path[0] as GroupDef), deps, error);
  }
  const view = outputFor(deps, globals);
  if (!globals.json) view.output.print(helpText(located.path), "stderr");
  const failure = usageError(`'${pathName(located.path)}' needs a command`, located.path);
  return globals.json ? await render(view, { failure }) : failure.exitCode;
}

/**
 * The stop signal of a command's run, taken from the deps the first time the
 * command asks for it (main.ts starts listening for Ctrl-C and SIGTERM then).
 * Once it fires, `ended` rejects with InterruptedError after the grace
 * period, unless the command has finished by itself by then (commands that
 * wait on the server stop themselves and say how to resume).
 */
export class Stop {
  readonly ended: Promise<never>;
  #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #interrupt: (error: InterruptedError) => void = () => {};

  /** `take` reads the deps' signal, which starts the listening. */
  constructor(private readonly take: () => AbortSignal) {
    this.ended = new Promise<never>((_, reject) => this.#interrupt = reject);
  }

  get signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    const signal = this.#signal = this.take();
    if (signal.aborted) this.#arm();
    else signal.addEventListener("abort", this.#arm, { once: true });
    return signal;
  }

  #arm = () => {
    const signal = this.#signal!;
    this.#timer = setTimeout(
      () => this.#interrupt(new InterruptedError("Interrupted.", stoppedBy(signal))),
      INTERRUPT_GRACE_MS,
    );
  };

  close(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#arm);
  }
}
