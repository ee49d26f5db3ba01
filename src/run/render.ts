/**
 * The one place an outcome becomes output: the human lines, the `--json`
 * document and the CI's own reports, each written once; then the exit code,
 * chosen from the outcome. Nothing here throws for a failed outcome.
 */
import type { Host } from "../host.ts";
import { CliError, ExitCode, NearMissError } from "../errors.ts";
import { Output } from "../output/output.ts";
import { detectTerminal } from "../terminal.ts";
import type { Outcome } from "./outcome.ts";

/** The output for a run with these global flags, and the terminal it writes to. */
export function outputFor(deps: Host, flags: { json: boolean; quiet: boolean; debug: boolean }) {
  const terminal = detectTerminal(deps, flags.quiet);
  const output = new Output(deps, {
    format: flags.json ? "json" : "text",
    quiet: flags.quiet,
    debug: flags.debug,
    color: terminal.color,
    ci: terminal.ci,
  });
  return { deps, terminal, output };
}

/**
 * A mistake in argv, rendered in the one mode it is sure to ask for: of the
 * global flags argv gives (`flags`, their long names), only `--json` counts,
 * so the usage error is the one JSON document a script expects. A mistyped
 * name gets its "did you mean".
 */
export async function renderUsageFailure(
  flags: ReadonlySet<string>,
  deps: Host,
  error: unknown,
): Promise<number> {
  const view = outputFor(deps, { json: flags.has("json"), quiet: false, debug: false });
  return await render(view, { failure: asFailure(error) });
}

export async function render(
  run: { deps: Host; output: Output },
  outcome: Outcome,
): Promise<number> {
  const { output } = run;
  const json = output.mode.format === "json";
  const wordsToo = !(json && outcome.restatesDocument);
  if (wordsToo) { for (const line of outcome.lines ?? []) output.result(line); }
  for (const note of outcome.notes ?? []) {
    if (note.level === "warn") output.warn(note.text);
    else if (wordsToo) output.info(note.text);
  }
  const failure = outcome.failure && await worded(outcome.failure);
  if (failure) {
    output.error(failure.message);
    const cause = failure.cause instanceof Error ? failure.cause : failure;
    output.debug(cause.stack ?? failure.message);
  }
  if (json) output.document(jsonDocument({ ...outcome, failure }));
  await output.mode.ci?.report?.({ ...outcome, failure }, run.deps.env, output);
  return exitCode(run, failure?.exitCode ?? 0);
}

/**
 * The exit code, once the output the run could not write (a full disk) is
 * said: an `Error:` line each, and on a CI that annotates its log, an
 * annotation. A run that failed keeps its code, so a failed build still
 * exits 4; one that otherwise succeeded but lost its result (stdout, the
 * step outputs or summary) exits OutputLost. Lost messages on stderr alone
 * change nothing: the result is where it should be.
 */
export function exitCode(run: { output: Output }, code: number): number {
  const { output } = run;
  const lost = output.lost;
  if (lost.length === 0) return code;
  const errorLine = output.mode.ci?.errorLine;
  for (const { what, reason } of lost) {
    const message = `Could not write ${what}: ${reason.replace(/\.?$/, ".")}`;
    output.error(message);
    if (errorLine) output.workflowCommand(errorLine(message));
  }
  return code === 0 && lost.some((entry) => entry.result) ? ExitCode.OutputLost : code;
}

/** A mistyped name's error, worded with its closest candidate ("Did you mean ...?"). */
async function worded(failure: CliError): Promise<CliError> {
  if (!(failure instanceof NearMissError)) return failure;
  // suggest.ts pulls the npm package leven: loaded only when a name was mistyped.
  return (await import("../cli/suggest.ts")).withSuggestion(failure);
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
export function asFailure(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InternalError(`Unexpected failure: ${message} (run with --debug for details)`, {
    cause: error,
  });
}

class InternalError extends CliError {
  override readonly code = "internal";
}
