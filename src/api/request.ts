/** What a request is, and how the client that sends it is set up. */
import type { ApiCall, ApiFailure } from "./errors.ts";
import type { NetworkEnv, ProxyChoice } from "./network.ts";
import type { Backoff, RetryPolicy } from "./retry.ts";
import type { QueryValue } from "./url.ts";

export interface ClientLog {
  /** Request traces for `--debug`; never given the token. */
  debug(text: string): void;
  /** One line per retry in normal output. */
  notice(text: string): void;
}

export interface TransportOptions {
  /** A base URL already checked by the caller (https, or http to loopback or where allowed). */
  baseUrl: string;
  token: string;
  userAgent: string;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch (the wall clock): only for dates, an HTTP-date Retry-After. */
  now: () => number;
  /** A clock that only moves forward, to time requests; `performance.now()` when omitted. */
  monotonic?: () => number;
  log: ClientLog;
  /** Aborts every call of this client (Ctrl-C); each call may also take its own. */
  signal?: AbortSignal;
  /** Proxy variables are read through this; never from the process directly. */
  env?: NetworkEnv;
  /** Extra trusted CAs, PEM (e.g. the contents of SSL_CERT_FILE). */
  caCerts?: string[];
  fetch?: typeof fetch;
  random?: () => number;
  /** Retries after the first attempt. */
  retries?: number;
  backoff?: Backoff;
  /** Longest wait for an answer (connecting included) to a small request. */
  answerTimeoutMs?: number;
  /** An upload fails when no byte moves for this long. */
  inactivityTimeoutMs?: number;
  /** The most silence an upload waits for answers once its body is sent, all attempts together. */
  uploadAnswerTimeoutMs?: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs?: number;
}

/** Hooks a body uses to tell the deadlines how the upload goes. */
export interface BodyHooks {
  /** Bytes moved: the inactivity deadline starts again. */
  touch(): void;
  /** The last byte is handed over: now the server gets a while to answer. */
  sent(): void;
  /**
   * True when this body resends the same attempt framed with Content-Length,
   * because the server refused the chunked one (HTTP 411): not a new attempt.
   */
  resent: boolean;
}

export interface Body {
  bytes: BodyInit;
  contentType: string;
  /**
   * The exact byte count of a streamed body. Streams go chunked; with this
   * known, a server that refuses chunked bodies (HTTP 411) gets the body
   * again with Content-Length.
   */
  length?: number;
  /** Releases what the body holds (the open file), whatever happened. */
  close?: () => void;
  /** A failure of the body itself (the file changed), which ends the request unretried. */
  failure?: () => ApiFailure | undefined;
}

export interface RequestSpec {
  call: ApiCall;
  method: "GET" | "POST";
  endpoint: string;
  query: Array<[string, QueryValue]>;
  policy: RetryPolicy;
  /** Makes a fresh body for each attempt. */
  body?: (hooks: BodyHooks) => Promise<Body>;
  /** Bounded by inactivity and the answer budget rather than by the answer timeout. */
  upload?: boolean;
  /** The caller's signal: when it fires the call rejects with Aborted, and is never retried. */
  signal?: AbortSignal;
}

/** One request as sent, by fetch or framed with its length. */
export interface Dispatch {
  call: ApiCall;
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
  signal: AbortSignal;
  proxy: ProxyChoice | null;
  client: Deno.HttpClient | undefined;
  /** Set to send the body with this Content-Length rather than chunked. */
  length: number | undefined;
}
