/** Reading the JSON answers of the endpoints, trusting none of their fields. */
import type { BuildStatus, JobStatus } from "./types.ts";

/**
 * A job id the CLI can print and send back in a comma-separated list: the
 * API's ids are opaque (GUIDs in practice), so one with a control, bidi or
 * space character, or a comma, is not a real id.
 */
// deno-lint-ignore no-control-regex -- refusing control characters is the point
const JOB_ID = /^[^\s,\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,256}$/;

function isJobId(value: unknown): value is string {
  return typeof value === "string" && JOB_ID.test(value);
}

/** The job ids of a trigger's answer, or null when it has no list of usable ids. */
export function readJobIds(data: unknown): string[] | null {
  const jobIds = (data as { jobIds?: unknown } | null)?.jobIds;
  if (!Array.isArray(jobIds) || !jobIds.every(isJobId)) return null;
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
  if (!isJobId(jobId)) return null;
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
