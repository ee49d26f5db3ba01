/** Reading the JSON answers of the endpoints, trusting none of their fields. */
import { escapeControl } from "../text/escape.ts";
import type { BuildStatus, JobStatus } from "./types.ts";

/**
 * A job id the CLI can print, write to a CI output and send back in a
 * comma-separated list. The API's ids are opaque, GUIDs in practice, so the
 * CLI takes only what such ids are made of: letters, digits, `-`, `_` and
 * `.`, at most 128 of them, starting with a letter or digit (an id that
 * starts with `-` would be read as an option). Anything else (a space, a
 * comma, a quote, `$`, `;`, a control character) is not a real id, and could
 * turn a line that pastes it into a script into a command.
 */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The most job ids one call takes, and one trigger may answer with: far more than targets exist. */
export const MAX_JOB_IDS = 100;

/** What a job id may hold, for messages. */
export const JOB_ID_RULE =
  "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 128 of them";

export function isJobId(value: unknown): value is string {
  return typeof value === "string" && JOB_ID.test(value);
}

/**
 * The job ids of a trigger's answer, or what is wrong with it: no list, too
 * long a list, or an entry that is not a job id, quoted with its control
 * characters escaped (it is shown, never run).
 */
export function readJobIds(data: unknown): { jobIds: string[] } | { problem: string } {
  const jobIds = (data as { jobIds?: unknown } | null)?.jobIds;
  const none = "no list of usable jobIds";
  if (!Array.isArray(jobIds)) return { problem: none };
  if (jobIds.length > MAX_JOB_IDS) {
    return { problem: `${none} (${jobIds.length} ids, more than the ${MAX_JOB_IDS} expected)` };
  }
  const bad = jobIds.find((id) => !isJobId(id));
  if (bad !== undefined) {
    return { problem: `${none}: ${quoted(bad)} is not a job id (${JOB_ID_RULE})` };
  }
  return { jobIds };
}

/** A value as JSON text, cut short, its control characters escaped: shown, never run. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return escapeControl(text.length > 80 ? `${text.slice(0, 77)}...` : text);
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
