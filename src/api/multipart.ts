/**
 * multipart/form-data framing (RFC 7578), written by hand so a file part can
 * be streamed: the body is the part's header bytes, then the file read
 * chunk by chunk as the connection asks for more, then the closing boundary.
 * Memory stays constant whatever the file size.
 */

const encoder = new TextEncoder();

/** A boundary that cannot plausibly occur in a file: 32 random hex digits. */
export function newBoundary(
  random: () => Uint8Array = () => crypto.getRandomValues(new Uint8Array(16)),
): string {
  const hex = Array.from(random(), (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `----distropack-${hex}`;
}

export function contentType(boundary: string): string {
  return `multipart/form-data; boundary=${boundary}`;
}

/** Quotes a name or filename as browsers do (WHATWG): `"`, CR and LF percent-encoded. */
function quoted(value: string): string {
  return `"${value.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")}"`;
}

/** The header of the file part, up to and including the blank line before the bytes. */
export function filePartHead(
  boundary: string,
  name: string,
  filename: string,
): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name=${quoted(name)}; filename=${quoted(filename)}\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n`,
  );
}

/** What ends the last part and the body. */
export function closingBoundary(boundary: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(`\r\n--${boundary}--\r\n`);
}

/** A whole body of text fields (small, so built in memory). */
export function textFieldsBody(
  boundary: string,
  fields: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const parts = Object.entries(fields).map(([name, value]) =>
    `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`
  );
  return encoder.encode(`${parts.join("")}--${boundary}--\r\n`);
}

/** What the file body reads from: `Deno.FsFile` fits. */
export interface ByteSource {
  read(buffer: Uint8Array): Promise<number | null>;
  close(): void;
}

export interface FileBodyOptions {
  boundary: string;
  fieldName: string;
  filename: string;
  source: ByteSource;
  /** Bytes read per pull; the most the body holds at once. */
  chunkSize?: number;
  /** Called with the file bytes handed to the connection so far. */
  onProgress?: (sentBytes: number) => void;
  /** Called once the last byte of the body is handed over. */
  onEnd?: () => void;
}

/**
 * The multipart body of one file part as a stream that reads the file only
 * when the consumer pulls (highWaterMark 0: nothing is read ahead), and
 * closes it at the end, on error and on cancel.
 */
export function fileBody(options: FileBodyOptions): ReadableStream<Uint8Array> {
  // 64 KiB reads: the benchmark shows larger ones pile up garbage faster than
  // V8 collects it (peak RSS grows with the file), for little throughput.
  const { source, chunkSize = 64 * 1024, onProgress, onEnd } = options;
  let stage: "head" | "file" | "tail" | "done" = "head";
  let sent = 0;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    try {
      source.close();
    } catch {
      // Already closed by a failed read.
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (stage === "head") {
          stage = "file";
          controller.enqueue(filePartHead(options.boundary, options.fieldName, options.filename));
          return;
        }
        if (stage === "file") {
          const buffer = new Uint8Array(chunkSize);
          const count = await source.read(buffer);
          if (count !== null) {
            if (count > 0) {
              sent += count;
              controller.enqueue(buffer.subarray(0, count));
              onProgress?.(sent);
            }
            return;
          }
          stage = "tail";
          close();
        }
        if (stage === "tail") {
          stage = "done";
          controller.enqueue(closingBoundary(options.boundary));
          controller.close();
          onEnd?.();
        }
      } catch (error) {
        close();
        controller.error(error);
      }
    },
    cancel() {
      close();
    },
  }, { highWaterMark: 0 });
}
