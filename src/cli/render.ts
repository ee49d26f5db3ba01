/**
 * The one place a command's outcome becomes output: the human lines, the
 * `--json` document and the CI reports, each written once; then the exit
 * code, chosen from the outcome. Nothing here throws for a failed outcome.
 */
import type { Deps } from "../deps.ts";
import { CliError } from "../errors.ts";
import type { Output } from "../output/output.ts";
import type { Terminal } from "../terminal.ts";
import type { Outcome } from "./outcome.ts";

export async function render(
  run: { deps: Deps; terminal: Terminal; output: Output },
  outcome: Outcome,
): Promise<number> {
  const { output } = run;
  for (const line of outcome.lines ?? []) output.result(line);
  for (const note of outcome.notes ?? []) {
    if (note.level === "warn") output.warn(note.text);
    else output.info(note.text);
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
  return failure?.exitCode ?? 0;
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
