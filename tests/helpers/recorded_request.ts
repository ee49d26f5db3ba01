/**
 * A request as the fake server records it: method, path, raw query, headers,
 * multipart fields and the file's size and SHA-256 (the bytes too when
 * small), read without holding a big body in memory.
 */
import { createHash } from "node:crypto";

/** Bodies up to this size are kept whole; bigger ones are hashed as they stream. */
const SMALL = 1024 * 1024;

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

/** How the server reads a body: its pace, what it counts, whether at all. */
export interface BodyReading {
  pauseMs: number;
  onBytes: (count: number) => void;
  /** Record the headers only, leaving the body unread. */
  skipBody?: boolean;
}

/** Records `request`, reading its body as `reading` says; a body cut short is recorded as far as it came. */
export async function record(
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
