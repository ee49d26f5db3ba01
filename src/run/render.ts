/**
 * The one place an outcome becomes output: the human lines, the `--json`
 * document and the CI reports, each written once; then the exit code, chosen
 * from the outcome. Nothing here throws for a failed outcome. Loaded past
 * help and the version: for a command, or for a mistake in argv.
 */
import type { Host } from "../host.ts";
import { CliError, ExitCode } from "../errors.ts";
import { Output } from "../output/output.ts";
import { detectTerminal, type Terminal } from "../terminal.ts";
import { UnknownNameError } from "../cli/locate.ts";
import type { Outcome } from "./outcome.ts";

/** The output for a run in this mode, and the terminal it writes to. */
export function outputFor(deps: Host, mode: { json: boolean; quiet: boolean; debug: boolean }) {
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

/**
 * A mistake in argv, rendered in the one mode it is sure to ask for: only
 * `--json` is looked for, so the usage error is the one JSON document a
 * script expects. A mistyped name gets its "did you mean".
 */
export async function renderUsageFailure(
  argv: string[],
  deps: Host,
  error: unknown,
): Promise<number> {
  const failure = error instanceof UnknownNameError
    ? (await import("../cli/suggest.ts")).withSuggestion(error)
    : await asFailure(error);
  const end = argv.indexOf("--");
  const json = (end === -1 ? argv : argv.slice(0, end)).includes("--json");
  return await render(outputFor(deps, { json, quiet: false, debug: false }), { failure });
}

export async function render(
  run: { deps: Host; terminal: Terminal; output: Output },
  outcome: Outcome,
): Promise<number> {
  const { output } = run;
  const wordsToo = !(output.mode.json && outcome.restatesDocument);
  if (wordsToo) { for (const line of outcome.lines ?? []) output.result(line); }
  for (const note of outcome.notes ?? []) {
    if (note.level === "warn") output.warn(note.text);
    else if (wordsToo) output.info(note.text);
  }
  const { failure } = outcome;
  if (failure) {
    output.error(failure.message);
    const cause = failure.cause instanceof Error ? failure.cause : failure;
    output.debug(cause.stack ?? failure.message);
  }
  if (output.mode.json) output.document(jsonDocument(outcome));
  if (run.terminal.ci === "github") {
    const { writeCiReport } = await import("./ci_report.ts");
    await writeCiReport(run.deps, run.terminal, output, outcome);
  }
  return await exitCode(run, failure?.exitCode ?? 0);
}

/**
 * The exit code, once the output the run could not write (a full disk) is
 * said: an `Error:` line each, and on GitHub Actions an annotation. A run
 * that failed keeps its code, so a failed build still exits 4; one that
 * otherwise succeeded but lost its result (stdout, the step outputs or
 * summary) exits OutputLost. Lost messages on stderr alone change nothing:
 * the result is where it should be.
 */
export async function exitCode(
  run: { terminal?: Terminal; output: Output },
  code: number,
): Promise<number> {
  const { output } = run;
  const lost = output.lost;
  if (lost.length === 0) return code;
  const annotation = run.terminal?.ci === "github"
    ? (await import("../ci/github.ts")).annotation
    : undefined;
  for (const { what, reason } of lost) {
    const message = `Could not write ${what}: ${reason.replace(/\.?$/, ".")}`;
    output.error(message);
    if (annotation) output.workflowCommand(annotation("error", message));
  }
  return code === 0 && lost.some((entry) => entry.result) ? ExitCode.OutputLost : code;
}

/** The document, with the error beside the partial result when there was one. */
function jsonDocument(outcome: Outcome): Record<string, unknown> {
  const { failure, document } = outcome;
  if (!failure) return document ?? {};
  const error = { code: failure.code, message: failure.message, exit_code: failure.exitCode };
  return { ...document, error };
}

/**
 * Any thrown value as the CLI's error: its own errors as they are (the API
 * client's failures arrive explained, see connect.ts), the rest as internal.
 */
export function asFailure(error: unknown): Promise<CliError> {
  if (error instanceof CliError) return Promise.resolve(error);
  const message = error instanceof Error ? error.message : String(error);
  return Promise.resolve(
    new InternalError(`Unexpected failure: ${message} (run with --debug for details)`, {
      cause: error,
    }),
  );
}

class InternalError extends CliError {
  override readonly code = "internal";
}
