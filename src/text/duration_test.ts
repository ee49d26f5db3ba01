import assert from "node:assert/strict";
import { formatElapsed } from "./format.ts";
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

Deno.test("parseDuration reads h, m and s together, in that order, as the CLI prints them", () => {
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("1h30m"), 5_400_000);
  assert.equal(parseDuration("1h30s"), 3_630_000);
  assert.equal(parseDuration("596h31m23s"), 2_147_483_000);
  assert.equal(parseDuration("3m05s"), 185_000);
  assert.equal(parseDuration("1h02m"), 3_720_000);
  assert.equal(parseDuration(" 1h 30m "), 5_400_000);
  assert.equal(parseDuration("1.5h0.5m"), 5_430_000);
});

Deno.test("parseDuration refuses what is not a duration", () => {
  const texts = ["", " ", "-1", "5d", "abc", "1e3", "m", "1.", "Infinity", "30s1m", "1m1h"];
  texts.push("1h1h", "1 2", "1h2", "h1", "1hm", "1h-30m", "0x10", "1ms");
  for (const text of texts) assert.equal(parseDuration(text), undefined, text);
});

Deno.test("formatDuration writes durations back compactly", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(45_000), "45s");
  assert.equal(formatDuration(300), "0.3s");
  assert.equal(formatDuration(3_600_000), "1h");
  assert.equal(formatDuration(5_430_000), "1h30m30s");
});

Deno.test("every duration the CLI prints reads back as the same duration", () => {
  const values = [0, 1, 50, 300, 999, 1000, 1500, 9_950, 10_000, 59_999, 60_000, 61_000, 90_000];
  values.push(599_500, 3_599_000, 3_600_000, 3_660_000, 5_400_000, 86_400_000, 2 ** 31 - 1);
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 48_271) % 2_147_483_647;
    values.push(seed % (i % 2 ? 120_000 : 2 ** 31));
  }
  for (const format of [formatDuration, formatElapsed]) {
    for (const ms of values) {
      const text = format(ms);
      const read = parseDuration(text);
      assert.notEqual(read, undefined, `${format.name}(${ms}) = ${text} does not read back`);
      assert.equal(format(read!), text, `${format.name}(${ms}) = ${text}, read as ${read}`);
    }
  }
});
