/** What `build`, `status` and `publish` share: waiting for jobs, and their outcome. */
import type { ApiClient } from "../api/client.ts";
import { isTransient } from "../api/retry.ts";
import type { BuildStatus } from "../api/types.ts";
import type { Context } from "../cli/context.ts";
import type { Outcome } from "../cli/outcome.ts";
import { info } from "../cli/outcome.ts";
import { stoppedBy } from "../deps.ts";
import { deadlineAfter } from "../sleep.ts";
import {
  BuildFailedError,
  CliError,
  InterruptedError,
  WaitTimeoutError,
  withSuffix,
} from "../errors.ts";
import { formatDuration } from "../input/duration.ts";
import {
  isDone,
  isFailed,
  isFinished,
  jobOf,
  stateText,
  waitForJobs,
  waitIsOver,
} from "../jobs/wait.ts";
import { escapeControl, serverText } from "../output/escape.ts";
import { jobsView } from "../output/jobs_view.ts";
import { PROGRAM_NAME } from "../version.ts";
import { gitlabSection } from "./sections.ts";
import { progressEnv } from "./shared.ts";

/** What a build was started for; null where it does not apply (a `status` run). */
export interface BuildMeta {
  package_id: string | null;
  version: string | null;
  target: string | null;
}

export interface WaitSettings {
  /** 0 waits without limit. */
  timeoutMs: number;
  intervalMs: number;
}

export interface JobsResult {
  meta: BuildMeta;
  jobIds: string[];
  /** The last status the server gave; none for a build started without waiting. */
  status?: BuildStatus;
  outcome: "started" | "reported" | "finished" | "timeout" | "interrupted" | "error";
  timeoutMs?: number;
  /** Why waiting ended early, when the server could not be asked any more. */
  error?: CliError;
  /** How long each ended job took, from when the wait first saw it. */
  durations?: Record<string, number>;
}

/** The `--json` shape of `build` and `status`. */
export interface JobsDocument extends BuildMeta {
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
  let result: JobsResult = { meta, jobIds, outcome: "interrupted", ...settings };
  const seen = new Map<string, number>();
  const durations: Record<string, number> = {};
  try {
    await gitlabSection(ctx, "distropack_wait", "Waiting for the build jobs", async () => {
      for await (
        const event of waitForJobs({
          jobIds,
          poll: () => api.buildStatus(jobIds, { signal: deadline.signal }),
          sleep: deps.sleep,
          now: deps.now,
          signal: deps.signal,
          intervalMs: settings.intervalMs,
          timeoutMs: settings.timeoutMs,
          isOutage: isTransient,
          deadline: deadline.signal,
        })
      ) {
        view.handle(event);
        if (event.type === "changed") {
          if (!seen.has(event.jobId)) seen.set(event.jobId, deps.now());
          if (isDone(event.job)) durations[event.jobId] = deps.now() - seen.get(event.jobId)!;
        }
        if (event.type === "finished" || event.type === "timeout" || event.type === "interrupted") {
          result = { ...result, status: event.status ?? result.status, outcome: event.type };
        } else if (event.type === "polled") {
          result = { ...result, status: event.status };
        }
      }
    });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    result = { ...result, outcome: "error", error };
  } finally {
    deadline.cancel();
    view.stop();
  }
  return { ...result, durations };
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
export function jobsOutcome(ctx: Context, result: JobsResult): Outcome {
  const { jobIds } = result;
  const document = jobsDocument(result) as unknown as Record<string, unknown>;
  if (result.outcome === "started") {
    return {
      document,
      lines: [...jobIds],
      notes: [info(`Follow the builds with: ${resumeCommand(jobIds)}`)],
    };
  }
  const lines = summaryLines(jobIds, result.status);
  const failure = jobsFailure(ctx, result);
  if (!failure && result.outcome === "finished") lines.push("All builds finished successfully!");
  return { document, lines, ...(failure ? { failure } : {}) };
}

function jobsFailure(ctx: Context, result: JobsResult): CliError | undefined {
  const { jobIds } = result;
  const ids = `Job ids: ${jobIds.join(", ")}.`;
  const resume = resumeCommand(jobIds);
  switch (result.outcome) {
    case "timeout":
      return new WaitTimeoutError(
        `Timed out after ${formatDuration(result.timeoutMs ?? 0)} waiting for the build jobs; ` +
          `they keep running on the server. ${ids} Keep watching with: ${resume}`,
      );
    case "interrupted":
      return new InterruptedError(
        `Stopped waiting; the builds keep running on the server. ${ids} Resume with: ${resume}`,
        stoppedBy(ctx.deps.signal),
      );
    case "error":
      return withSuffix(result.error!, `${ids} Resume with: ${resume}`);
  }
  const find = (id: string) => jobOf(result.status, id);
  // After a wait every job must have finished; a one-off report fails on failed jobs only.
  const unsuccessful = jobIds.filter((id) =>
    result.outcome === "finished" ? !isFinished(find(id)) : isFailed(find(id))
  );
  if (unsuccessful.length === 0) return undefined;
  const names = unsuccessful.map((id) => serverText(find(id)?.name) ?? id);
  return new BuildFailedError(
    `${unsuccessful.length} of ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"} ` +
      `failed: ${names.join(", ")}.`,
  );
}

function summaryLines(jobIds: string[], status: BuildStatus | undefined): string[] {
  const lines: string[] = [];
  for (const id of jobIds) {
    const job = jobOf(status, id);
    const state = job ? escapeControl(stateText(job.status)) : "initializing";
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
