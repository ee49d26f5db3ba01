import {
  ApiFailure,
  HttpError,
  NetworkFailure,
  type NetworkKind,
  UnexpectedAnswer,
} from "./errors.ts";

/** How long to wait between attempts when the server gives no Retry-After. */
export interface Backoff {
  /** The first retry waits between half of this and all of it. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
}

const DEFAULT_BACKOFF: Backoff = { baseMs: 500, capMs: 15_000 };

/**
 * The wait before retry number `retry` (0 for the first): exponential with
 * "equal jitter", i.e. between half and all of `base * 2^retry`, capped.
 * The jitter spreads many CI jobs hitting one server; the fixed half keeps a
 * lower bound so retries never hammer a server that is coming back up.
 */
export function backoffDelay(
  retry: number,
  random: () => number,
  backoff = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(backoff.capMs, backoff.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Reads a Retry-After header (delta seconds or an HTTP date) as milliseconds
 * from `nowMs`; undefined when absent or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Which requests may be repeated: a build trigger is not idempotent. */
export type RetryPolicy = "repeatable" | "trigger";

/** What went wrong with one attempt: an HTTP status, or how the connection failed. */
export type AttemptFailure = { status: number } | { network: NetworkKind };

/**
 * Whether a failed attempt may be repeated. Status polls and uploads (which
 * replace the file) are repeated on network errors, 429 and 5xx. A build
 * trigger is repeated only when the server cannot have acted on it: the
 * connection was never made, or the server said 429 or 503. After a reset or
 * a timeout the trigger may have started builds, and a second one could start
 * a second set. A TLS failure is never transient enough to retry. A proxy
 * that failed never passed the request on.
 */
export function shouldRetry(policy: RetryPolicy, failure: AttemptFailure): boolean {
  if ("status" in failure) {
    if (policy === "trigger") return failure.status === 429 || failure.status === 503;
    return failure.status === 429 || (failure.status >= 500 && failure.status <= 599);
  }
  if (failure.network === "tls" || failure.network === "blocked") return false;
  if (policy === "trigger") {
    return ["refused", "dns", "connect", "proxy"].includes(failure.network);
  }
  return true;
}

/**
 * Whether a call that failed for good failed for a passing reason, one a
 * repeatable request is retried for (the server or the network away for
 * now, a garbled answer), rather than an answer that will not change (a
 * refused token). A wait rides such failures out. An error that explains an
 * API failure (its cause) is judged by that failure.
 */
export function isTransient(error: unknown): boolean {
  let failure = error;
  for (let depth = 0; depth < 4 && !(failure instanceof ApiFailure); depth++) {
    if (!(failure instanceof Error)) return false;
    failure = failure.cause;
  }
  if (failure instanceof NetworkFailure) {
    return shouldRetry("repeatable", { network: failure.kind });
  }
  if (failure instanceof HttpError) return shouldRetry("repeatable", { status: failure.status });
  // A status answer that is not the JSON it should be: a proxy garbled it, or cut it short.
  return failure instanceof UnexpectedAnswer && failure.call === "status";
}
