/**
 * What a command returns: its data and how it ended. One renderer turns it
 * into text, the `--json` document and CI reports; the exit code is chosen
 * from it last.
 */
import type { RunReport } from "../ci/report.ts";
import type { CliError } from "../errors.ts";

export interface Note {
  level: "info" | "warn";
  text: string;
}

export interface Outcome {
  /** The `--json` document; absent when the command failed before having one. */
  document?: Record<string, unknown>;
  /** Result lines for people: stdout, or stderr with `--json`. */
  lines?: string[];
  /** Notes for people after the result, on stderr. */
  notes?: Note[];
  /**
   * The lines and the info notes only put the document into words (`config
   * show`): with `--json` they are left out, so the document comes alone
   * (warnings still go to stderr).
   */
  restatesDocument?: true;
  /** Set when the outcome is a failure: build failed, timed out, interrupted, an error. */
  failure?: CliError;
  /** The data of CI reports (GitHub annotations, step summary, outputs). */
  report?: RunReport;
  /** false: the CI report writes no step summary (`publish --no-summary`). */
  stepSummary?: false;
}

export function info(text: string): Note {
  return { level: "info", text };
}

export function warn(text: string): Note {
  return { level: "warn", text };
}
