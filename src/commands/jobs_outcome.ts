/**
 * The outcome of a wait for jobs or of one report: a line per job, the
 * `--json` document of `build` and `status`, and the failure that picks the
 * exit code.
 */
import type { BuildStatus } from "../api/types.ts";
import type { Outcome } from "../run/outcome.ts";
import { info } from "../run/outcome.ts";
import {
  BuildFailedError,
  CliError,
  InterruptedError,
  WaitTimeoutError,
  withSuffix,
} from "../errors.ts";
import { formatDuration } from "../text/duration.ts";
import type { BuildMeta, JobsResult } from "../jobs/result.ts";
import { isFailed, isFinished, jobOf, stateText, waitIsOver } from "../jobs/wait.ts";
import { escapeControl, serverText } from "../text/escape.ts";
import { shellCommand } from "../text/shell.ts";
import { PROGRAM_NAME } from "../version.ts";

/** A job id the server does not know: mistyped, from another account, or not created yet. */
export class JobNotFoundError extends CliError {
  override readonly code = "not_found";
}

/** The `--json` shape of `build` and `status`. */
interface JobsDocument extends BuildMeta {
  job_ids: string[];
  jobs: Array<{
    job_id: string;
    name: string | null;
    status: string | null;
    fail_message: string | null;
    technical_error: string | null;
  }>;
  all_finished: boolean;
  any_failed: boolean;
}

function jobsDocument(result: JobsResult): JobsDocument {
  const { meta, jobIds, status } = result;
  const find = (id: string) => jobOf(status, id);
  return {
    ...meta,
    job_ids: jobIds,
    jobs: jobIds.map((id) => {
      const job = find(id);
      return {
        job_id: id,
        name: serverText(job?.name),
        status: job ? serverText(job.status) : null,
        fail_message: serverText(job?.failMessage),
        technical_error: serverText(job?.technicalError),
      };
    }),
    all_finished: status ? waitIsOver(jobIds, status) : false,
    any_failed: jobIds.some((id) => isFailed(find(id))),
  };
}

/** The command that resumes the wait, quoted for pasting into a shell. */
function resumeCommand(jobIds: string[]): string {
  return shellCommand([PROGRAM_NAME, "status", "--wait", ...jobIds]);
}

/**
 * The outcome of a wait or a report: a line per job (with the failure
 * details), the `--json` document, and the failure that picks the exit code.
 * Whatever ended the wait, the job ids and the resume command are in it.
 */
export function jobsOutcome(result: JobsResult): Outcome {
  const { jobIds } = result;
  const document = jobsDocument(result) as unknown as Record<string, unknown>;
  if (result.end.how === "started") {
    return {
      document,
      lines: [...jobIds],
      notes: [info(`Follow the builds with: ${resumeCommand(jobIds)}`)],
    };
  }
  const unknown = result.end.how === "unknown" ? result.end.jobIds : [];
  const lines = summaryLines(jobIds, result.status, unknown);
  const failure = jobsFailure(result);
  if (!failure && result.end.how === "finished") lines.push("All builds finished successfully!");
  return { document, lines, ...(failure ? { failure } : {}) };
}

/** The failure a result's end and jobs come to, made last: it picks the exit code. */
function jobsFailure(result: JobsResult): CliError | undefined {
  const { jobIds, end } = result;
  const ids = `Job ids: ${jobIds.join(", ")}.`;
  const resume = resumeCommand(jobIds);
  switch (end.how) {
    case "timeout":
      return new WaitTimeoutError(
        `Timed out after ${formatDuration(end.timeoutMs)} waiting for the build jobs; ` +
          `they keep running on the server. ${ids} Keep watching with: ${resume}`,
      );
    case "interrupted":
      return new InterruptedError(
        `Stopped waiting; the builds keep running on the server. ${ids} Resume with: ${resume}`,
        end.signal,
      );
    case "error":
      return withSuffix(end.error, `${ids} Resume with: ${resume}`);
    case "unknown":
      return notFound(jobIds, end.jobIds, end.afterMs);
  }
  const find = (id: string) => jobOf(result.status, id);
  // After a wait every job must have finished; a one-off report fails on failed jobs only.
  const unsuccessful = jobIds.filter((id) =>
    end.how === "finished" ? !isFinished(find(id)) : isFailed(find(id))
  );
  if (unsuccessful.length === 0) return undefined;
  const names = unsuccessful.map((id) => serverText(find(id)?.name) ?? id);
  return new BuildFailedError(
    `${unsuccessful.length} of ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"} ` +
      `failed: ${names.join(", ")}.`,
  );
}

/**
 * Jobs the server does not list: once (then it may not have created them
 * yet), or for `afterMs` of a wait (then the ids are most likely wrong).
 */
function notFound(jobIds: string[], unknown: string[], afterMs?: number): JobNotFoundError {
  const one = unknown.length === 1;
  const which = `${one ? "Job" : "Jobs"} not found: ${unknown.join(", ")}`;
  if (afterMs === undefined) {
    return new JobNotFoundError(
      `${which}. If ${one ? "it was" : "they were"} just created by \`build --no-wait\`, ` +
        `try again in a few seconds; otherwise check the ${one ? "id" : "ids"}.`,
    );
  }
  const others = jobIds.filter((id) => !unknown.includes(id));
  const follow = others.length === 0
    ? ""
    : ` The other jobs keep running on the server; follow them with: ${resumeCommand(others)}`;
  return new JobNotFoundError(
    `${which} (the server has not listed ${one ? "it" : "them"} for ` +
      `${formatDuration(afterMs)}). Check the ${one ? "id" : "ids"}, as \`build\` printed ` +
      `${one ? "it" : "them"}.${follow}`,
  );
}

function summaryLines(
  jobIds: string[],
  status: BuildStatus | undefined,
  unknown: string[],
): string[] {
  const lines: string[] = [];
  for (const id of jobIds) {
    const job = jobOf(status, id);
    const missing = unknown.includes(id) ? "not found" : "initializing";
    const state = job ? escapeControl(stateText(job.status)) : missing;
    lines.push(`${(serverText(job?.name) ?? "-").padEnd(8)} ${state.padEnd(12)} ${id}`);
    if (job?.failMessage) lines.push(`  Fail message: ${oneLine(job.failMessage)}`);
    if (job?.technicalError) lines.push(`  Technical error: ${oneLine(job.technicalError)}`);
  }
  return lines;
}

/** A server's multi-line text on one line, its line breaks shown as ` | `. */
function oneLine(text: string): string {
  return escapeControl(text.trim().replace(/\s*\r?\n\s*/g, " | "));
}
