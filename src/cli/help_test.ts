import assert from "node:assert/strict";
import type { GroupDef } from "./define.ts";
import { helpText } from "./help.ts";

Deno.test("help fills a note's paragraphs to 80 columns and keeps indented lines as written", () => {
  const sentence = "A note written as one long line, as a declaration gives it, is filled.";
  const long = [sentence, sentence, sentence].join(" ");
  const root: GroupDef = {
    name: "distropack-cli",
    summary: "a demo",
    commands: [],
    notes: `${long}\n\nTable:\n  A    one\n  BB   two`,
  };
  const text = helpText([root]);
  const notes = text.slice(text.indexOf("A note"));
  const [paragraph, table] = notes.trimEnd().split("\n\n");
  const lines = paragraph.split("\n");
  assert.ok(lines.length === 3 && lines.every((line) => line.length <= 80), paragraph);
  assert.equal(lines.join(" "), long);
  assert.equal(table, "Table:\n  A    one\n  BB   two");
});
