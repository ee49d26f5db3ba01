import { FileChanged } from "./errors.ts";

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

/** The exact byte count of `fileBody` for a file of `size` bytes. */
export function fileBodyLength(
  boundary: string,
  fieldName: string,
  filename: string,
  size: number,
): number {
  return filePartHead(boundary, fieldName, filename).length + size +
    closingBoundary(boundary).length;
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
  /** The file's size when the upload was announced: exactly this many bytes are sent. */
  size: number;
  /** Bytes read per pull; the most the body holds at once. */
  chunkSize?: number;
  /** Called with the file bytes the connection has surely taken so far. */
  onProgress?: (sentBytes: number) => void;
  /** Called once the last byte of the body is handed over. */
  onEnd?: () => void;
  /** Called when the file turns out to have changed; the stream then errors with it. */
  onChanged?: (error: FileChanged) => void;
}

/**
 * How many of the latest chunks the runtime may hold without having a
 * connection yet: Deno's fetch pulls the first chunk into a channel and a
 * second one while it connects (measured with a refused port). Progress
 * counts only bytes pulled before those, so a dead host shows none.
 */
const PREFETCHED_CHUNKS = 2;

/**
 * The multipart body of one file part as a stream that reads the file only
 * when the consumer pulls (highWaterMark 0: nothing is read ahead), and
 * closes it at the end, on error and on cancel. The file must have exactly
 * `size` bytes: if it ends early or has more, the stream errors (so the
 * server sees a broken body, never a complete-looking one) with FileChanged.
 */
export function fileBody(options: FileBodyOptions): ReadableStream<Uint8Array> {
  // 64 KiB reads: the benchmark shows larger ones pile up garbage faster than
  // V8 collects it (peak RSS grows with the file), for little throughput.
  const { source, size, chunkSize = 64 * 1024, onProgress, onEnd } = options;
  let stage: "head" | "file" | "tail" | "done" = "head";
  let read = 0;
  const recent: number[] = [];
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
  const handed = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    chunk: Uint8Array,
    fileBytes: number,
  ) => {
    controller.enqueue(chunk);
    recent.push(fileBytes);
    if (recent.length > PREFETCHED_CHUNKS) {
      const taken = read - recent.slice(-PREFETCHED_CHUNKS).reduce((a, b) => a + b, 0);
      recent.shift();
      if (fileBytes > 0 && taken > 0) onProgress?.(taken);
    }
  };
  const changed = (readBytes: number) => {
    const error = new FileChanged(options.filename, size, readBytes);
    options.onChanged?.(error);
    return error;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (stage === "head") {
          stage = "file";
          handed(
            controller,
            filePartHead(options.boundary, options.fieldName, options.filename),
            0,
          );
          return;
        }
        if (stage === "file") {
          // One byte more than is left: reading it means the file grew.
          const buffer = new Uint8Array(Math.min(chunkSize, size - read + 1));
          const count = await source.read(buffer);
          if (count === null) {
            if (read < size) throw changed(read);
            stage = "tail";
            close();
          } else {
            if (read + count > size) throw changed(read + count);
            read += count;
            if (count > 0) handed(controller, buffer.subarray(0, count), count);
            return;
          }
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
