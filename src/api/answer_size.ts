/**
 * How much of an answer the client reads. Every body is read with a cap that
 * fits its endpoint, so no server, proxy or middlebox can fill the runner's
 * memory, whether it sends a huge answer or one that never ends.
 */
import { formatBytes } from "../text/format.ts";
import type { ApiCall } from "./errors.ts";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * The most a non-2xx answer's body is read for: only its first few hundred
 * characters are shown, so the rest is never read.
 */
const ERROR_BODY_BYTES = 64 * KiB;

/**
 * The most a 2xx answer may hold. A trigger's answer is a list of at most a
 * hundred short ids; an upload's carries nothing the client needs. A status
 * answer holds, for each of up to a hundred jobs, a few short fields and two
 * messages of any length: a failed job's message may run to megabytes (a
 * whole dependency list), so the cap is one that the largest allowed list
 * with long messages fits in, and that memory still bears once parsed.
 */
export function answerLimit(call: ApiCall): number {
  switch (call) {
    case "trigger":
      return 64 * KiB;
    case "upload":
      return 1 * MiB;
    case "status":
      return 8 * MiB;
  }
}

/** A 2xx answer larger than its endpoint's limit: garbled, not read past the limit. */
export class AnswerTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`it is larger than the ${formatBytes(limit)} such an answer may hold`);
    this.name = "AnswerTooLarge";
  }
}

/**
 * An answer's body: a 2xx one whole, up to `limit` (past it AnswerTooLarge:
 * garbled); any other only its start, all that is shown of it.
 */
export function readAnswer(response: Response, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  return response.ok
    ? readLimited(response, limit, false)
    : readLimited(response, ERROR_BODY_BYTES, true);
}

/**
 * At most `limit` bytes of the body. Past the limit, reading stops and the
 * connection is dropped; then the answer is AnswerTooLarge, or, with
 * `truncate` (for an error body, shown only in part), the bytes read.
 */
export async function readLimited(
  response: Response,
  limit: number,
  truncate: boolean,
): Promise<Uint8Array<ArrayBuffer>> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (!truncate && declared > limit) {
    await body.cancel().catch(() => {});
    throw new AnswerTooLarge(limit);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit || !truncate) {
      const { value, done } = await reader.read();
      if (done) break;
      if (size + value.length > limit && !truncate) throw new AnswerTooLarge(limit);
      const kept = value.subarray(0, limit - size);
      chunks.push(kept);
      size += kept.length;
    }
  } finally {
    // A body read to its end is released; one cut short drops its connection.
    await reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
