/** The exit-code and environment-variable pages, from their single declarations. */
import { ERROR_FIELDS } from "../commands/documents.ts";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { ERROR_CODES, EXIT_CODES } from "../errors.ts";
import { code, fieldsTable, GENERATED_NOTE, table } from "./markdown.ts";
import { RUNTIME_ENV, RUNTIME_ENV_NOTE, TOPIC_TITLES } from "./pages.ts";

export function exitCodesPage(): string {
  return [
    GENERATED_NOTE,
    "# Exit codes",
    "Every command ends with one of these codes, so a CI step can tell a failed build from a " +
    "bad token or a timeout:",
    table(
      ["Code", "Meaning"],
      Object.values(EXIT_CODES).map(({ code, meaning }) => [String(code), meaning]),
    ),
    "With `--json`, a failed command's document holds an `error` object beside what was done " +
    "before the failure:",
    fieldsTable(ERROR_FIELDS),
    "## Error codes",
    "`error.code` says why it failed, in a word a script can test; each code comes with its " +
    "exit code:",
    table(
      ["error.code", "Exit code", "Meaning"],
      errorCodes().map(({ code: name, exits, meaning }) => [code(name), exits, meaning]),
    ),
    "See also: [Environment variables](environment.md), " +
    "[Command reference](../commands/README.md).",
  ].join("\n\n") + "\n";
}

export function environmentPage(): string {
  const topics = Object.entries(TOPIC_TITLES).flatMap(([topic, title]) => {
    const variables = ENV_DECLARATIONS.filter((variable) => variable.topic === topic);
    if (variables.length === 0) return [];
    return [
      `## ${title}`,
      table(
        ["Variable", "Description"],
        variables.map((variable) => [code(variable.name), variable.about]),
      ),
    ];
  });
  return [
    GENERATED_NOTE,
    "# Environment variables",
    "Every variable the CLI reads; it reads no others (the `cli` permission set grants exactly " +
    "these). Two more, for certificates, are read by the runtime: see " +
    "[Read by the runtime](#read-by-the-runtime).",
    ...topics,
    "## Read by the runtime",
    RUNTIME_ENV_NOTE,
    table(
      ["Variable", "Description"],
      RUNTIME_ENV.map((variable) => [code(variable.name), variable.about]),
    ),
    "See also: [Exit codes](exit-codes.md), [Command reference](../commands/README.md).",
  ].join("\n\n") + "\n";
}

/** Each declared `error.code` with its exit codes, as the pages and the man page list them. */
export function errorCodes(): Array<{ code: string; exits: string; meaning: string }> {
  return Object.entries(ERROR_CODES).map(([code, { exit, meaning }]) => ({
    code,
    exits: exit.map((name) => String(EXIT_CODES[name].code)).join(" or "),
    meaning,
  }));
}
