import assert from "node:assert/strict";
import { cell, code, detailsMarkdown, notesMarkdown, prose } from "./markdown.ts";

Deno.test("a table cell escapes pipes and joins lines", () => {
  assert.equal(cell("string | null\nor more"), "string \\| null or more");
});

Deno.test("code spans hold backticks", () => {
  assert.equal(code("--json"), "`--json`");
  assert.equal(code("a `b`"), "`` a `b` ``");
});

Deno.test("notes keep indented lines in a block and the rest as paragraphs", () => {
  assert.equal(
    notesMarkdown("Environment:\n\n  CI   no prompts\n  TERM dumb\n\nThe end."),
    "Environment:\n\n```text\n  CI   no prompts\n  TERM dumb\n```\n\nThe end.",
  );
});

Deno.test("a < in prose is escaped, in code it is kept", () => {
  assert.equal(prose("give <id> or `--package-id <id>`"), "give &lt;id> or `--package-id <id>`");
  assert.equal(cell("`<a>` | <b>"), "`<a>` \\| &lt;b>");
});

Deno.test("details become paragraphs and list items, each on one line", () => {
  assert.equal(
    detailsMarkdown("First line\nwraps.\n\nA list:\n- one\n  more\n- two <x>"),
    "First line wraps.\n\nA list:\n- one more\n- two &lt;x>",
  );
});
