/**
 * Reading a failed attempt: what it was (an answer other than 2xx, or how
 * the connection failed) and what to say about it. Whether it may be
 * repeated, and when, is retry.ts's.
 */
import {
  ACTIONS,
  type ApiCall,
  type ApiFailure,
  Forbidden,
  HttpError,
  NetworkFailure,
  type NetworkKind,
  Unauthorized,
} from "./errors.ts";
import type { Deadline } from "./deadline.ts";
import type { ProxyChoice } from "./network.ts";
import { type AttemptFailure, parseRetryAfter } from "./retry.ts";

export type Judged = { response: Response } | {
  failure: { status: number };
  error: HttpError;
  retryAfterMs?: number;
};

const MAX_MESSAGE_CHARS = 300;
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-amzn-requestid",
  "cf-ray",
];

/** The answer itself when 2xx, else its status and typed error (with Retry-After, if any). */
export async function judge(
  call: ApiCall,
  response: Response,
  nowMs: number,
  redact: (text: string) => string,
): Promise<Judged> {
  if (response.ok) return { response };
  const message = await serverMessage(response, redact);
  const found = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find(Boolean);
  const requestId = found ? redact(found) : undefined;
  const { status } = response;
  // The reason phrase is the server's text too (Deno's fetch puts in the standard one; node:http does not).
  const statusText = redact(response.statusText);
  const failure = { status };
  if (status === 401) {
    return { failure, error: new Unauthorized(call, status, statusText, message, requestId) };
  }
  if (status === 403) {
    return { failure, error: new Forbidden(call, status, statusText, message, requestId) };
  }
  return {
    failure,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), nowMs),
    error: new HttpError(call, status, statusText, message, requestId),
  };
}

/** The server's message, readable in one line: JSON fields unwrapped, tags dropped, cut short. */
async function serverMessage(
  response: Response,
  redact: (text: string) => string,
): Promise<string> {
  let text = (await response.text().catch(() => "")).trim();
  const type = response.headers.get("content-type") ?? "";
  if (/json/i.test(type) || /^[{"]/.test(text)) {
    try {
      const data = JSON.parse(text);
      const field = typeof data === "string"
        ? data
        : ["message", "error", "title", "detail"].map((key) => data?.[key])
          .find((value) => typeof value === "string");
      if (typeof field === "string") text = field;
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  if (/html/i.test(type)) text = text.replace(/<[^>]*>/g, " ");
  text = redact(text).replace(/\s+/g, " ").trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}...` : text;
}

/**
 * How a fetch failed, from Deno's error text: its errors carry no code, only
 * text, so the kind is read from the message chain.
 */
export function classifyNetworkError(
  error: unknown,
): Exclude<NetworkKind, "proxy" | "timeout" | "early"> {
  const text = errorDetail(error);
  // Deno refuses some ports outright, as browsers do, and requests without permission.
  if (/requests to port \d+ are blocked|requires net access|NotCapable/i.test(text)) {
    return "blocked";
  }
  if (
    /invalid HTTP|error decoding|invalid (gzip|deflate|brotli)|unexpected end of file/i.test(text)
  ) {
    return "garbled";
  }
  if (/connection refused|os error 111|ECONNREFUSED/i.test(text)) return "refused";
  if (/dns error|failed to lookup|name or service not known|no such host|ENOTFOUND/i.test(text)) {
    return "dns";
  }
  if (/\btls\b|certificate|handshake|\bssl\b/i.test(text)) return "tls";
  if (/\(Connect\)/.test(text)) return "connect";
  return "reset";
}

/** How far a send got when it failed: its deadline, its proxy, whether an answer had come. */
export interface SendState {
  deadline: Deadline;
  proxy: ProxyChoice | null;
  answered: boolean;
}

/** A send that failed in the runtime, as the error that says how; `redact` takes the token out. */
export function networkFailure(
  call: ApiCall,
  error: unknown,
  { deadline, proxy, answered }: SendState,
  host: string,
  redact: (text: string) => string,
): NetworkFailure {
  // After an answer came, failing to read it means the answer was garbled.
  let kind: NetworkKind = deadline.fired
    ? "timeout"
    : answered
    ? "garbled"
    : classifyNetworkError(error);
  if (proxy && kind !== "timeout" && isProxyFailure(kind, error)) kind = "proxy";
  const detail = kind === "timeout"
    ? `${deadline.label} for ${seconds(deadline.ms)}`
    : redact(detailOf(kind, error));
  const via = proxy ? { host: proxy.host, variable: proxy.variable } : undefined;
  return new NetworkFailure(call, kind, host, detail, via, { cause: error });
}

/**
 * Whether a failure through a proxy was the proxy's. Through a proxy the
 * client resolves and connects to the proxy only (the proxy reaches the
 * API host), so a refusal, a DNS or a connect failure is the proxy's, as is
 * a refused tunnel. TLS runs end to end with the API host and stays its own.
 */
function isProxyFailure(kind: NetworkKind, error: unknown): boolean {
  return ["refused", "dns", "connect"].includes(kind) ||
    /unsuccessful tunnel/i.test(errorDetail(error));
}

/** The messages of an error and its causes, without fetch's bare "fetch failed". */
export function errorDetail(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.filter((part) => part && part !== "fetch failed").join(": ") || "fetch failed";
}

/**
 * The runtime's words for a failure of this kind, as a message shows them:
 * for a garbled answer, what was wrong with it, without the request it
 * answered ("invalid HTTP header parsed").
 */
function detailOf(kind: NetworkKind, error: unknown): string {
  const text = errorDetail(error);
  if (kind !== "garbled") return text;
  return text.replace(/^.*\bclient error \(\w+\): /, "");
}

/** A few words for retry lines: "Could not ... (connection refused); retrying". */
function describeKind(kind: NetworkKind): string {
  return {
    refused: "connection refused",
    dns: "host name not resolved",
    tls: "TLS failure",
    connect: "could not connect",
    timeout: "timed out",
    reset: "connection broken",
    proxy: "proxy failed",
    blocked: "not sent",
    garbled: "unreadable answer",
    early: "answered before the whole file was sent",
  }[kind];
}

/** `30 s`, `1.5 s`. */
function seconds(ms: number): string {
  return ms >= 10_000 || ms % 1000 === 0
    ? `${Math.round(ms / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}

/** "Could not upload the file (connection refused); retrying in 1.5 s (attempt 2 of 5)." */
export function retryNotice(
  call: ApiCall,
  failure: AttemptFailure,
  delayMs: number,
  attempt: { next: number; of: number },
): string {
  const reason = "status" in failure ? `HTTP ${failure.status}` : describeKind(failure.network);
  return `Could not ${ACTIONS[call]} (${reason}); retrying in ${seconds(delayMs)} ` +
    `(attempt ${attempt.next} of ${attempt.of}).`;
}

/** An upload answered with success before its body was sent: not whole, so not a success. */
export function earlyAnswer(
  call: ApiCall,
  host: string,
  status: number,
): { failure: AttemptFailure; error: ApiFailure } {
  const detail = `it said HTTP ${status} while the file was still being sent`;
  return { failure: { network: "early" }, error: new NetworkFailure(call, "early", host, detail) };
}
