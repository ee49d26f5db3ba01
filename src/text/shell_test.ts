import assert from "node:assert/strict";
import { shellCommand, shellQuote, shellWord } from "./shell.ts";

Deno.test("a word a shell reads as it is stays as it is", () => {
  for (
    const word of ["distropack-cli", "--wait", "6f1c2a9e-0000-4000-8000-000000000001", "a.b_c"]
  ) {
    assert.equal(shellWord(word), word);
  }
});

Deno.test("a word with shell syntax goes in single quotes, a single quote as '\\''", () => {
  assert.equal(shellWord("$(id)"), "'$(id)'");
  assert.equal(shellWord("a;b"), "'a;b'");
  assert.equal(shellWord("`id`"), "'`id`'");
  assert.equal(shellWord("a b"), "'a b'");
  assert.equal(shellWord("it's"), `'it'\\''s'`);
  assert.equal(shellWord(""), "''");
  assert.equal(shellWord("*"), "'*'");
  assert.equal(shellWord("=ls"), "'=ls'");
});

Deno.test("a quoted command line runs exactly its words in a POSIX shell", async () => {
  const words = ["printf", "%s\\n", "$(echo pwned)", "`id`", "a;b", "it's", "x y", "ok"];
  const { stdout } = await new Deno.Command("sh", { args: ["-c", shellCommand(words)] }).output();
  assert.equal(new TextDecoder().decode(stdout), "$(echo pwned)\n`id`\na;b\nit's\nx y\nok\n");
});

Deno.test("shellQuote makes one word of a path with spaces, quotes and dollars", () => {
  assert.equal(
    shellQuote("/home/me/.config/distropack/config.toml"),
    "'/home/me/.config/distropack/config.toml'",
  );
  assert.equal(shellQuote("/tmp/it's $HOME/a b"), `'/tmp/it'\\''s $HOME/a b'`);
});
