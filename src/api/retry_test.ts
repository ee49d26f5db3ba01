import assert from "node:assert/strict";
import {
  HttpError,
  NETWORK_KINDS,
  NetworkFailure,
  Unauthorized,
  UnexpectedAnswer,
} from "./errors.ts";
import {
  backoffDelay,
  isTransient,
  parseRetryAfter,
  shouldRetry,
  triggerMayHaveStarted,
} from "./retry.ts";

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

Deno.test("status polls and uploads retry on network errors, 429 and 5xx only", () => {
  for (const status of [429, 500, 502, 503, 504]) assert.ok(shouldRetry("repeatable", { status }));
  for (const status of [400, 401, 403, 404, 409, 422]) {
    assert.ok(!shouldRetry("repeatable", { status }));
  }
  for (const network of ["refused", "dns", "connect", "timeout", "reset"] as const) {
    assert.ok(shouldRetry("repeatable", { network }), network);
  }
  assert.ok(!shouldRetry("repeatable", { network: "tls" }));
});

Deno.test("a build trigger retries only when the server cannot have acted on it", () => {
  assert.ok(shouldRetry("trigger", { status: 429 }));
  assert.ok(shouldRetry("trigger", { status: 503 }));
  for (const status of [500, 502, 504, 400]) assert.ok(!shouldRetry("trigger", { status }));
  assert.ok(shouldRetry("trigger", { network: "refused" }));
  assert.ok(shouldRetry("trigger", { network: "connect" }));
  assert.ok(!shouldRetry("trigger", { network: "reset" }));
  assert.ok(!shouldRetry("trigger", { network: "timeout" }));
  assert.ok(!shouldRetry("trigger", { network: "tls" }));
});

Deno.test("a trigger that may have started builds is never retried, and a 500, 502 or 504 may have", () => {
  for (let status = 100; status <= 599; status++) {
    const failure = { status };
    assert.ok(!(shouldRetry("trigger", failure) && triggerMayHaveStarted(failure)), String(status));
  }
  for (const status of [500, 502, 504]) assert.ok(triggerMayHaveStarted({ status }));
  for (const status of [400, 409, 429, 503]) assert.ok(!triggerMayHaveStarted({ status }));
  for (const network of NETWORK_KINDS) {
    const failure = { network };
    assert.ok(!(shouldRetry("trigger", failure) && triggerMayHaveStarted(failure)), network);
  }
  for (const network of ["timeout", "reset", "garbled"] as const) {
    assert.ok(triggerMayHaveStarted({ network }), network);
  }
});

Deno.test("isTransient: the network or the server away for now, not a refusal or a TLS failure", () => {
  const http = (status: number) => new HttpError("status", status, "", "");
  const network = (kind: "refused" | "reset" | "timeout" | "tls") =>
    new NetworkFailure("status", kind, "127.0.0.1:1", "");
  for (const error of [http(503), http(500), http(429), network("refused"), network("reset")]) {
    assert.ok(isTransient(error), error.message);
  }
  for (
    const error of [http(400), http(404), network("tls"), new Unauthorized("status", 401, "", "")]
  ) {
    assert.ok(!isTransient(error), error.message);
  }
  assert.ok(!isTransient(new Error("a bug")));
});

Deno.test("a garbled or early answer is repeated where repeating is safe; a blocked request never", () => {
  for (const network of ["garbled", "early"] as const) {
    assert.equal(shouldRetry("repeatable", { network }), true, network);
  }
  assert.equal(shouldRetry("trigger", { network: "garbled" }), false);
  assert.equal(shouldRetry("repeatable", { network: "blocked" }), false);
  assert.equal(shouldRetry("trigger", { network: "blocked" }), false);
});

Deno.test("isTransient judges an error that explains an API failure by that failure", () => {
  const garbled = new NetworkFailure("status", "garbled", "h:1", "invalid gzip header");
  assert.equal(isTransient(new Error("explained", { cause: garbled })), true);
  const refused = new Unauthorized("status", 401, "", "", undefined);
  assert.equal(isTransient(new Error("explained", { cause: refused })), false);
  assert.equal(
    isTransient(new UnexpectedAnswer("status", 200, "an answer that is not JSON")),
    true,
  );
  assert.equal(
    isTransient(new UnexpectedAnswer("trigger", 200, "an answer that is not JSON")),
    false,
  );
  assert.equal(isTransient(new Error("plain")), false);
});
