import assert from "node:assert/strict";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { EXIT_CODES } from "../errors.ts";
import { COMMAND_TREE } from "./tree.ts";

Deno.test("the root help lists every exit code with its meaning, from their declaration", () => {
  const notes = COMMAND_TREE.notes ?? "";
  for (const { code, meaning } of Object.values(EXIT_CODES)) {
    assert.match(notes, new RegExp(`^  ${code} +${RegExp.escape(meaning)}$`, "m"), String(code));
  }
});

Deno.test("the root help names each DistroPack variable with its description", () => {
  const notes = COMMAND_TREE.notes ?? "";
  const own = ENV_DECLARATIONS.filter((v) => v.name.startsWith("DISTROPACK_"));
  assert.ok(own.length >= 4);
  for (const { name, about } of own) {
    assert.match(
      notes,
      new RegExp(`^  ${RegExp.escape(name)} +${RegExp.escape(about)}$`, "m"),
      name,
    );
  }
  assert.doesNotMatch(
    notes,
    /HTTPS_PROXY|GITHUB_REF_NAME/,
    "the root help keeps to the essentials",
  );
});
