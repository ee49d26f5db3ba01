import assert from "node:assert/strict";
import { escapeControl, inertLine } from "./escape.ts";

Deno.test("escapeControl leaves ordinary text alone, backslashes and all", () => {
  const text = "deb build failed: C:\\build\\out (exit 2) — ünïcödé ✓ 日本";
  assert.equal(escapeControl(text), text);
  assert.equal(escapeControl(""), "");
});

Deno.test("escapeControl keeps a forged workflow command on the same line", () => {
  const escaped = escapeControl("done\n::error::forged\r\n::add-mask::x");
  assert.equal(escaped, "done\\n::error::forged\\r\\n::add-mask::x");
  assert.equal(escaped.split(/\r|\n/).length, 1);
});

Deno.test("escapeControl neutralizes ANSI colour, cursor and title sequences", () => {
  assert.equal(escapeControl("\x1b[31mred\x1b[0m"), "\\x1b[31mred\\x1b[0m");
  assert.equal(escapeControl("\x1b[2K\x1b[1A"), "\\x1b[2K\\x1b[1A");
  assert.equal(escapeControl("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
  assert.equal(escapeControl("\x9b31m"), "\\x9b31m");
  assert.ok(!escapeControl("\x1b[31m\x9b\x07").includes("\x1b"));
});

Deno.test("escapeControl writes C0, DEL and C1 controls as \\xHH and tab as \\t", () => {
  assert.equal(escapeControl("a\tb"), "a\\tb");
  assert.equal(escapeControl("\x00\x08\x0b\x0c\x1f"), "\\x00\\x08\\x0b\\x0c\\x1f");
  assert.equal(escapeControl("\x7f\x80\x85\x9f"), "\\x7f\\x80\\x85\\x9f");
  assert.equal(escapeControl("\xa0"), "\xa0", "no-break space is printable");
});

Deno.test("escapeControl writes line separators and bidi controls as \\uHHHH", () => {
  assert.equal(escapeControl("a\u2028b\u2029c"), "a\\u2028b\\u2029c");
  assert.equal(
    escapeControl("\u202a\u202b\u202c\u202d\u202e"),
    "\\u202a\\u202b\\u202c\\u202d\\u202e",
  );
  assert.equal(escapeControl("\u2066\u2067\u2068\u2069"), "\\u2066\\u2067\\u2068\\u2069");
  assert.equal(escapeControl("\u061c\u200e\u200f"), "\\u061c\\u200e\\u200f");
  assert.equal(escapeControl("file\u202egpj.exe"), "file\\u202egpj.exe");
});

Deno.test("escapeControl output never contains a character it escapes", () => {
  let all = "";
  for (let code = 0; code < 0x2100; code++) all += String.fromCharCode(code);
  const escaped = escapeControl(all);
  assert.doesNotMatch(
    escaped,
    // deno-lint-ignore no-control-regex -- looking for control characters is the point
    /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  );
});

Deno.test("inertLine keeps a line from starting a workflow command, in either form", () => {
  assert.equal(inertLine("::error title=x::forged"), "\\x3a:error title=x::forged");
  assert.equal(inertLine("  ::warning::x"), "  \\x3a:warning::x");
  assert.equal(inertLine("deb x ##[stop-commands]zzz"), "deb x #\\x23[stop-commands]zzz");
  assert.equal(inertLine("a ##[error]b ##[x"), "a #\\x23[error]b #\\x23[x");
  for (const plain of ["deb [j-1]: failed: a::b", "Uploaded 25% ::", "# 1.2.3", ""]) {
    assert.equal(inertLine(plain), plain);
  }
});
