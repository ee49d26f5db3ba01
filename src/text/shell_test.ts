import assert from "node:assert/strict";
import { shellQuote } from "./shell.ts";

Deno.test("shellQuote makes one word of a path with spaces, quotes and dollars", () => {
  assert.equal(
    shellQuote("/home/me/.config/distropack/config.toml"),
    "'/home/me/.config/distropack/config.toml'",
  );
  assert.equal(shellQuote("/tmp/it's $HOME/a b"), `'/tmp/it'\\''s $HOME/a b'`);
});
