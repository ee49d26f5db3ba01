/**
 * A fake DistroPack server implementing the API the CLI speaks (the
 * endpoints of src/api/client.ts): a real `Deno.serve` on 127.0.0.1, port 0, behind a
 * small TCP front so a test can break a connection the way a network does.
 * It records every request (method, path, raw query, headers, multipart
 * fields and the file's size and SHA-256; the bytes too when small), checks
 * the Bearer token, and has knobs for job status scripts, rejections,
 * 401/403, 429/503 with Retry-After, connection resets, slow answers,
 * redirects, early answers to uploads, garbled answers and answers that never end. Dispose it
 * with `await using`. Its request log is request_log.ts; the answers a test
 * scripts (steps, job states) are scripted_answers.ts.
 */
import { record, type RecordedRequest } from "./recorded_request.ts";
import { RequestLog } from "./request_log.ts";
import {
  endlessAnswer,
  type Endpoint,
  JobScripts,
  type JobState,
  pause,
  type Step,
  type StreamedAnswer,
} from "./scripted_answers.ts";
import { closeQuietly, Tasks } from "./tasks.ts";

export {
  type Endpoint,
  GARBLED,
  type JobState,
  type Step,
  type StreamedAnswer,
} from "./scripted_answers.ts";

export const TOKEN = "dp_test_Secr3t-token-0123456789abcdef";

export interface FakeServerOptions {
  token?: string;
  /** Job ids a build trigger answers with. */
  jobIds?: string[];
  /** Job names by id; defaults to deb, rpm, pacman in order. */
  jobNames?: Record<string, string>;
  /** Listen on this port (0, the default, picks a free one). */
  port?: number;
  /** Serve https with this certificate and key (PEM); the URL is then https://127.0.0.1. */
  tls?: { cert: string; key: string };
  /** Pause this long after each chunk of a request body it reads: a slow server. */
  readPauseMs?: number;
  /**
   * Refuse bodies sent without Content-Length (chunked) with 411 Length
   * Required, at once and without reading them, as servers and proxies
   * that need the length do; such requests are recorded with no body.
   */
  lengthRequired?: boolean;
}

export class FakeServer extends RequestLog implements AsyncDisposable {
  readonly url: string;
  token: string;
  jobIds: string[];
  readonly #steps = new Map<string, Step[]>();
  readonly #jobs: JobScripts;
  readonly #backend: Deno.HttpServer<Deno.NetAddr>;
  readonly #front: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  readonly #links = new Map<number, { client: Deno.TcpConn; backend: Deno.TcpConn }>();
  readonly #tasks = new Tasks();
  readonly #readPauseMs: number;
  readonly #lengthRequired: boolean;
  /** Aborted on dispose: delayed answers stop waiting. */
  readonly #closing = new AbortController();

  private constructor(options: FakeServerOptions) {
    super();
    this.token = options.token ?? TOKEN;
    this.jobIds = options.jobIds ?? ["job-deb-1", "job-rpm-2"];
    this.#jobs = new JobScripts(options.jobNames ?? {});
    this.#readPauseMs = options.readPauseMs ?? 0;
    this.#lengthRequired = options.lengthRequired ?? false;
    this.#backend = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {}, ...options.tls },
      (request, info) => this.#handle(request, info.remoteAddr.port),
    );
    this.#front = Deno.listen({ hostname: "127.0.0.1", port: options.port ?? 0 });
    this.url = `${options.tls ? "https" : "http"}://127.0.0.1:${this.#front.addr.port}`;
    this.#tasks.track(this.#accept());
  }

  static start(options: FakeServerOptions = {}): FakeServer {
    return new FakeServer(options);
  }

  /** The port, for building other-origin URLs such as `http://localhost:<port>`. */
  get port(): number {
    return this.#front.addr.port;
  }

  /** Queues what the next requests to `endpoint` get, one step per request. */
  plan(endpoint: Endpoint, ...steps: Step[]): this {
    this.#steps.set(endpoint, [...(this.#steps.get(endpoint) ?? []), ...steps]);
    return this;
  }

  /** Upload slots the server refuses for good (HTTP 400), whatever the file. */
  readonly refusedSlots = new Set<string>();

  /** Job ids a trigger answers with, by package id; others get `jobIds`. */
  readonly jobIdsByPackage: Record<string, string[]> = {};

  /** What build_status says of allFinished, instead of working it out from the jobs. */
  allFinished: boolean | undefined;

  /** What `build_status` reports for a job on each poll; the last state repeats. */
  script(jobId: string, ...states: JobState[]): this {
    this.#jobs.set(jobId, states);
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#closing.abort();
    try {
      this.#front.close();
    } catch {
      // Closed already.
    }
    for (const { client, backend } of this.#links.values()) closeQuietly(client, backend);
    this.#links.clear();
    await this.#backend.shutdown();
    await this.#tasks.settled();
  }

  /** The TCP front: each connection is piped to the backend, and remembered so it can be broken. */
  async #accept(): Promise<void> {
    for await (const client of this.#front) {
      let backend: Deno.TcpConn;
      try {
        backend = await Deno.connect({ hostname: "127.0.0.1", port: this.#backend.addr.port });
      } catch {
        closeQuietly(client);
        continue;
      }
      const key = backend.localAddr.port;
      this.#links.set(key, { client, backend });
      const done = () => {
        this.#links.delete(key);
        closeQuietly(client, backend);
      };
      this.#tasks.track(
        Promise.allSettled([
          client.readable.pipeTo(backend.writable),
          backend.readable.pipeTo(client.writable),
        ]).finally(done),
      );
    }
  }

  async #handle(request: Request, backendPeerPort: number): Promise<Response> {
    const url = new URL(request.url);
    const endpoint = url.pathname.replace(/^\/api\//, "");
    const unsized = request.body !== null && !request.headers.has("content-length");
    const refuse = this.#lengthRequired && unsized;
    const planned = this.#steps.get(endpoint)?.[0];
    const early = typeof planned === "object" && "early" in planned;
    const recorded = await record(request, url, endpoint, {
      pauseMs: this.#readPauseMs,
      onBytes: (count) => this.received(count),
      skipBody: refuse || early,
    });
    this.logged({ ...recorded, connection: backendPeerPort });
    if (refuse) return new Response("Length Required", { status: 411 });
    const step = this.#steps.get(endpoint)?.shift();
    if (step === "reset") {
      this.#hangUp(backendPeerPort);
      return new Response(null, { status: 599 });
    }
    if (step && "early" in step) {
      // Long enough for the answer to leave, short of the body's end.
      setTimeout(() => this.#hangUp(backendPeerPort), 100);
      return new Response("File uploaded.", { status: step.early });
    }
    if (step && "raw" in step) {
      const link = this.#links.get(backendPeerPort);
      if (link) await link.client.write(new TextEncoder().encode(step.raw)).catch(() => {});
      this.#hangUp(backendPeerPort);
      return new Response(null, { status: 599 });
    }
    if (step && "endless" in step) {
      return endlessAnswer(endpoint, step.endless, this.streams, this.#closing.signal);
    }
    if (step && "redirect" in step) {
      return new Response(null, {
        status: step.status ?? 307,
        headers: { location: step.redirect },
      });
    }
    if (step && "delayMs" in step) {
      // Cut short when the client gives up or the server closes, so disposing never waits on it.
      const cut = AbortSignal.any([request.signal, this.#closing.signal]);
      if (!(await pause(step.delayMs, cut))) return new Response(null, { status: 599 });
    }
    if (request.headers.get("authorization") !== `Bearer ${this.token}`) {
      return new Response("Unauthorized", { status: 401 });
    }
    if (step && "status" in step) {
      return new Response(step.body ?? "", { status: step.status, headers: step.headers });
    }
    return this.#answer(endpoint, recorded);
  }

  /** Endless answers sent so far, in order. */
  readonly streams: StreamedAnswer[] = [];

  /** Breaks the client's connection, as a network or a middlebox does. */
  #hangUp(backendPeerPort: number): void {
    const link = this.#links.get(backendPeerPort);
    if (!link) return;
    this.#links.delete(backendPeerPort);
    closeQuietly(link.client, link.backend);
  }

  #answer(endpoint: string, request: RecordedRequest): Response {
    switch (endpoint) {
      case "upload_file":
        if (request.method !== "POST" || !request.file) {
          return new Response("No file in the request.", { status: 400 });
        }
        if (this.refusedSlots.has(request.query.get("accessName") ?? "")) {
          return new Response("Unknown file slot.", { status: 400 });
        }
        return new Response("File uploaded.", { status: 200 });
      case "build_package":
      case "build_package_single":
        if (request.method !== "POST" || !request.fields.version) {
          return new Response("The version is required.", { status: 400 });
        }
        return Response.json({
          jobIds: this.jobIdsByPackage[request.query.get("packageId") ?? ""] ?? this.jobIds,
        });
      case "build_status":
        return Response.json(
          this.#jobs.status((request.query.get("jobIds") ?? "").split(","), this.allFinished),
        );
      default:
        return new Response("Not found", { status: 404 });
    }
  }
}

/** The environment that points the CLI at `server` with its token, in a temp home. */
export function apiEnv(
  server: FakeServer,
  home: { env: Record<string, string> },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...home.env,
    DISTROPACK_API_URL: server.url,
    DISTROPACK_API_TOKEN: server.token,
    ...extra,
  };
}

/** A port nothing listens on (for "connection refused"). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}
