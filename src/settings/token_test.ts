import assert from "node:assert/strict";
import { maskToken, normalizeToken, tokenProblem } from "./token.ts";
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
  assert.throws(() => normalizeToken("dp abc", "x"), /contains a space at position 3/);
  assert.throws(() => normalizeToken("dp\u0000abc", "x"), UsageError);
});

Deno.test("normalizeToken refuses a token that cannot travel in a header, without showing it", () => {
  assert.throws(() => normalizeToken("dp_secret\u200babc\n", "given as argument"), (error) => {
    assert.ok(error instanceof UsageError);
    assert.equal(
      error.message,
      "The API token given as argument contains an invisible or space character (U+200B) " +
        "at position 10, which cannot be sent in an HTTP header. " +
        "Copy it again from the dashboard's API Tokens page.",
    );
    return true;
  });
});

Deno.test("tokenProblem accepts visible ASCII only and says what and where the culprit is", () => {
  assert.equal(tokenProblem("dp_AZaz09-._~+/=!#$%&'*^`|"), undefined);
  assert.equal(tokenProblem(""), "is empty");
  const cases: [string, string][] = [
    ["ab cd", "a space at position 3"],
    ["ab\tcd", "a control character (U+0009) at position 3"],
    ["abc\x7f", "a control character (U+007F) at position 4"],
    ["\u200bab", "an invisible or space character (U+200B) at position 1"],
    ["a\u00a0b", "an invisible or space character (U+00A0) at position 2"],
    ["ab\ufeff", "an invisible or space character (U+FEFF) at position 3"],
    ["tok\u00e9n", "a non-ASCII character (U+00E9) at position 4"],
    ["🔑é", "a non-ASCII character (U+1F511) at position 1"],
    ["a\ufffdb", "a non-ASCII character (U+FFFD) at position 2"],
  ];
  for (const [token, culprit] of cases) {
    assert.equal(
      tokenProblem(token),
      `contains ${culprit}, which cannot be sent in an HTTP header`,
      JSON.stringify(token),
    );
  }
});
