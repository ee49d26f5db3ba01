/** What `build`, `status` and `publish` share: waiting for jobs, and their outcome. */
import type { ApiClient } from "../api/client.ts";
import { isTransient } from "../api/retry.ts";
import type { BuildStatus } from "../api/types.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import { info } from "../run/outcome.ts";
import { deadlineAfter } from "../sleep.ts";
import {
  BuildFailedError,
  CliError,
  InterruptedError,
  WaitTimeoutError,
  withSuffix,
} from "../errors.ts";
import { formatDuration } from "../text/duration.ts";
import type { BuildMeta, JobsResult, WaitEnd } from "../jobs/result.ts";
import {
  isDone,
  isFailed,
  isFinished,
  jobOf,
  stateText,
  waitForJobs,
  waitIsOver,
} from "../jobs/wait.ts";
import { escapeControl, serverText } from "../text/escape.ts";
import { jobsView } from "../output/jobs_view.ts";
import { PROGRAM_NAME } from "../version.ts";
import { progressEnv } from "./shared.ts";

export type { BuildMeta, JobsResult, WaitEnd } from "../jobs/result.ts";

export interface WaitSettings {
  /** 0 waits without limit. */
  timeoutMs: number;
  intervalMs: number;
  /**
   * Ends the wait when the server has not listed a job for this long: for
   * ids given by hand (`status --wait`), never for jobs this run started.
   */
  unknownAfterMs?: number;
}

/** How long `status --wait` waits for the server to list a job before calling its id unknown. */
export const UNKNOWN_AFTER_MS = 30_000;

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

/**
 * Polls the jobs until they end, time runs out, the run is stopped, or the
 * server refuses for good, showing progress as it goes. Never throws for
 * those: the result says how the wait ended, with the job ids.
 */
export async function waitJobs(
  ctx: Context,
  api: ApiClient,
  meta: BuildMeta,
  jobIds: string[],
  settings: WaitSettings,
): Promise<JobsResult> {
  const { deps } = ctx;
  const view = await jobsView(ctx.output, jobIds, progressEnv(ctx));
  const deadline = deadlineAfter(deps, settings.timeoutMs);
  let result: JobsResult = { meta, jobIds, end: { how: "interrupted", signal: "SIGINT" } };
  const seen = new Map<string, number>();
  const durations: Record<string, number> = {};
  try {
    await ctx.output.section("distropack_wait", "Waiting for the build jobs", async () => {
      for await (
        const event of waitForJobs({
          jobIds,
          poll: () => api.buildStatus(jobIds, { signal: deadline.signal }),
          sleep: deps.sleep,
          monotonic: deps.monotonic,
          signal: ctx.signal,
          intervalMs: settings.intervalMs,
          timeoutMs: settings.timeoutMs,
          isOutage: isTransient,
          deadline: deadline.signal,
          unknownAfterMs: settings.unknownAfterMs,
        })
      ) {
        view.handle(event);
        if (event.type === "changed") {
          if (!seen.has(event.jobId)) seen.set(event.jobId, deps.monotonic());
          if (isDone(event.job)) durations[event.jobId] = deps.monotonic() - seen.get(event.jobId)!;
        }
        if (event.type === "ended") {
          result = { ...result, status: event.status ?? result.status, end: event.end };
        } else if (event.type === "polled") result = { ...result, status: event.status };
      }
    });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    result = { ...result, end: { how: "error", error } };
  } finally {
    deadline.cancel();
    // The result shows the jobs' table; on a terminal the live one gives it its place.
    view.stop({ erase: true });
  }
  return { ...result, durations };
}

/**
 * One answer about the jobs, as a one-off `status` gives it; jobs the
 * server does not list are unknown to it.
 */
export async function reportJobs(
  api: ApiClient,
  meta: BuildMeta,
  jobIds: string[],
): Promise<JobsResult> {
  const status = await api.buildStatus(jobIds);
  const missing = jobIds.filter((id) => !jobOf(status, id));
  const end: WaitEnd = missing.length > 0
    ? { how: "unknown", jobIds: missing }
    : { how: "reported" };
  return { meta, jobIds, status, end };
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

function resumeCommand(jobIds: string[]): string {
  return `${PROGRAM_NAME} status --wait ${jobIds.join(" ")}`;
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
