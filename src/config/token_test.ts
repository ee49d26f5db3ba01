import assert from "node:assert/strict";
import { maskToken, normalizeToken } from "./token.ts";
import { UsageError } from "../errors.ts";

Deno.test("maskToken shows 4 characters at each end of a real token", () => {
  assert.equal(maskToken("abcd0123456789012345678901234wxyz"), "abcd...wxyz");
});

Deno.test("maskToken never shows more than a quarter of the token", () => {
  for (let length = 0; length <= 40; length++) {
    const token = "x".repeat(length);
    const shown = maskToken(token).replace("...", "").replaceAll("*", "").length;
    assert.ok(shown * 4 <= length, `length ${length} showed ${shown}`);
    assert.ok(shown <= 8);
  }
  assert.equal(maskToken("abcdefgh"), "a...h");
  assert.equal(maskToken("abcdefghijklmnop"), "ab...op");
});

Deno.test("maskToken hides short and empty tokens entirely", () => {
  assert.equal(maskToken(""), "****");
  assert.equal(maskToken("a"), "****");
  assert.equal(maskToken("abcdefg"), "****");
});

Deno.test("maskToken works on code points, never cutting a non-ASCII character", () => {
  const token = "🔑ü€" + "x".repeat(26) + "€ü🔑";
  assert.equal(maskToken(token), "🔑ü€x...x€ü🔑");
  assert.equal(maskToken("ééééééééé"), "é...é");
});

Deno.test("maskToken replaces control characters it would show", () => {
  assert.equal(maskToken("\u0007bcdefgh\n"), "?...?");
});

Deno.test("normalizeToken trims pasted white space", () => {
  assert.equal(normalizeToken("  dp_abc\n", "x"), "dp_abc");
});

Deno.test("normalizeToken refuses empty tokens and tokens with inner spaces", () => {
  assert.throws(() => normalizeToken(" \n", "on stdin"), UsageError);
  assert.throws(() => normalizeToken("dp abc", "x"), /spaces or control characters/);
  assert.throws(() => normalizeToken("dp\u0000abc", "x"), UsageError);
});
