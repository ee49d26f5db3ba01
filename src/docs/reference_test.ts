import assert from "node:assert/strict";
import { EXIT_CODES } from "../errors.ts";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { environmentPage, exitCodesPage } from "./reference.ts";

Deno.test("the reference pages list every exit code and every environment variable", () => {
  const exits = exitCodesPage();
  for (const { code, meaning } of Object.values(EXIT_CODES)) {
    assert.ok(exits.includes(`| ${code} | ${meaning} |`), `exit code ${code}`);
  }
  const environment = environmentPage();
  for (const variable of ENV_DECLARATIONS) {
    assert.ok(environment.includes(`| \`${variable.name}\` |`), variable.name);
  }
});
