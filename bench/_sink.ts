/**
 * Starts the sink server as its own process and reads what it recorded.
 * Also checks each recorded upload: the payload the server got must be
 * exactly the file, whatever the framing.
 */
import { fileURLToPath } from "node:url";
import type { SinkRecord } from "./sink_server.ts";

export type { SinkRecord };

export class Sink implements AsyncDisposable {
  private constructor(
    private readonly child: Deno.ChildProcess,
    readonly url: string,
  ) {}

  /** Starts the sink; it may write captured bodies under `captureDir` only. */
  static async start(captureDir: string): Promise<Sink> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-net=127.0.0.1",
        `--allow-write=${captureDir}`,
        fileURLToPath(new URL("./sink_server.ts", import.meta.url)),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the sink server exited before listening");
      text += value;
    }
    reader.releaseLock();
    const { port } = JSON.parse(text.split("\n")[0]) as { port: number };
    return new Sink(child, `http://127.0.0.1:${port}`);
  }

  /** Makes the sink write each upload's body into `dir` (undefined: stop). */
  async capture(dir: string | undefined): Promise<void> {
    const query = dir === undefined ? "" : `?dir=${encodeURIComponent(dir)}`;
    await (await fetch(`${this.url}/_sink/capture${query}`)).body?.cancel();
  }

  /** What `build_status` answers for every job from now on. */
  async jobs(state: "running" | "finished"): Promise<void> {
    await (await fetch(`${this.url}/_sink/jobs?state=${state}`)).body?.cancel();
  }

  /** Everything recorded since the previous call. */
  async takeRecords(): Promise<SinkRecord[]> {
    const response = await fetch(`${this.url}/_sink/requests`);
    return await response.json() as SinkRecord[];
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await this.child.stdout.cancel().catch(() => {});
    await this.child.status;
  }
}

export interface ExpectedUpload {
  /** The path the request must go to (with its query). */
  target: string;
  /** "multipart": one `file` part holding the file; "raw": the file is the body. */
  body: "multipart" | "raw";
  size: number;
  /** The file's first and last bytes, to check the payload is the file. */
  fileHead: Uint8Array;
  fileTail: Uint8Array;
}

function bytesOf(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The single upload among `records`, checked against `expected`; throws
 * when the server got anything else than exactly the file.
 */
export function checkedUpload(what: string, records: SinkRecord[], expected: ExpectedUpload) {
  const uploads = records.filter((record) => record.target.startsWith("/api/upload_file"));
  if (uploads.length !== 1) {
    throw new Error(`${what}: the sink got ${uploads.length} uploads, expected 1`);
  }
  return checkedRecord(what, uploads[0], expected);
}

/** Each expected upload, once, among `records` (in any order); throws on anything else. */
export function checkUploads(what: string, records: SinkRecord[], expected: ExpectedUpload[]) {
  const uploads = records.filter((record) => record.target.startsWith("/api/upload_file"));
  if (uploads.length !== expected.length) {
    throw new Error(`${what}: the sink got ${uploads.length} uploads, expected ${expected.length}`);
  }
  for (const file of expected) {
    const to = uploads.filter((record) => sameTarget(record.target, file.target));
    checkedUpload(`${what} (${file.target})`, to, file);
  }
}

function checkedRecord(what: string, record: SinkRecord, expected: ExpectedUpload) {
  const fail = (problem: string): never => {
    throw new Error(`${what}: ${problem} (${record.method} ${record.target})`);
  };
  if (!record.complete) fail("the body ended early");
  if (!sameTarget(record.target, expected.target)) {
    fail(`went to ${record.target}, expected ${expected.target}`);
  }

  const head = bytesOf(record.head);
  const tail = bytesOf(record.tail);
  let prefix = 0;
  let suffix = 0;
  if (expected.body === "multipart") {
    const boundary = /boundary="?([^";]+)"?/.exec(record.headers["content-type"] ?? "")?.[1];
    if (!boundary) fail(`no multipart boundary in ${record.headers["content-type"]}`);
    const encoder = new TextEncoder();
    const partHeadEnd = indexOf(head, encoder.encode("\r\n\r\n"));
    if (partHeadEnd === -1) fail("no end of the part's headers in the first bytes");
    const partHead = new TextDecoder().decode(head.subarray(0, partHeadEnd));
    if (!partHead.startsWith(`--${boundary}\r\n`)) fail("the body does not open with the boundary");
    if (!/name="file"/.test(partHead)) fail(`the part is not named "file": ${partHead}`);
    prefix = partHeadEnd + 4;
    const closing = encoder.encode(`\r\n--${boundary}--`);
    const closingAt = tail.length - closing.length - (endsWithCrlf(tail) ? 2 : 0);
    if (closingAt < 0 || !equal(tail.subarray(closingAt, closingAt + closing.length), closing)) {
      fail("the body does not end with the closing boundary");
    }
    suffix = tail.length - closingAt;
  }
  const payload = record.bodyBytes - prefix - suffix;
  if (payload !== expected.size) {
    fail(`the sink received ${payload} file bytes, expected ${expected.size}`);
  }
  const headBytes = head.subarray(prefix, prefix + expected.fileHead.length);
  const tailBytes = tail.subarray(0, tail.length - suffix).slice(-expected.fileTail.length);
  if (!equal(headBytes, expected.fileHead.subarray(0, headBytes.length))) {
    fail("the payload does not start with the file's bytes");
  }
  if (!equal(tailBytes, expected.fileTail.slice(-tailBytes.length))) {
    fail("the payload does not end with the file's bytes");
  }
  return { record, payloadStart: prefix };
}

/** Compares a captured body's payload with the file, byte for byte. */
export async function checkCapturedPayload(
  what: string,
  capturedTo: string,
  payloadStart: number,
  file: string,
): Promise<void> {
  const body = await Deno.readFile(capturedTo);
  const original = await Deno.readFile(file);
  await Deno.remove(capturedTo);
  const payload = body.subarray(payloadStart, payloadStart + original.length);
  if (!equal(payload, original)) {
    const at = payload.findIndex((byte, i) => byte !== original[i]);
    throw new Error(`${what}: the uploaded bytes differ from the file at offset ${at}`);
  }
}

function endsWithCrlf(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[bytes.length - 2] === 13 && bytes[bytes.length - 1] === 10;
}

/** Same path and same query parameters, in any order and any valid encoding. */
function sameTarget(actual: string, expected: string): boolean {
  const a = new URL(actual, "http://sink");
  const b = new URL(expected, "http://sink");
  a.searchParams.sort();
  b.searchParams.sort();
  return a.pathname === b.pathname && a.searchParams.toString() === b.searchParams.toString();
}
