/**
 * Waiting for build jobs, as a stream of events a renderer consumes. Time
 * comes from the injected `monotonic` clock and `sleep`, so tests run it on
 * a fake clock, and a wall clock set forward (NTP on a fresh VM, a laptop
 * woken up) ends no wait early.
 */
import type { BuildStatus, JobStatus } from "../api/types.ts";
import { stoppedBy } from "../errors.ts";
import type { WaitEnd } from "./result.ts";

/** A job's state as the CLI tracks it: the server's status, or "initializing" while missing. */
export type JobState = string;
export const INITIALIZING = "initializing";

export type WaitEvent =
  /** Every answer to a poll. */
  | { type: "polled"; status: BuildStatus; elapsedMs: number }
  /** A job's state differs from the last poll (or is seen for the first time). */
  | {
    type: "changed";
    jobId: string;
    job: JobStatus | undefined;
    state: JobState;
    previous: JobState | undefined;
    elapsedMs: number;
  }
  /** A poll failed for now (the server is unreachable or failing); polling goes on. */
  | { type: "unreachable"; error: Error; retryInMs: number; elapsedMs: number }
  /** The first answer after polls failed. */
  | { type: "reachable"; elapsedMs: number }
  /** Nothing changed for a while: a sign of life for logs. */
  | { type: "heartbeat"; status: BuildStatus; elapsedMs: number }
  /**
   * The last event: how the wait ended (every job ended, the timeout, the
   * signal, or jobs the server has not listed for `unknownAfterMs`), with
   * the last status known, if any.
   */
  | { type: "ended"; end: WaitStop; status: BuildStatus | undefined; elapsedMs: number };

/** The ends a wait comes to by itself; the rest of `WaitEnd` is decided around it. */
export type WaitStop = Extract<
  WaitEnd,
  { how: "finished" | "timeout" | "interrupted" | "unknown" }
>;

export interface WaitOptions {
  jobIds: readonly string[];
  poll: () => Promise<BuildStatus>;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds on a clock that only moves forward: the timeout, heartbeats, unknown ids. */
  monotonic: () => number;
  signal: AbortSignal;
  intervalMs: number;
  /** 0 waits without limit. */
  timeoutMs: number;
  /** The longest silence between two events worth a log line. */
  heartbeatMs?: number;
  /**
   * Whether a failed poll is an outage worth waiting out (network errors,
   * 5xx, 429) rather than a final answer (a refused token).
   */
  isOutage?: (error: unknown) => boolean;
  /** Aborted when `timeoutMs` has passed, to end a poll that gets no answer. */
  deadline?: AbortSignal;
  /**
   * Ends the wait when a job has been missing from every answer for this
   * long. Unset for jobs this run started: the server returned their ids, so
   * a slow start is waited out.
   */
  unknownAfterMs?: number;
}

/** The longest pause between polls while the server is unreachable. */
const MAX_OUTAGE_PAUSE_MS = 60_000;

const DONE = new Set(["finished", "failed"]);

/** A job's status in lower case; a job without a usable one has none. */
function statusOf(job: JobStatus | undefined): string | undefined {
  return job?.status?.toLowerCase() ?? undefined;
}

/** True when the job has ended, well or badly. */
export function isDone(job: JobStatus | undefined): boolean {
  const status = statusOf(job);
  return status !== undefined && DONE.has(status);
}

export function isFailed(job: JobStatus | undefined): boolean {
  return statusOf(job) === "failed";
}

/** A job's entry in a status answer; undefined while it is still initializing (or no answer yet). */
export function jobOf(status: BuildStatus | undefined, jobId: string): JobStatus | undefined {
  return status?.jobs.find((job) => job.jobId === jobId);
}

/** Ended well: the only status that counts as success. */
export function isFinished(job: JobStatus | undefined): boolean {
  return statusOf(job) === "finished";
}

/**
 * Whether every requested job has ended, judged from the jobs themselves: a
 * job still initializing is missing from the answer, and an answer about no
 * jobs at all must not count as "all finished".
 */
export function allDone(jobIds: readonly string[], status: BuildStatus): boolean {
  return jobIds.every((id) => isDone(jobOf(status, id)));
}

/**
 * Whether waiting is over: every job has ended, or the server says all are
 * finished (a job it then reports in a state of its own counts as not
 * successful, but is not waited for forever).
 */
export function waitIsOver(jobIds: readonly string[], status: BuildStatus): boolean {
  return allDone(jobIds, status) || status.allFinished === true;
}

/** A job's state as text; the API has made every status a string or null. */
export function stateText(status: string | null): string {
  return status ?? "(no status)";
}

/**
 * The jobs missing from `status` for at least `afterMs`, counted from the
 * first answer they were missing from; `missingSince` keeps that count.
 */
function unknownJobs(
  jobIds: readonly string[],
  status: BuildStatus,
  missingSince: Map<string, number>,
  now: number,
  afterMs: number | undefined,
): string[] {
  if (afterMs === undefined) return [];
  for (const id of jobIds) {
    if (jobOf(status, id)) missingSince.delete(id);
    else if (!missingSince.has(id)) missingSince.set(id, now);
  }
  return jobIds.filter((id) => missingSince.has(id) && now - missingSince.get(id)! >= afterMs);
}

/** Polls until every job has ended, the timeout passes or the signal fires. */
export async function* waitForJobs(options: WaitOptions): AsyncGenerator<WaitEvent> {
  const { jobIds, poll, monotonic: now, signal, intervalMs, timeoutMs } = options;
  const start = now();
  const states = new Map<string, JobState>();
  const interrupted = (): WaitEvent => ({
    type: "ended",
    end: { how: "interrupted", signal: stoppedBy(signal) },
    status,
    elapsedMs: now() - start,
  });
  const timedOut = (elapsedMs: number): WaitEvent => ({
    type: "ended",
    end: { how: "timeout", timeoutMs },
    status,
    elapsedMs,
  });
  let status: BuildStatus | undefined;
  let lastEvent = start;
  let failedPolls = 0;
  // When each job was first missing from an answer, since it was last listed.
  const missingSince = new Map<string, number>();
  while (true) {
    if (signal.aborted) {
      yield interrupted();
      return;
    }
    try {
      status = await poll();
    } catch (error) {
      if (signal.aborted) {
        yield interrupted();
        return;
      }
      const elapsedMs = now() - start;
      if (options.deadline?.aborted) {
        yield timedOut(elapsedMs);
        return;
      }
      if (!options.isOutage?.(error)) throw error;
      if (timeoutMs > 0 && elapsedMs >= timeoutMs) {
        yield timedOut(elapsedMs);
        return;
      }
      const retryInMs = Math.min(MAX_OUTAGE_PAUSE_MS, intervalMs * 2 ** failedPolls++);
      yield { type: "unreachable", error: error as Error, retryInMs, elapsedMs };
      lastEvent = now();
      await pause(options, retryInMs, elapsedMs);
      continue;
    }
    if (failedPolls > 0) {
      failedPolls = 0;
      yield { type: "reachable", elapsedMs: now() - start };
    }
    const elapsedMs = now() - start;
    yield { type: "polled", status, elapsedMs };
    for (const changed of changes(jobIds, status, states, elapsedMs)) {
      lastEvent = now();
      yield changed;
    }
    if (waitIsOver(jobIds, status)) {
      yield { type: "ended", end: { how: "finished" }, status, elapsedMs };
      return;
    }
    const unknown = unknownJobs(jobIds, status, missingSince, now(), options.unknownAfterMs);
    if (unknown.length > 0) {
      const end: WaitStop = { how: "unknown", jobIds: unknown, afterMs: options.unknownAfterMs };
      yield { type: "ended", end, status, elapsedMs };
      return;
    }
    if (timeoutMs > 0 && elapsedMs >= timeoutMs) {
      yield timedOut(elapsedMs);
      return;
    }
    if (now() - lastEvent >= (options.heartbeatMs ?? 60_000)) {
      lastEvent = now();
      yield { type: "heartbeat", status, elapsedMs };
    }
    await pause(options, intervalMs, elapsedMs);
  }
}

/** A `changed` event for each job whose state is not the one last seen; `states` keeps up. */
function* changes(
  jobIds: readonly string[],
  status: BuildStatus,
  states: Map<string, JobState>,
  elapsedMs: number,
): Generator<WaitEvent> {
  for (const jobId of jobIds) {
    const job = jobOf(status, jobId);
    const state = job ? stateText(job.status) : INITIALIZING;
    const previous = states.get(jobId);
    if (previous === state) continue;
    states.set(jobId, state);
    yield { type: "changed", jobId, job, state, previous, elapsedMs };
  }
}

/**
 * Waits `ms`, no longer than the timeout leaves after `elapsedMs`, or until
 * the signal fires: the loop then ends the wait as interrupted.
 */
async function pause(
  { sleep, signal, timeoutMs }: WaitOptions,
  ms: number,
  elapsedMs: number,
): Promise<void> {
  try {
    await sleep(timeoutMs > 0 ? Math.min(ms, timeoutMs - elapsedMs) : ms, signal);
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
