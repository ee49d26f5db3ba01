/**
 * A CI system as the CLI knows it: how to tell a run is on it, where it puts
 * the tag it builds, and what its log and its reports take. Each one is
 * declared in a module of its own and listed once in providers.ts; the
 * output, the renderer and the version resolver ask the provider, never
 * which CI it is.
 */
import type { Env, EnvName } from "../settings/env.ts";
import type { RunReport } from "./report.ts";

export interface CiProvider {
  /** How messages name it: `GitHub Actions`. */
  readonly name: string;
  /**
   * Whether this run is on it. Absent where nothing the CLI does depends on
   * it beyond the `CI` variable: its tag is read either way.
   */
  detect?(env: Env): boolean;
  /** Where it puts the tag it builds: the version when `--version` is omitted. */
  readonly tag?: TagVariable;
  /** The markers of a collapsible section of its log. */
  readonly logSections?: LogSections;
  /** A line its log shows as an error (an annotation) for `message`. */
  errorLine?(message: string): string;
  /** Reports a run's outcome the CI's own way: annotations, a summary, step outputs. */
  report?(outcome: RunOutcome, env: Env, log: ReportLog): Promise<void>;
}

export interface TagVariable {
  /** The variable that holds the tag, reported as the version's source. */
  name: EnvName;
  /** How help names it, when the name alone does not say when it counts. */
  shown?: string;
  /** The tag, or undefined when this CI is not building a tag. */
  read(env: Env): string | undefined;
  /** When the CI says the run is a branch build: the variables that say so. */
  notTag?(env: Env): string | undefined;
}

export interface LogSections {
  /** The text that opens the section `name` titled `header`, collapsed unless told. */
  start(name: string, header: string, nowMs: number, collapsed?: boolean): string;
  /** The text that closes the section `name`. */
  end(name: string, nowMs: number): string;
}

/** What a CI reports of a run's outcome (src/run/outcome.ts has the whole of it). */
export interface RunOutcome {
  /** Set when the run failed. */
  failure?: { message: string };
  /** What the run did, for summaries and outputs. */
  report?: RunReport;
  /** false: no step summary (`publish --no-summary`). */
  stepSummary?: false;
}

/** Where a provider's reports go besides the files its environment names. */
export interface ReportLog {
  /** A line for the CI to read in the log (stderr), written as it is. */
  workflowCommand(line: string): void;
  /** Keeps a report that could not be written, for the run to say at its end. */
  lose(what: string, reason: unknown): void;
}
