/** Reading the JSON answers of the endpoints, trusting none of their fields. */
import type { BuildStatus, JobStatus } from "./types.ts";

/** The job ids of a trigger's answer, or null when it has no list of strings. */
export function readJobIds(data: unknown): string[] | null {
  const jobIds = (data as { jobIds?: unknown } | null)?.jobIds;
  if (!Array.isArray(jobIds) || !jobIds.every((id) => typeof id === "string")) return null;
  return jobIds;
}

/**
 * A `build_status` answer, or null when it has no job list. Jobs without a
 * usable id are dropped; every other field is normalized to text or null.
 */
export function readBuildStatus(data: unknown): BuildStatus | null {
  if (typeof data !== "object" || data === null) return null;
  const { jobs, allFinished, anyFailed } = data as Record<string, unknown>;
  if (!Array.isArray(jobs)) return null;
  return {
    jobs: jobs.map(readJob).filter((job): job is JobStatus => job !== null),
    allFinished: allFinished === true,
    anyFailed: anyFailed === true,
  };
}

function readJob(value: unknown): JobStatus | null {
  if (typeof value !== "object" || value === null) return null;
  const job = value as Record<string, unknown>;
  const jobId = typeof job.jobId === "number" ? String(job.jobId) : job.jobId;
  if (typeof jobId !== "string") return null;
  return {
    jobId,
    status: text(job.status),
    name: text(job.name),
    failMessage: text(job.failMessage),
    technicalError: text(job.technicalError),
  };
}

/** A string as it is; null or missing as null; anything else as its JSON text. */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? null;
}
