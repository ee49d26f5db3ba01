/**
 * The one HTTP client of the DistroPack API (see API.md). It owns the base
 * URL and the token, builds URLs, retries what may be retried, bounds every
 * wait, refuses to follow the token to another origin and turns every
 * failure into a typed error whose message says what to do.
 */
import { AuthError, InterruptedError } from "../errors.ts";
import { ApiError, NetworkError, type NetworkFailure, RedirectError } from "./errors.ts";
import {
  type ByteSource,
  contentType,
  fileBody,
  newBoundary,
  textFieldsBody,
} from "./multipart.ts";
import {
  type AttemptFailure,
  type Backoff,
  backoffDelay,
  DEFAULT_BACKOFF,
  parseRetryAfter,
  type RetryPolicy,
  shouldRetry,
} from "./retry.ts";
import type { BuildStatus, JobStatus, Target } from "./types.ts";
import { apiUrl, type QueryValue } from "./url.ts";

export interface ClientLog {
  /** Request traces for `--debug`; never given the token. */
  debug(text: string): void;
  /** One line per retry in normal output. */
  notice(text: string): void;
}

export interface ClientOptions {
  /** A base URL already checked by `parseBaseUrl`. */
  baseUrl: string;
  token: string;
  userAgent: string;
  /** Aborted on Ctrl-C: every request and every wait stops. */
  signal: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  log: ClientLog;
  fetch?: typeof fetch;
  random?: () => number;
  /** Retries after the first attempt. */
  retries?: number;
  backoff?: Backoff;
  /** Longest wait for an answer (connecting included) to a small request. */
  answerTimeoutMs?: number;
  /** An upload fails when no byte moves for this long. */
  inactivityTimeoutMs?: number;
  /** After the last byte of an upload, how long the server may take to answer. */
  uploadAnswerTimeoutMs?: number;
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs?: number;
}

interface RequestSpec {
  method: "GET" | "POST";
  endpoint: string;
  query: Array<[string, QueryValue]>;
  /** What the request does, for messages: "upload the file". */
  action: string;
  policy: RetryPolicy;
  /** Makes a fresh body for each attempt, telling the upload's progress to the timeouts. */
  body?: (activity: { touch: () => void; sent: () => void }) => Promise<Body>;
  /** Bounded by inactivity rather than by the answer timeout. */
  upload?: boolean;
}

interface Body {
  bytes: BodyInit;
  contentType: string;
  /** Releases what the body holds (the open file), whatever happened. */
  close?: () => void;
}

type Attempt = { response: Response } | {
  failure: AttemptFailure;
  error: Error;
  retryAfterMs?: number;
};

const MAX_REDIRECTS = 5;
const MAX_MESSAGE_CHARS = 300;
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-amzn-requestid",
  "cf-ray",
];

export class ApiClient {
  readonly #options: Required<Omit<ClientOptions, "fetch">> & { fetch: typeof fetch };
  readonly #origin: string;
  readonly #host: string;

  constructor(options: ClientOptions) {
    this.#options = {
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      random: Math.random,
      retries: 4,
      backoff: DEFAULT_BACKOFF,
      answerTimeoutMs: 30_000,
      inactivityTimeoutMs: 60_000,
      uploadAnswerTimeoutMs: 300_000,
      maxRetryAfterMs: 300_000,
      ...stripUndefined(options),
    };
    const url = new URL(options.baseUrl);
    this.#origin = url.origin;
    this.#host = url.host;
  }

  /**
   * Uploads a file into a package's slot, streaming it from `open()` on each
   * attempt (an upload replaces the slot's file, so repeating it is safe).
   */
  async uploadFile(args: {
    packageId: string;
    refId: string;
    filename: string;
    open: () => Promise<ByteSource>;
    /** Called when an attempt starts streaming, 1 for the first. */
    onAttempt?: (attempt: number) => void;
    onProgress?: (sentBytes: number) => void;
    signal?: AbortSignal;
  }): Promise<void> {
    let attempt = 0;
    const response = await this.#request({
      method: "POST",
      endpoint: "upload_file",
      query: [["packageId", args.packageId], ["accessName", args.refId]],
      action: "upload the file",
      policy: "repeatable",
      upload: true,
      body: async ({ touch, sent }) => {
        const source = await args.open();
        args.onAttempt?.(++attempt);
        const boundary = newBoundary();
        return {
          bytes: fileBody({
            boundary,
            fieldName: "file",
            filename: args.filename,
            source,
            onProgress: (bytes) => {
              touch();
              args.onProgress?.(bytes);
            },
            onEnd: sent,
          }),
          contentType: contentType(boundary),
          close: () => {
            try {
              source.close();
            } catch {
              // Closed already by the body at its end.
            }
          },
        };
      },
    });
    await response.body?.cancel();
  }

  /** Starts builds of all enabled targets, or of one; returns the job ids. */
  async triggerBuild(packageId: string, version: string, target?: Target): Promise<string[]> {
    const query: Array<[string, QueryValue]> = [["packageId", packageId]];
    if (target) query.push(["distroType", target]);
    const response = await this.#request({
      method: "POST",
      endpoint: target ? "build_package_single" : "build_package",
      query,
      action: "start the build",
      policy: "trigger",
      body: () => {
        const boundary = newBoundary();
        return Promise.resolve({
          bytes: textFieldsBody(boundary, { version }),
          contentType: contentType(boundary),
        });
      },
    });
    const data = await this.#json(response, "start the build");
    const jobIds = (data as { jobIds?: unknown })?.jobIds;
    if (!Array.isArray(jobIds) || !jobIds.every((id) => typeof id === "string")) {
      throw this.#unexpected("start the build", response, "no jobIds list");
    }
    return jobIds;
  }

  /** The status of existing jobs. */
  async buildStatus(jobIds: readonly string[]): Promise<BuildStatus> {
    const response = await this.#request({
      method: "GET",
      endpoint: "build_status",
      query: [["jobIds", jobIds]],
      action: "get the build status",
      policy: "repeatable",
    });
    const data = await this.#json(response, "get the build status") as Partial<BuildStatus>;
    if (!data || !Array.isArray(data.jobs)) {
      throw this.#unexpected("get the build status", response, "no jobs list");
    }
    const jobs = data.jobs.filter((job): job is JobStatus =>
      typeof job === "object" && job !== null && typeof job.jobId === "string"
    );
    return { jobs, allFinished: data.allFinished === true, anyFailed: data.anyFailed === true };
  }

  /** Sends a request, retrying as its policy allows; resolves with a 2xx answer. */
  async #request(spec: RequestSpec): Promise<Response> {
    const { retries, maxRetryAfterMs } = this.#options;
    for (let retry = 0;; retry++) {
      const attempt = await this.#attempt(spec);
      if ("response" in attempt) return attempt.response;
      const { failure, error, retryAfterMs } = attempt;
      if (retry >= retries || !shouldRetry(spec.policy, failure)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) throw error;
      const delay = retryAfterMs ??
        backoffDelay(retry, this.#options.random, this.#options.backoff);
      const reason = "status" in failure
        ? `HTTP ${failure.status}`
        : describeFailure(failure.network);
      const line = `Could not ${spec.action} (${reason}); retrying in ${seconds(delay)} ` +
        `(attempt ${retry + 2} of ${retries + 1}).`;
      this.#options.log.debug(`retry: ${line}`);
      this.#options.log.notice(line);
      try {
        await this.#options.sleep(delay, this.#options.signal);
      } catch {
        throw this.#interrupted(spec);
      }
    }
  }

  /** One attempt, following same-origin redirects. */
  async #attempt(spec: RequestSpec): Promise<Attempt> {
    let url = apiUrl(this.#options.baseUrl, spec.endpoint, spec.query);
    for (let hops = 0;; hops++) {
      const attempt = await this.#send(spec, url);
      if (!("response" in attempt)) return attempt;
      const { response } = attempt;
      if (![301, 302, 303, 307, 308].includes(response.status)) return this.#judge(spec, response);
      await response.body?.cancel();
      const location = response.headers.get("location");
      const next = location === null ? null : new URL(location, url);
      if (next === null) {
        throw this.#unexpected(spec.action, response, "a redirect without a Location");
      }
      if (next.origin !== this.#origin) {
        throw new RedirectError(
          `The server redirected the request to ${next.origin}, which is not the base URL's ` +
            `origin (${this.#origin}); the API token is only ever sent to the base URL. If the ` +
            `service has moved, set the new base URL with 'distropack-cli config set-base-url' ` +
            `or DISTROPACK_API_URL.`,
        );
      }
      if (spec.method === "POST" && response.status !== 307 && response.status !== 308) {
        throw this.#unexpected(
          spec.action,
          response,
          `a redirect to ${next.pathname} that would drop the request body`,
        );
      }
      if (hops >= MAX_REDIRECTS) {
        throw this.#unexpected(spec.action, response, "too many redirects");
      }
      url = next.href;
    }
  }

  /** Sends once under the timeouts; a network failure is returned, not thrown. */
  async #send(spec: RequestSpec, url: string): Promise<Attempt | { response: Response }> {
    const { log, now, signal } = this.#options;
    const deadline = new Deadline();
    const started = now();
    let body: Body | undefined;
    try {
      if (spec.upload) deadline.arm(this.#options.inactivityTimeoutMs, "no upload progress");
      else deadline.arm(this.#options.answerTimeoutMs, "no answer");
      body = spec.body
        ? await spec.body({
          touch: () => deadline.arm(this.#options.inactivityTimeoutMs, "no upload progress"),
          // Once the whole body is sent, the server gets a while to store it and answer.
          sent: () =>
            deadline.arm(this.#options.uploadAnswerTimeoutMs, "no answer after the upload"),
        })
        : undefined;
      const headers: Record<string, string> = {
        "Authorization": `Bearer ${this.#options.token}`,
        "User-Agent": this.#options.userAgent,
        "Accept": "application/json, text/plain, */*",
      };
      if (body) headers["Content-Type"] = body.contentType;
      log.debug(`${spec.method} ${url}`);
      log.debug(
        `  Authorization: Bearer [redacted]; User-Agent: ${this.#options.userAgent}` +
          (body ? `; Content-Type: ${body.contentType}` : ""),
      );
      const fetched = this.#options.fetch(url, {
        method: spec.method,
        headers,
        body: body?.bytes,
        redirect: "manual",
        signal: AbortSignal.any([signal, deadline.signal]),
      });
      const response = await fetched;
      deadline.arm(this.#options.answerTimeoutMs, "no answer");
      log.debug(`  -> ${response.status} ${response.statusText} in ${now() - started} ms`);
      // Reading the body stays under the deadline until #judge has it.
      const bytes = await response.arrayBuffer();
      const nullBody = [101, 204, 205, 304].includes(response.status);
      const buffered = new Response(nullBody ? null : bytes, response);
      return { response: buffered };
    } catch (error) {
      if (signal.aborted) throw this.#interrupted(spec);
      const failure: NetworkFailure = deadline.fired ? "timeout" : classifyNetworkError(error);
      const detail = this.#redact(errorDetail(error));
      log.debug(`  -> failed after ${now() - started} ms: ${failure}: ${detail}`);
      return {
        failure: { network: failure },
        error: this.#networkError(spec, failure, detail, deadline, error),
      };
    } finally {
      deadline.clear();
      body?.close?.();
    }
  }

  /** Turns a final answer into the response (2xx) or a failure with its typed error. */
  async #judge(spec: RequestSpec, response: Response): Promise<Attempt> {
    if (response.ok) return { response };
    const message = await this.#serverMessage(response);
    const requestId = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find(Boolean) ??
      undefined;
    const suffix = (message ? `: ${message}` : ".") +
      (requestId ? ` (request id ${this.#redact(requestId)})` : "");
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), this.#options.now());
    if (response.status === 401) {
      return {
        failure: { status: 401 },
        error: new AuthError(
          `Unauthorized: the server refused the API token (HTTP 401)${suffix}\n` +
            "Check that:\n" +
            "  - the token is correct, with no extra spaces or characters;\n" +
            "  - it has not been revoked in the dashboard (API Tokens);\n" +
            "  - your account has an active subscription.\n" +
            "Set a new token with 'distropack-cli config set-token' or DISTROPACK_API_TOKEN.",
        ),
      };
    }
    if (response.status === 403) {
      return {
        failure: { status: 403 },
        error: new AuthError(
          `Forbidden (HTTP 403): the API token has no access to this package, or the account's ` +
            `subscription is inactive${suffix} Check the package id, the token and the ` +
            `subscription in the dashboard.`.replace(/\.\. /, ". "),
        ),
      };
    }
    const statusText = response.statusText ? ` ${response.statusText}` : "";
    return {
      failure: { status: response.status },
      retryAfterMs,
      error: new ApiError(
        `Could not ${spec.action}: the server answered HTTP ${response.status}${statusText}${suffix}`,
        response.status,
        message,
        requestId,
      ),
    };
  }

  async #json(response: Response, action: string): Promise<unknown> {
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      throw this.#unexpected(action, response, "an answer that is not JSON");
    }
  }

  /** The server's message, readable in one line: JSON fields unwrapped, tags dropped, cut short. */
  async #serverMessage(response: Response): Promise<string> {
    let text = (await response.text().catch(() => "")).trim();
    if (/json/i.test(response.headers.get("content-type") ?? "") || /^[{"]/.test(text)) {
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
    if (/html/i.test(response.headers.get("content-type") ?? "")) {
      text = text.replace(/<[^>]*>/g, " ");
    }
    text = this.#redact(text).replace(/\s+/g, " ").trim();
    return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}...` : text;
  }

  #unexpected(action: string, response: Response, what: string): ApiError {
    return new ApiError(
      `Could not ${action}: the server sent ${what} (HTTP ${response.status}). ` +
        `Check that the base URL points at the DistroPack API.`,
      response.status,
      "",
    );
  }

  #networkError(
    spec: RequestSpec,
    failure: NetworkFailure,
    detail: string,
    deadline: Deadline,
    cause: unknown,
  ): NetworkError {
    const host = this.#host;
    const maybeStarted = spec.policy === "trigger"
      ? " The request was sent, so the build may have started: check the dashboard before " +
        "triggering it again, as a second trigger may start a second set of builds."
      : "";
    const messages: Record<NetworkFailure, string> = {
      refused: `Could not ${spec.action}: ${host} refused the connection. ` +
        `Check the base URL and that the server is up.`,
      dns: `Could not ${spec.action}: the host name ${host} could not be resolved (${detail}). ` +
        `Check the base URL and your network; behind a proxy, set HTTPS_PROXY.`,
      tls: `Could not ${spec.action}: the secure connection to ${host} failed (${detail}). ` +
        `If a proxy or company CA intercepts TLS, trust its certificate (DENO_CERT=/path/to/ca.pem, ` +
        `or DENO_TLS_CA_STORE=system to use the system's store); behind a proxy, set HTTPS_PROXY.`,
      connect: `Could not ${spec.action}: connecting to ${host} failed (${detail}). ` +
        `Check the base URL and your network; behind a proxy, set HTTPS_PROXY.`,
      timeout: `Could not ${spec.action}: ${host} timed out (${deadline.label} for ` +
        `${seconds(deadline.ms)}).${maybeStarted}`,
      reset: `Could not ${spec.action}: the connection to ${host} broke before an answer ` +
        `arrived (${detail}).${maybeStarted}`,
    };
    return new NetworkError(messages[failure], failure, { cause });
  }

  #interrupted(spec: RequestSpec): InterruptedError {
    return new InterruptedError(
      spec.policy === "trigger"
        ? "Interrupted while starting the build; it may have started on the server anyway. " +
          "Check the dashboard before triggering it again."
        : `Interrupted while trying to ${spec.action}.`,
    );
  }

  #redact(text: string): string {
    return this.#options.token ? text.split(this.#options.token).join("[redacted]") : text;
  }
}

/** A timer that aborts a request, re-armed on activity. */
class Deadline {
  #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  fired = false;
  label = "";
  ms = 0;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(ms: number, label: string): void {
    clearTimeout(this.#timer);
    if (this.fired || ms <= 0) return;
    this.label = label;
    this.ms = ms;
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#controller.abort(new DOMException(`Timed out: ${label}`, "TimeoutError"));
    }, ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** How a fetch failed, from Deno's error text (there is no error code to read). */
export function classifyNetworkError(error: unknown): NetworkFailure {
  const text = errorDetail(error);
  if (/connection refused|os error 111|ECONNREFUSED/i.test(text)) return "refused";
  if (/dns error|failed to lookup|name or service not known|no such host|ENOTFOUND/i.test(text)) {
    return "dns";
  }
  if (/\btls\b|certificate|handshake|\bssl\b/i.test(text)) return "tls";
  if (/\(Connect\)/.test(text)) return "connect";
  return "reset";
}

function errorDetail(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    parts.push(e instanceof Error ? e.message : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.filter((part) => part && part !== "fetch failed").join(": ") || "fetch failed";
}

function describeFailure(failure: NetworkFailure): string {
  return {
    refused: "connection refused",
    dns: "host name not resolved",
    tls: "TLS failure",
    connect: "could not connect",
    timeout: "timed out",
    reset: "connection broken",
  }[failure];
}

function seconds(ms: number): string {
  return ms >= 10_000 || ms % 1000 === 0
    ? `${Math.round(ms / 1000)} s`
    : `${(ms / 1000).toFixed(1)} s`;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
