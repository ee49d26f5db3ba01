/** Build statuses and job events as the server and the job stream give them, for the job views. */
import type { BuildStatus } from "../../src/api/types.ts";

/** A status of these jobs, none failed, not all finished. */
export function statusOf(
  jobs: Array<{ jobId: string; status: string; name: string }>,
): BuildStatus {
  return {
    jobs: jobs.map((job) => ({ ...job, failMessage: null, technicalError: null })),
    allFinished: false,
    anyFailed: false,
  };
}

/** The event of a job's state changing. */
export function changed(job: { jobId: string; status: string; name: string }, now: () => number) {
  const { jobId, status: state } = job;
  return {
    type: "changed" as const,
    jobId,
    job: { ...job, failMessage: null, technicalError: null },
    state,
    previous: undefined,
    elapsedMs: now(),
  };
}
