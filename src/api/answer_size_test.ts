import assert from "node:assert/strict";
import { answerLimit, AnswerTooLarge, readLimited } from "./answer_size.ts";

/** A body of `chunks` chunks of `size` bytes, counting the chunks taken from it. */
function counted(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel: () => void (seen.cancelled = true),
  }, { highWaterMark: 0 });
  return { response: new Response(body), seen };
}

Deno.test("an answer up to its limit is read whole", async () => {
  const { response } = counted(4, 256);
  assert.equal((await readLimited(response, 1024, false)).length, 1024);
});

Deno.test("an answer past its limit fails, read no further than the chunk that crossed it", async () => {
  const { response, seen } = counted(1_000_000, 256);
  await assert.rejects(readLimited(response, 1024, false), AnswerTooLarge);
  assert.equal(seen.pulled, 5);
  assert.ok(seen.cancelled, "the body was not cancelled");
});

Deno.test("an error body past its limit is cut at the limit, the rest never read", async () => {
  const { response, seen } = counted(1_000_000, 256);
  assert.equal((await readLimited(response, 1000, true)).length, 1000);
  assert.equal(seen.pulled, 4);
  assert.ok(seen.cancelled);
});

Deno.test("an answer whose Content-Length is past its limit fails before a byte is read", async () => {
  const { seen } = counted(1, 1);
  const body = new ReadableStream<Uint8Array>({ pull: () => void seen.pulled++ });
  const response = new Response(body, { headers: { "content-length": "2000" } });
  await assert.rejects(readLimited(response, 1024, false), AnswerTooLarge);
  assert.equal(seen.pulled, 0);
});

Deno.test("a status answer may hold long messages; a trigger's stays small", () => {
  assert.ok(answerLimit("status") >= 4 * 1024 * 1024);
  assert.ok(answerLimit("status") <= 8 * 1024 * 1024);
  assert.ok(answerLimit("trigger") <= 64 * 1024);
});
