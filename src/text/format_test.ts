import assert from "node:assert/strict";
import { formatBytes, formatElapsed } from "./format.ts";

Deno.test("formatBytes uses binary units with one decimal", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1023), "1023 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(512 * 1024 * 1024), "512.0 MiB");
});

Deno.test("formatElapsed is short and grows its units", () => {
  assert.equal(formatElapsed(400), "0.4s");
  assert.equal(formatElapsed(12_000), "12s");
  assert.equal(formatElapsed(185_000), "3m05s");
  assert.equal(formatElapsed(3_720_000), "1h02m");
});
