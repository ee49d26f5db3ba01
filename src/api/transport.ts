/**
 * Sending one API request: the headers, the per-attempt signal (the caller's
 * signal, the client's and a deadline), retries as the request's policy
 * allows, same-origin redirects only, and the connection (proxy, CAs).
 * Every failure becomes an ApiFailure; the token never appears in one.
 */
import { readAnswer } from "./answer_size.ts";
import { Deadline } from "./deadline.ts";
import { Aborted, ApiFailure, InvalidRequest } from "./errors.ts";
import { dispatch } from "./dispatch.ts";
import {
  earlyAnswer,
  errorDetail,
  judge,
  networkFailure,
  retryNotice,
  type SendState,
} from "./failed_attempt.ts";
import { HttpClients, type NetworkEnv, type ProxyChoice, proxyFor } from "./network.ts";
import { redirectTarget } from "./redirect.ts";
import { type AttemptFailure, backoffDelay, shouldRetry } from "./retry.ts";
import { apiUrl } from "./url.ts";
import type { Body, RequestSpec, TransportOptions } from "./request.ts";

export type { Body, BodyHooks, ClientLog, RequestSpec, TransportOptions } from "./request.ts";

type Attempt = { response: Response } | {
  failure: AttemptFailure;
  error: ApiFailure;
  retryAfterMs?: number;
};

/** What one call carries from attempt to attempt. */
interface CallState {
  spec: RequestSpec;
  signal: AbortSignal | undefined;
  /** Silence left for answers after upload bodies were sent. */
  answerBudgetMs: number;
  /** Whether the body sent last had a known length, so could go with Content-Length. */
  lengthKnown: boolean;
  /** Set once a request of this call is handed to the network: from then it may have arrived. */
  sent: boolean;
}

/** Options kept out of the defaults: four in fields of their own, `backoff` as given (retry.ts has its default). */
type Unset = "fetch" | "signal" | "env" | "caCerts" | "backoff";

export class Transport {
  readonly #o: Required<Omit<TransportOptions, Unset>> & Pick<TransportOptions, "backoff">;
  readonly #fetch: typeof fetch;
  readonly #signal?: AbortSignal;
  readonly #env: NetworkEnv;
  readonly #clients: HttpClients;
  readonly #origin: string;
  readonly #host: string;
  /** Set once the server refused a chunked body (HTTP 411): later bodies go with their length. */
  #lengthRequired = false;

  constructor(options: TransportOptions) {
    this.#o = {
      random: Math.random,
      monotonic: () => performance.now(),
      retries: 4,
      answerTimeoutMs: 30_000,
      inactivityTimeoutMs: 60_000,
      uploadAnswerTimeoutMs: 300_000,
      maxRetryAfterMs: 300_000,
      ...stripUndefined(options),
    };
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#signal = options.signal;
    this.#env = options.env ?? (() => undefined);
    this.#clients = new HttpClients(options.caCerts ?? []);
    const url = new URL(options.baseUrl);
    this.#origin = url.origin;
    this.#host = url.host;
  }

  /** Sends a request, retrying as its policy allows; resolves with a 2xx answer, body buffered. */
  async request(spec: RequestSpec): Promise<Response> {
    const signals = [this.#signal, spec.signal].filter((s): s is AbortSignal => s !== undefined);
    const state: CallState = {
      spec,
      signal: signals.length ? AbortSignal.any(signals) : undefined,
      answerBudgetMs: this.#o.uploadAnswerTimeoutMs,
      lengthKnown: false,
      sent: false,
    };
    const { retries, maxRetryAfterMs } = this.#o;
    for (let retry = 0;; retry++) {
      if (state.signal?.aborted) throw this.#aborted(state);
      const attempt = await this.#attempt(state);
      if ("response" in attempt) return attempt.response;
      const { failure, error, retryAfterMs } = attempt;
      if (retry >= retries || !shouldRetry(spec.policy, failure)) throw error;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) throw error;
      if (spec.upload && state.answerBudgetMs <= 0) throw error;
      const delay = retryAfterMs ?? backoffDelay(retry, this.#o.random, this.#o.backoff);
      const line = retryNotice(spec.call, failure, delay, { next: retry + 2, of: retries + 1 });
      this.#o.log.debug(`retry: ${line}`);
      this.#o.log.notice(line);
      try {
        await this.#o.sleep(delay, state.signal);
      } catch (error) {
        if (state.signal?.aborted) throw this.#aborted(state);
        throw error;
      }
    }
  }

  /**
   * One attempt, following same-origin redirects, and sending the body again
   * with its length when the server refused it chunked (HTTP 411).
   */
  async #attempt(state: CallState): Promise<Attempt> {
    const { spec } = state;
    let url = apiUrl(this.#o.baseUrl, spec.endpoint, spec.query);
    for (let hops = 0, resent = false;;) {
      const framed = this.#lengthRequired;
      const attempt = await this.#send(state, url, resent);
      if (!("response" in attempt)) return attempt;
      const { response } = attempt;
      if (response.status === 411 && !framed && state.lengthKnown) {
        if (!this.#lengthRequired) {
          this.#lengthRequired = true;
          this.#o.log.notice(
            "Note: the server does not take bodies sent in chunks (HTTP 411); " +
              "sending again with the length announced (Content-Length).",
          );
        }
        resent = true;
        continue;
      }
      const { call, method } = spec;
      const next = response.status >= 300 && response.status < 400
        ? redirectTarget(call, method, response, url, this.#origin, hops++, this.redact)
        : null;
      if (next !== null) {
        url = next;
        continue;
      }
      if (response.ok) return { response };
      return await judge(call, response, this.#o.now(), this.redact);
    }
  }

  /** Sends once under the deadlines; a network failure is returned, not thrown. */
  async #send(state: CallState, url: string, resent: boolean): Promise<Attempt> {
    const { spec } = state;
    const { log, monotonic } = this.#o;
    const deadline = new Deadline();
    const started = monotonic();
    const elapsedMs = () => Math.round(monotonic() - started);
    const proxy = this.#proxy(spec, url);
    let client: Deno.HttpClient | undefined;
    let body: Body | undefined;
    let sentAt: number | undefined;
    let answered = false;
    // Stops sending a body the server has already answered.
    const answeredEarly = new AbortController();
    try {
      deadline.arm(
        spec.upload ? this.#o.inactivityTimeoutMs : this.#o.answerTimeoutMs,
        spec.upload ? "no upload progress" : "no answer",
      );
      body = await spec.body?.({
        touch: () => deadline.arm(this.#o.inactivityTimeoutMs, "no upload progress"),
        sent: () => {
          sentAt = performance.now();
          deadline.arm(Math.max(1, state.answerBudgetMs), "no answer after the upload");
        },
        resent,
      });
      const length = body?.bytes instanceof ReadableStream ? body.length : undefined;
      state.lengthKnown = length !== undefined;
      const headers = this.#headers(spec, body);
      log.debug(`${spec.method} ${url}${proxy ? ` (through ${proxy.host})` : ""}`);
      log.debug(
        `  Authorization: Bearer [redacted]; User-Agent: ${this.#o.userAgent}` +
          (body ? `; Content-Type: ${body.contentType}` : ""),
      );
      const signal = AbortSignal.any(
        [state.signal, deadline.signal, answeredEarly.signal].filter((s) => s !== undefined),
      );
      const framed = this.#lengthRequired && length !== undefined;
      if (!framed) client = this.#clients.for(new URL(url), proxy);
      state.signal?.throwIfAborted();
      state.sent = true;
      const response = await dispatch(url, {
        call: spec.call,
        method: spec.method,
        headers,
        body: body?.bytes,
        signal,
        proxy,
        client,
        length: framed ? length : undefined,
      }, { fetch: this.#fetch, caCerts: this.#clients.caCerts, log });
      answered = true;
      log.debug(
        `  -> ${response.status} ${this.redact(response.statusText)} in ${elapsedMs()} ms`,
      );
      if (spec.upload && response.ok && sentAt === undefined) {
        // A success for a file the server cannot have had whole: a middlebox cut it short.
        answeredEarly.abort();
        return earlyAnswer(spec.call, this.#host, response.status);
      }
      if (sentAt === undefined) deadline.arm(this.#o.answerTimeoutMs, "no answer");
      // Reading the body stays under the deadline and its size limit; judged from the buffer.
      const bytes = await readAnswer(response, spec.answerLimit);
      const nullBody = [101, 204, 205, 304].includes(response.status);
      return { response: new Response(nullBody ? null : bytes, response) };
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      if (state.signal?.aborted) throw this.#aborted(state);
      const bodyFailure = body?.failure?.();
      if (bodyFailure) throw bodyFailure;
      return this.#failed(spec, error, { deadline, proxy, answered }, elapsedMs());
    } finally {
      if (sentAt !== undefined) state.answerBudgetMs -= performance.now() - sentAt;
      deadline.clear();
      body?.close?.();
    }
  }

  /** The call stopped by its signal, saying whether any of its requests had gone out. */
  #aborted = (s: CallState) => new Aborted(s.spec.call, s.signal?.reason, s.sent);

  /** Releases the connection settings made for proxies or extra CAs. */
  close(): void {
    this.#clients.close();
  }

  #proxy(spec: RequestSpec, url: string): ProxyChoice | null {
    try {
      return proxyFor(new URL(url), this.#env);
    } catch (error) {
      throw new InvalidRequest(spec.call, "proxy", errorDetail(error), { cause: error });
    }
  }

  #headers(spec: RequestSpec, body: Body | undefined): Headers {
    try {
      const headers = new Headers({
        "Authorization": `Bearer ${this.#o.token}`,
        "User-Agent": this.#o.userAgent,
        "Accept": "application/json, text/plain, */*",
      });
      if (body) headers.set("Content-Type", body.contentType);
      return headers;
    } catch {
      // Deno's message would not help, and must not carry the token.
      throw new InvalidRequest(
        spec.call,
        "token",
        "the API token contains characters that cannot be sent in an HTTP header",
      );
    }
  }

  /** A failed attempt, by what the runtime said; never a token problem (#headers settles that). */
  #failed(spec: RequestSpec, error: unknown, send: SendState, elapsedMs: number): Attempt {
    const failure = networkFailure(spec.call, error, send, this.#host, this.redact);
    this.#o.log.debug(`  -> failed after ${elapsedMs} ms: ${failure.kind}: ${failure.detail}`);
    return { failure: { network: failure.kind }, error: failure };
  }

  /** The text with the token taken out; a field, so it can be handed on as it is. */
  readonly redact = (text: string): string =>
    this.#o.token ? text.split(this.#o.token).join("[redacted]") : text;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
