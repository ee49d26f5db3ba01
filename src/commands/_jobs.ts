/** What `build` and `status` share: waiting for jobs, and reporting them. */
import type { ApiClient } from "../api/client.ts";
import type { BuildStatus, JobStatus } from "../api/types.ts";
import type { Context } from "../context.ts";
import { BuildFailedError, InterruptedError, WaitTimeoutError } from "../errors.ts";
import { formatDuration } from "../input/duration.ts";
import { allDone, isFailed, waitForJobs } from "../jobs/wait.ts";
import { jobsView } from "../output/jobs_view.ts";
import { PROGRAM_NAME } from "../version.ts";
import { progressEnv } from "./_shared.ts";

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
  outcome: "started" | "reported" | "finished" | "timeout" | "interrupted";
  timeoutMs?: number;
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

/** Polls the jobs until they end, time runs out or Ctrl-C, showing progress as it goes. */
export async function waitJobs(
  ctx: Context,
  api: ApiClient,
  meta: BuildMeta,
  jobIds: string[],
  settings: WaitSettings,
): Promise<JobsResult> {
  const { deps } = ctx;
  const view = await jobsView(ctx.output, jobIds, progressEnv(ctx));
  let result: JobsResult = { meta, jobIds, outcome: "interrupted" };
  try {
    for await (
      const event of waitForJobs({
        jobIds,
        poll: () => api.buildStatus(jobIds),
        sleep: deps.sleep,
        now: deps.now,
        signal: deps.signal,
        intervalMs: settings.intervalMs,
        timeoutMs: settings.timeoutMs,
      })
    ) {
      view.handle(event);
      if (event.type === "finished" || event.type === "timeout" || event.type === "interrupted") {
        result = { meta, jobIds, status: event.status, outcome: event.type, ...settings };
      }
    }
  } finally {
    view.stop();
  }
  return result;
}

export function jobsDocument(result: JobsResult): JobsDocument {
  const { meta, jobIds, status } = result;
  const find = (id: string) => status?.jobs.find((job) => job.jobId === id);
  return {
    ...meta,
    job_ids: jobIds,
    jobs: jobIds.map((id) => {
      const job = find(id);
      return {
        job_id: id,
        name: job?.name ?? null,
        status: job?.status ?? null,
        fail_message: job?.failMessage ?? null,
        technical_error: job?.technicalError ?? null,
      };
    }),
    all_finished: status ? allDone(jobIds, status) : false,
    any_failed: jobIds.some((id) => isFailed(find(id))),
  };
}

export function resumeCommand(jobIds: string[]): string {
  return `${PROGRAM_NAME} status --wait ${jobIds.join(" ")}`;
}

/**
 * Prints the jobs (one line each on stdout, with the failure details), the
 * `--json` document, and turns the outcome into the exit code's error.
 */
export function renderJobs(ctx: Context, result: JobsResult): void {
  const { output } = ctx;
  const { jobIds } = result;
  output.json(jobsDocument(result));
  if (result.outcome === "started") {
    for (const id of jobIds) output.result(id);
    output.info(`Follow the builds with: ${resumeCommand(jobIds)}`);
    return;
  }
  for (const line of summaryLines(jobIds, result.status)) output.result(line);
  const ids = jobIds.join(", ");
  if (result.outcome === "timeout") {
    throw new WaitTimeoutError(
      `Timed out after ${formatDuration(result.timeoutMs ?? 0)} waiting for the build jobs; ` +
        `they keep running on the server. Job ids: ${ids}. ` +
        `Keep watching with: ${resumeCommand(jobIds)}`,
    );
  }
  if (result.outcome === "interrupted") {
    throw new InterruptedError(
      `Stopped waiting; the builds keep running on the server. Job ids: ${ids}. ` +
        `Resume with: ${resumeCommand(jobIds)}`,
    );
  }
  const document = jobsDocument(result);
  const failed = document.jobs.filter((job) => job.status?.toLowerCase() === "failed");
  if (failed.length > 0) {
    throw new BuildFailedError(
      `${failed.length} of ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"} failed: ` +
        `${failed.map((job) => job.name ?? job.job_id).join(", ")}.`,
    );
  }
  if (result.outcome === "finished") output.result("All builds finished successfully!");
}

function summaryLines(jobIds: string[], status: BuildStatus | undefined): string[] {
  const lines: string[] = [];
  for (const id of jobIds) {
    const job: JobStatus | undefined = status?.jobs.find((candidate) => candidate.jobId === id);
    lines.push(
      `${(job?.name ?? "-").padEnd(8)} ${(job?.status ?? "initializing").padEnd(12)} ${id}`,
    );
    if (job?.failMessage) lines.push(`  Fail message: ${oneLine(job.failMessage)}`);
    if (job?.technicalError) lines.push(`  Technical error: ${oneLine(job.technicalError)}`);
  }
  return lines;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, " | ");
}
