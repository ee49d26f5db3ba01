/** Waiting for build jobs (`build`, `status --wait`, `publish`), or one report of them. */
import type { ApiClient } from "../api/client.ts";
import { isTransient } from "../api/retry.ts";
import type { Context } from "../run/context.ts";
import { deadlineAfter } from "../sleep.ts";
import { CliError } from "../errors.ts";
import type { BuildMeta, JobsResult, WaitEnd } from "../jobs/result.ts";
import { isDone, jobOf, waitForJobs } from "../jobs/wait.ts";
import { jobsView } from "../output/jobs_view.ts";
import { progressEnv } from "./shared.ts";

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
