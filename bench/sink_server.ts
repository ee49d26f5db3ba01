// deno-lint-ignore-file no-console
/**
 * The benchmark's server: a raw HTTP/1.1 reader on 127.0.0.1 that parses no
 * multipart and stores nothing, it only counts body bytes (after removing
 * chunked framing) and times them. It also plays just enough of the
 * DistroPack API for `build` and `publish`: jobs that never finish, or
 * (after `GET /_sink/jobs?state=finished`) jobs finished at the first poll.
 *
 * It runs as its own process so that its CPU time is never counted against
 * the client being measured. Prints `{"port": N}` on stdout once listening.
 *
 * Control endpoints for the driver: `GET /_sink/requests` returns everything
 * recorded since the previous call (and forgets it); `GET /_sink/capture?dir=D`
 * makes the sink also write each upload's body (chunked framing removed) to a
 * file in D, so the driver can compare it with the file byte for byte, and
 * `GET /_sink/capture` stops that. Capture is for warm-up runs only: it costs
 * the sink disk writes. `GET /_sink/jobs?state=finished|running` sets what
 * `build_status` answers for every job.
 */

/** Large reads keep the per-read cost of the sink well below any client's. */
const READ_BUFFER_BYTES = 4 << 20;
const HEAD_BYTES = 4096;
const TAIL_BYTES = 1024;

/** What the sink saw of one request; the driver checks sizes and framing from this. */
export interface SinkRecord {
  method: string;
  target: string;
  headers: Record<string, string>;
  framing: "chunked" | "content-length" | "none";
  /** Body bytes after removing chunked framing. */
  bodyBytes: number;
  /** Number of HTTP chunks (chunked framing only). */
  chunks: number;
  /** The first and last bytes of the body, base64, so the driver can check multipart framing. */
  head: string;
  tail: string;
  /** From the end of the request headers to the last body byte. */
  bodyMs: number;
  /** False when the client went away before the body ended. */
  complete: boolean;
  /** Where the body was written, when capture was on. */
  capturedTo?: string;
}

class ConnReader {
  readonly buffer = new Uint8Array(READ_BUFFER_BYTES);
  start = 0;
  end = 0;

  constructor(readonly conn: Deno.Conn) {}

  get available(): number {
    return this.end - this.start;
  }

  /** Reads more bytes; false at end of stream. */
  async fill(): Promise<boolean> {
    if (this.start === this.end) {
      this.start = this.end = 0;
    } else if (this.end === this.buffer.length) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    const n = await this.conn.read(this.buffer.subarray(this.end));
    if (n === null) return false;
    this.end += n;
    return true;
  }

  /** One CRLF-terminated line (without the CRLF), or null at end of stream. */
  async line(): Promise<string | null> {
    for (;;) {
      for (let i = this.start; i + 1 < this.end; i++) {
        if (this.buffer[i] === 13 && this.buffer[i + 1] === 10) {
          const text = latin1(this.buffer.subarray(this.start, i));
          this.start = i + 2;
          return text;
        }
      }
      if (this.available > 64 * 1024) throw new Error("header line too long");
      if (!(await this.fill())) return null;
    }
  }

  /** Consumes `count` body bytes, handing each piece to `sink`; false if the stream ended first. */
  async skip(count: number, sink: (piece: Uint8Array) => void): Promise<boolean> {
    while (count > 0) {
      if (this.available === 0 && !(await this.fill())) return false;
      const take = Math.min(count, this.available);
      sink(this.buffer.subarray(this.start, this.start + take));
      this.start += take;
      count -= take;
    }
    return true;
  }
}

function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/** Keeps the first HEAD_BYTES and last TAIL_BYTES of a body, and counts it. */
class BodyCounter {
  bytes = 0;
  chunks = 0;
  readonly head = new Uint8Array(HEAD_BYTES);
  headLength = 0;
  tail = new Uint8Array(0);

  add = (piece: Uint8Array): void => {
    this.bytes += piece.length;
    if (this.headLength < HEAD_BYTES) {
      const take = Math.min(HEAD_BYTES - this.headLength, piece.length);
      this.head.set(piece.subarray(0, take), this.headLength);
      this.headLength += take;
    }
    if (piece.length >= TAIL_BYTES) {
      this.tail = piece.slice(piece.length - TAIL_BYTES);
    } else {
      const joined = new Uint8Array(this.tail.length + piece.length);
      joined.set(this.tail);
      joined.set(piece, this.tail.length);
      this.tail = joined.slice(Math.max(0, joined.length - TAIL_BYTES));
    }
  };
}

function base64(bytes: Uint8Array): string {
  return btoa(latin1(bytes));
}

const records: SinkRecord[] = [];
let jobCounter = 0;
let jobState: "running" | "finished" = "running";
let captureDir: string | undefined;
let captureCounter = 0;

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}

function respond(status: string, body: unknown): Uint8Array {
  const text = JSON.stringify(body);
  const payload = new TextEncoder().encode(text);
  const head = `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\n` +
    `content-length: ${payload.length}\r\n\r\n`;
  const bytes = new Uint8Array(head.length + payload.length);
  bytes.set(new TextEncoder().encode(head));
  bytes.set(payload, head.length);
  return bytes;
}

/** The answer for a request whose body has been read. */
function answer(method: string, target: string): Uint8Array {
  const url = new URL(target, "http://sink");
  if (method === "GET" && url.pathname === "/_sink/requests") {
    return respond("200 OK", records.splice(0));
  }
  if (method === "GET" && url.pathname === "/_sink/capture") {
    captureDir = url.searchParams.get("dir") ?? undefined;
    return respond("200 OK", { captureDir: captureDir ?? null });
  }
  if (method === "GET" && url.pathname === "/_sink/jobs") {
    jobState = url.searchParams.get("state") === "finished" ? "finished" : "running";
    return respond("200 OK", { jobState });
  }
  if (method === "POST" && url.pathname.startsWith("/api/build_package")) {
    jobCounter++;
    return respond("200 OK", { jobIds: [`bench-job-${jobCounter}`] });
  }
  if (method === "GET" && url.pathname === "/api/build_status") {
    const ids = (url.searchParams.get("jobIds") ?? "").split(",").filter((id) => id !== "");
    return respond("200 OK", {
      jobs: ids.map((jobId) => ({
        jobId,
        status: jobState,
        name: "deb",
        failMessage: null,
        technicalError: null,
      })),
      allFinished: jobState === "finished",
      anyFailed: false,
    });
  }
  return respond("200 OK", {});
}

async function serve(conn: Deno.Conn): Promise<void> {
  const reader = new ConnReader(conn);
  for (;;) {
    const requestLine = await reader.line();
    if (requestLine === null || requestLine === "") return;
    const [method, target] = requestLine.split(" ");
    const headers: Record<string, string> = {};
    for (;;) {
      const line = await reader.line();
      if (line === null) return;
      if (line === "") break;
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    if (headers["expect"]?.toLowerCase() === "100-continue") {
      await writeAll(conn, new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n"));
    }

    const started = performance.now();
    const counter = new BodyCounter();
    let capture: Deno.FsFile | undefined;
    let capturedTo: string | undefined;
    if (captureDir !== undefined && method === "POST" && !target.startsWith("/_sink/")) {
      capturedTo = `${captureDir}/body-${++captureCounter}`;
      capture = Deno.openSync(capturedTo, { write: true, create: true, truncate: true });
    }
    const take = capture === undefined ? counter.add : (piece: Uint8Array) => {
      counter.add(piece);
      for (let done = 0; done < piece.length;) done += capture.writeSync(piece.subarray(done));
    };
    let framing: SinkRecord["framing"] = "none";
    let complete = true;
    if (headers["transfer-encoding"]?.toLowerCase().includes("chunked")) {
      framing = "chunked";
      complete = false;
      for (;;) {
        const sizeLine = await reader.line();
        if (sizeLine === null) break;
        const size = parseInt(sizeLine.split(";")[0], 16);
        if (!Number.isFinite(size)) throw new Error(`bad chunk size line: ${sizeLine}`);
        if (size === 0) {
          // Trailers, then the empty line that ends the body.
          let trailer = await reader.line();
          while (trailer !== null && trailer !== "") trailer = await reader.line();
          complete = trailer === "";
          break;
        }
        counter.chunks++;
        if (!(await reader.skip(size, take))) break;
        if ((await reader.line()) !== "") throw new Error("chunk not followed by CRLF");
      }
    } else if (headers["content-length"] !== undefined) {
      framing = "content-length";
      complete = await reader.skip(Number(headers["content-length"]), take);
    }
    const bodyMs = performance.now() - started;
    capture?.close();

    if (!target.startsWith("/_sink/")) {
      records.push({
        method,
        target,
        headers,
        framing,
        bodyBytes: counter.bytes,
        chunks: counter.chunks,
        head: base64(counter.head.subarray(0, counter.headLength)),
        tail: base64(counter.tail),
        bodyMs,
        complete,
        capturedTo,
      });
    }
    if (!complete) return;
    await writeAll(conn, answer(method, target));
    if (headers["connection"]?.toLowerCase() === "close") return;
  }
}

const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log(JSON.stringify({ port: listener.addr.port }));
for await (const conn of listener) {
  serve(conn)
    .catch((error) => console.error(`sink: ${error instanceof Error ? error.message : error}`))
    .finally(() => {
      try {
        conn.close();
      } catch {
        // Already closed by the client.
      }
    });
}
