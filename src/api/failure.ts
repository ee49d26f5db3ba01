/**
 * How a failed fetch is classified. Deno's fetch errors carry no code, only
 * text, so the kind is read from the message chain.
 */
import {
  ACTIONS,
  type ApiCall,
  type ApiFailure,
  NetworkFailure,
  type NetworkKind,
} from "./errors.ts";
import type { AttemptFailure } from "./retry.ts";

/** How a fetch failed, from Deno's error text. */
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

/**
 * Whether a failure through a proxy was the proxy's. Through a proxy the
 * client resolves and connects to the proxy only (the proxy reaches the
 * API host), so a refusal, a DNS or a connect failure is the proxy's, as is
 * a refused tunnel. TLS runs end to end with the API host and stays its own.
 */
export function isProxyFailure(kind: NetworkKind, error: unknown): boolean {
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
export function detailOf(kind: NetworkKind, error: unknown): string {
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
export function seconds(ms: number): string {
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
