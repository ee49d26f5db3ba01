import assert from "node:assert/strict";
import { backoffDelay, parseRetryAfter } from "./retry.ts";

Deno.test("backoffDelay doubles, keeps at least half of each step and respects the cap", () => {
  const backoff = { baseMs: 100, capMs: 1000 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, () => 0, backoff)), [
    50,
    100,
    200,
    400,
    500,
    500,
  ]);
  assert.deepEqual([0, 1, 2, 3, 4].map((n) => backoffDelay(n, () => 1, backoff)), [
    100,
    200,
    400,
    800,
    1000,
  ]);
  assert.equal(backoffDelay(1, () => 0.5, backoff), 150);
});

Deno.test("parseRetryAfter reads delta seconds and HTTP dates, and ignores nonsense", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("0", now), 0);
  assert.equal(parseRetryAfter(" 7 ", now), 7000);
  assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now), 30_000);
  assert.equal(parseRetryAfter("Tue, 31 Dec 2024 23:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter(null, now), undefined);
  assert.equal(parseRetryAfter("-5", now), undefined);
  assert.equal(parseRetryAfter("1.5", now), undefined);
  assert.equal(parseRetryAfter("soon", now), undefined);
});
