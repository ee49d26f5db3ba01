import { InterruptedError, stoppedBy, UsageError } from "../errors.ts";
import type { Stdin } from "../host.ts";

/** Longer input than this is not a token; stop reading rather than buffer it. */
const MAX_TOKEN_BYTES = 64 * 1024;

/**
 * Reads a secret from a pipe: the first line, or everything up to end of
 * input. An empty or closed stdin fails at once. If nothing at all arrives
 * within `firstByteTimeoutMs` (a pipe that nobody writes to), it fails
 * instead of hanging a CI job. Ctrl-C or SIGTERM (`signal`) ends the wait.
 */
export async function readSecretFromPipe(
  readable: ReadableStream<Uint8Array> | null,
  firstByteTimeoutMs: number,
  signal: AbortSignal,
): Promise<string> {
  if (readable === null) return "";
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    while (true) {
      const next = untilStopped(reader.read(), signal);
      const result = size > 0 ? await next : await Promise.race([
        next,
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), firstByteTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (result === "timeout") {
        throw new UsageError(
          `No token arrived on standard input within ${firstByteTimeoutMs / 1000} seconds. ` +
            `Pipe it in (echo "$TOKEN" | distropack-cli config set-token) ` +
            `or set DISTROPACK_API_TOKEN.`,
        );
      }
      if (result.done) break;
      chunks.push(result.value);
      size += result.value.length;
      if (result.value.includes(0x0a)) break;
      if (size > MAX_TOKEN_BYTES) {
        throw new UsageError("Standard input is too long to be an API token.");
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InterruptedError) throw error;
    // A closed or unusable stdin is the same as an empty one.
    return "";
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = new TextDecoder().decode(concat(chunks, size));
  return text.split(/\r?\n/)[0] ?? "";
}

/**
 * Prompts on the terminal without echo. Enter ends the input; Backspace
 * deletes; Ctrl-C (a byte in raw mode) interrupts, as SIGTERM (`signal`)
 * does; Ctrl-D ends it.
 */
export async function readSecretFromTerminal(
  stdin: Stdin,
  writePrompt: (text: string) => void,
  prompt: string,
  signal: AbortSignal,
): Promise<string> {
  if (stdin.readable === null) return "";
  const reader = stdin.readable.getReader();
  const bytes: number[] = [];
  // Echo goes off before the prompt shows, so a fast paste is never echoed.
  stdin.setRaw(true);
  writePrompt(prompt);
  try {
    read: while (true) {
      const { value, done } = await untilStopped(reader.read(), signal);
      if (done) break;
      for (const byte of value) {
        if (byte === 0x0d || byte === 0x0a || byte === 0x04) break read;
        if (byte === 0x03) throw new InterruptedError();
        if (byte === 0x7f || byte === 0x08) {
          // Drop the last UTF-8 character: its continuation bytes, then its first byte.
          while (bytes.length > 0 && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
          bytes.pop();
          continue;
        }
        if (bytes.length >= MAX_TOKEN_BYTES) continue;
        bytes.push(byte);
      }
    }
  } finally {
    stdin.setRaw(false);
    reader.releaseLock();
    writePrompt("\n");
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** `read`, or InterruptedError as soon as `signal` fires: a read from stdin cannot be aborted. */
function untilStopped<T>(read: Promise<T>, signal: AbortSignal): Promise<T> {
  const interrupted = () =>
    new InterruptedError("Interrupted while waiting for the token.", stoppedBy(signal));
  if (signal.aborted) return Promise.reject(interrupted());
  let onAbort = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(interrupted());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([read, stopped]).finally(() => signal.removeEventListener("abort", onAbort));
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
