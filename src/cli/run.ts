/**
 * Runs the CLI on `argv` (without the program name) and returns the exit
 * code: parse, run the command, render its outcome once. Nothing in here
 * exits the process; main.ts does.
 */
import type { Deps } from "../deps.ts";
import { InterruptedError, stoppedBy } from "../errors.ts";
import { Output, type OutputMode } from "../output/output.ts";
import { detectTerminal } from "../terminal.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";
import type { Outcome } from "./outcome.ts";
import { parse, pathName, UnknownNameError, usageError } from "./parse.ts";
import { COMMAND_TREE } from "./registry.ts";
import { asFailure, render } from "./render.ts";

/** How long a command may take to wind down after a stop signal before the run ends anyway. */
export const INTERRUPT_GRACE_MS = 1_000;

export async function run(argv: string[], deps: Deps): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv, COMMAND_TREE);
  } catch (error) {
    const failure = error instanceof UnknownNameError
      ? (await import("./suggest.ts")).withSuggestion(error)
      : await asFailure(error);
    return await render(outputFor(deps, beforeParse(argv)), { failure });
  }
  switch (parsed.kind) {
    case "version":
      new Output(deps, PLAIN).print(`${PROGRAM_NAME} ${VERSION}\n`);
      return 0;
    case "help":
      new Output(deps, PLAIN).print(await (await import("./help.ts")).helpText(parsed.path));
      return 0;
    case "group": {
      // A group without its subcommand: its help, then a usage error like any other.
      const view = outputFor(deps, parsed.globals);
      if (!parsed.globals.json) {
        view.output.print(await (await import("./help.ts")).helpText(parsed.path), "stderr");
      }
      const failure = usageError(`'${pathName(parsed.path)}' needs a command`, parsed.path);
      return parsed.globals.json ? await render(view, { failure }) : failure.exitCode;
    }
  }
  const { globals } = parsed;
  const view = outputFor(deps, globals);
  // The config layer loads only for a command, never for help or a usage error.
  const { Context } = await import("./context.ts");
  const stop = new Stop(() => deps.signal);
  const ctx = new Context(deps, view.output, view.terminal, globals.config, () => stop.signal);
  let outcome: Outcome;
  try {
    const handler = await parsed.command.load();
    outcome = await Promise.race([handler(ctx, parsed.input), stop.ended]);
  } catch (error) {
    outcome = { failure: await asFailure(error) };
  } finally {
    stop.close();
    ctx.close();
  }
  return await render(view, outcome);
}

/** The output for a run in this mode, and the terminal it writes to. */
function outputFor(deps: Deps, mode: { json: boolean; quiet: boolean; debug: boolean }) {
  const terminal = detectTerminal(deps, mode.quiet);
  const output = new Output(deps, {
    json: mode.json,
    quiet: mode.quiet,
    debug: mode.debug,
    color: terminal.color,
    gitlab: terminal.ci === "gitlab",
  });
  return { deps, terminal, output };
}

/** The mode of help and version text: plain text on stdout, nothing asked of the terminal. */
const PLAIN: OutputMode = { json: false, quiet: false, debug: false, color: false };

/**
 * The output mode when argv could not be parsed: only `--json` is looked
 * for, so the usage error is the one JSON document a script expects.
 */
function beforeParse(argv: string[]) {
  const end = argv.indexOf("--");
  const json = (end === -1 ? argv : argv.slice(0, end)).includes("--json");
  return { json, quiet: false, debug: false };
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
    // Only when armed: the runtime loads its timers module on first use, a cost at start-up.
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this.#arm);
  }
}
