/**
 * A fake DistroPack server implementing the API the CLI speaks (the
 * endpoints of src/api/client.ts): a real `Deno.serve` on 127.0.0.1, port 0, behind a
 * small TCP front so a test can break a connection the way a network does.
 * It records every request (method, path, raw query, headers, multipart
 * fields and the file's size and SHA-256; the bytes too when small), checks
 * the Bearer token, and has knobs for job status scripts, rejections,
 * 401/403, 429/503 with Retry-After, connection resets, slow answers,
 * redirects, early answers to uploads, garbled answers and answers that never end. Dispose it
 * with `await using`.
 */
import { createHash } from "node:crypto";
import { closeQuietly, Tasks } from "./tasks.ts";

export const TOKEN = "dp_test_Secr3t-token-0123456789abcdef";

export type Endpoint = "upload_file" | "build_package" | "build_package_single" | "build_status";

/** What the server does with one request to an endpoint, before falling back to the default. */
export type Step =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Redirects (307 unless given) to a URL or a path on this server. */
  | { redirect: string; status?: number }
  /** Waits, then answers as usual. */
  | { delayMs: number }
  /** Reads the whole request, then breaks the connection without answering. */
  | "reset"
  /**
   * Answers with this status as soon as the request head has arrived, without
   * reading the body, then hangs up: a middlebox that cuts an upload short.
   */
  | { early: number }
  /**
   * Reads the whole request, then writes these bytes as the answer, exactly,
   * and hangs up: for answers no well-behaved server sends (see GARBLED).
   */
  | { raw: string }
  /**
   * Answers with this status (200 unless given) and a body that starts with
   * `prefix` and then goes on (spaces) until `maxBytes` (64 MiB unless given)
   * or until the client stops reading: an answer of any size. How much of it
   * left, and how it ended, is in `streams`.
   */
  | { endless: { status?: number; prefix?: string; maxBytes?: number } };

/** One endless answer: the bytes handed to the connection, and how it ended. */
export interface StreamedAnswer {
  endpoint: string;
  /** Body bytes handed to the connection so far. */
  bytes: number;
  /** "cancelled": the client stopped reading (it hung up); "complete": maxBytes were sent. */
  ended: Promise<"cancelled" | "complete">;
}

/** Raw answers a proxy or load balancer might garble, for `{ raw }` steps. */
export const GARBLED = {
  /** HTTP 200 labelled gzip whose body is not gzip. */
  gzip: (body = '{"jobIds":["j-1"]}') =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  /** HTTP 200 with a control character in a header. */
  header: (body = '{"jobIds":["j-1"]}') =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-trace: a\x01b\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  /** HTTP 200 whose body is not JSON. */
  notJson: (body = "<html>gateway</html>") =>
    `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
};

/** One poll's view of a job: absent (still initializing) or a status. */
export type JobState =
  | "missing"
  | "queued"
  | "running"
  | "finished"
  | { status: "failed"; failMessage?: string | null; technicalError?: string | null }
  /** The job exactly as given (its jobId added), for odd or hostile answers. */
  | { raw: Record<string, unknown> };

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The bytes themselves, for bodies under 1 MiB. */
  bytes?: Uint8Array;
}

export interface RecordedRequest {
  method: string;
  endpoint: string;
  path: string;
  /** The query exactly as sent, without `?`. */
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  fields: Record<string, string>;
  file?: RecordedFile;
  bodySize: number;
  /** The raw body, for bodies under 1 MiB. */
  body?: Uint8Array;
  /** Which client connection it came on: the same number for requests on one connection. */
  connection?: number;
}

const SMALL = 1024 * 1024;

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

export class FakeServer implements AsyncDisposable {
  readonly requests: RecordedRequest[] = [];
  readonly url: string;
  token: string;
  jobIds: string[];
  readonly #jobNames: Record<string, string>;
  readonly #steps = new Map<string, Step[]>();
  readonly #scripts = new Map<string, JobState[]>();
  readonly #polls = new Map<string, number>();
  readonly #backend: Deno.HttpServer<Deno.NetAddr>;
  readonly #front: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  readonly #links = new Map<number, { client: Deno.TcpConn; backend: Deno.TcpConn }>();
  readonly #tasks = new Tasks();
  readonly #waiters: Array<{ match: (r: RecordedRequest) => boolean; resolve: () => void }> = [];
  readonly #readPauseMs: number;
  readonly #lengthRequired: boolean;
  readonly #byteWaiters: Array<{ bytes: number; resolve: () => void }> = [];
  /** Aborted on dispose: delayed answers stop waiting. */
  readonly #closing = new AbortController();
  /** Body bytes read so far, all requests together. */
  receivedBytes = 0;

  private constructor(options: FakeServerOptions) {
    this.token = options.token ?? TOKEN;
    this.jobIds = options.jobIds ?? ["job-deb-1", "job-rpm-2"];
    this.#jobNames = options.jobNames ?? {};
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
    this.#scripts.set(jobId, states);
    return this;
  }

  /** The requests to one endpoint. */
  to(endpoint: Endpoint): RecordedRequest[] {
    return this.requests.filter((request) => request.endpoint === endpoint);
  }

  /** Resolves once a request matching `match` has arrived (at once if one has). */
  waitFor(match: (request: RecordedRequest) => boolean): Promise<void> {
    if (this.requests.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Resolves once this many body bytes have been read (at once if they have). */
  waitForBytes(bytes: number): Promise<void> {
    if (this.receivedBytes >= bytes) return Promise.resolve();
    return new Promise((resolve) => this.#byteWaiters.push({ bytes, resolve }));
  }

  #received(count: number): void {
    this.receivedBytes += count;
    for (const waiter of [...this.#byteWaiters]) {
      if (this.receivedBytes >= waiter.bytes) {
        this.#byteWaiters.splice(this.#byteWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
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
      onBytes: (count) => this.#received(count),
      skipBody: refuse || early,
    });
    this.requests.push({ ...recorded, connection: backendPeerPort });
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(recorded)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
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
    if (step && "endless" in step) return this.#endless(endpoint, step.endless);
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

  #endless(endpoint: string, spec: { status?: number; prefix?: string; maxBytes?: number }) {
    const maxBytes = spec.maxBytes ?? 64 * 1024 * 1024;
    const filler = new Uint8Array(64 * 1024).fill(0x20);
    let end!: (how: "cancelled" | "complete") => void;
    const streamed: StreamedAnswer = {
      endpoint,
      bytes: 0,
      ended: new Promise((resolve) => (end = resolve)),
    };
    this.streams.push(streamed);
    let prefix: Uint8Array | undefined = new TextEncoder().encode(spec.prefix ?? "");
    // Pulled only as the connection takes bytes: nothing is made ahead of the client's reading.
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (this.#closing.signal.aborted || streamed.bytes >= maxBytes) {
          controller.close();
          end("complete");
          return;
        }
        const chunk = prefix?.length ? prefix : filler.subarray(0, maxBytes - streamed.bytes);
        prefix = undefined;
        streamed.bytes += chunk.length;
        controller.enqueue(chunk.slice());
      },
      cancel: () => end("cancelled"),
    }, { highWaterMark: 0 });
    return new Response(body, {
      status: spec.status ?? 200,
      headers: { "content-type": "application/json" },
    });
  }

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
        return Response.json(this.#status((request.query.get("jobIds") ?? "").split(",")));
      default:
        return new Response("Not found", { status: 404 });
    }
  }

  #status(jobIds: string[]) {
    const jobs = [];
    for (const [index, jobId] of jobIds.entries()) {
      const script = this.#scripts.get(jobId) ?? ["finished"];
      const poll = this.#polls.get(jobId) ?? 0;
      this.#polls.set(jobId, poll + 1);
      const state = script[Math.min(poll, script.length - 1)];
      if (state === "missing") continue;
      const name = this.#jobNames[jobId] ?? ["deb", "rpm", "pacman"][index % 3];
      if (typeof state === "object" && "raw" in state) {
        jobs.push({ jobId, ...state.raw });
        continue;
      }
      jobs.push(
        typeof state === "string"
          ? { jobId, status: state, name, failMessage: null, technicalError: null }
          : {
            jobId,
            status: "failed",
            name,
            failMessage: state.failMessage ?? null,
            technicalError: state.technicalError ?? null,
          },
      );
    }
    const done = (status: unknown) => status === "finished" || status === "failed";
    return {
      jobs,
      allFinished: this.allFinished ??
        (jobs.length > 0 && jobs.every((job) => done((job as { status?: unknown }).status))),
      anyFailed: jobs.some((job) => (job as { status?: unknown }).status === "failed"),
    };
  }
}

/** Waits `ms`; false when `signal` fired first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

interface BodyReading {
  pauseMs: number;
  onBytes: (count: number) => void;
  /** Record the headers only, leaving the body unread. */
  skipBody?: boolean;
}

async function record(
  request: Request,
  url: URL,
  endpoint: string,
  reading: BodyReading,
): Promise<RecordedRequest> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const rawQuery = url.search.replace(/^\?/, "");
  const recorded: RecordedRequest = {
    method: request.method,
    endpoint,
    path: url.pathname,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    fields: {},
    bodySize: 0,
  };
  if (!request.body || reading.skipBody) return recorded;
  const type = request.headers.get("content-type") ?? "";
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(type);
  try {
    await readBody(request.body, boundary?.[1] ?? boundary?.[2], type, recorded, reading);
  } catch {
    // A body cut short: the client gave up or the connection broke.
  }
  return recorded;
}

/**
 * Reads a body without holding big ones in memory: small bodies are kept and
 * parsed by the runtime's own form parser; a big single-file multipart body
 * is hashed as it streams, its framing checked on the way.
 */
async function readBody(
  body: ReadableStream<Uint8Array>,
  boundary: string | undefined,
  type: string,
  recorded: RecordedRequest,
  reading: BodyReading,
): Promise<void> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  let large: LargePart | undefined;
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.length;
    recorded.bodySize = size;
    reading.onBytes(value.length);
    if (reading.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, reading.pauseMs));
    if (large) {
      large.push(value);
      continue;
    }
    chunks.push(value);
    if (size > SMALL && boundary) {
      large = new LargePart(boundary, concat(chunks));
      chunks.length = 0;
    }
  }
  if (large) {
    recorded.file = large.finish();
    return;
  }
  const bytes = concat(chunks);
  recorded.body = bytes;
  if (!boundary) return;
  const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  for (const [name, value] of form) {
    if (typeof value === "string") {
      recorded.fields[name] = value;
    } else {
      const fileBytes = new Uint8Array(await value.arrayBuffer());
      recorded.file = {
        field: name,
        filename: value.name,
        contentType: value.type,
        size: fileBytes.length,
        sha256: sha256(fileBytes),
        bytes: fileBytes,
      };
    }
  }
}

/** One file part streamed through a hash; the closing boundary is held back and checked. */
class LargePart {
  readonly #hash = createHash("sha256");
  readonly #tail: Uint8Array;
  #pending: Uint8Array;
  #size = 0;
  readonly field: string;
  readonly filename: string;
  readonly contentType: string;

  constructor(boundary: string, start: Uint8Array) {
    const text = new TextDecoder().decode(start.subarray(0, 4096));
    const headerEnd = text.indexOf("\r\n\r\n");
    const head = text.slice(0, headerEnd);
    if (!head.startsWith(`--${boundary}\r\n`) || headerEnd < 0) {
      throw new Error("the body does not start with the boundary and a part header");
    }
    this.field = /name="([^"]*)"/.exec(head)?.[1] ?? "";
    this.filename = /filename="([^"]*)"/.exec(head)?.[1] ?? "";
    this.contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1] ?? "";
    this.#tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
    const headBytes = new TextEncoder().encode(text.slice(0, headerEnd + 4)).length;
    this.#pending = new Uint8Array(0);
    this.push(start.subarray(headBytes));
  }

  push(chunk: Uint8Array): void {
    const all = concat([this.#pending, chunk]);
    const keep = Math.min(all.length, this.#tail.length);
    const ready = all.subarray(0, all.length - keep);
    this.#hash.update(ready);
    this.#size += ready.length;
    this.#pending = all.slice(all.length - keep);
  }

  finish(): RecordedFile {
    if (this.#pending.join(",") !== this.#tail.join(",")) {
      throw new Error("the body does not end with the closing boundary");
    }
    return {
      field: this.field,
      filename: this.filename,
      contentType: this.contentType,
      size: this.#size,
      sha256: this.#hash.digest("hex"),
    };
  }
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
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
