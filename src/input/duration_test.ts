import assert from "node:assert/strict";
import { formatDuration, parseDuration } from "./duration.ts";

Deno.test("parseDuration reads seconds, and numbers with s, m or h", () => {
  assert.equal(parseDuration("90"), 90_000);
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("0.05"), 50);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("1.5m"), 90_000);
  assert.equal(parseDuration("2H"), 7_200_000);
  assert.equal(parseDuration(".5"), 500);
});

Deno.test("parseDuration refuses what is not a duration", () => {
  for (const text of ["", "-1", "5d", "1m30s", "abc", "1e3", "m", "1.", "Infinity"]) {
    assert.equal(parseDuration(text), undefined, text);
  }
});

Deno.test("formatDuration writes durations back compactly", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(45_000), "45s");
  assert.equal(formatDuration(300), "0.3s");
  assert.equal(formatDuration(3_600_000), "1h");
  assert.equal(formatDuration(5_430_000), "1h30m30s");
});
