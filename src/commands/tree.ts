/**
 * The command tree, listed once, with the program's global options. Each
 * command's declaration sits beside its handler.
 */
import { buildCommand } from "./build.ts";
import { checkCommand } from "./check.ts";
import { completionsCommand } from "./completions.ts";
import { configGroup } from "./config/group.ts";
import { publishCommand } from "./publish.ts";
import { statusCommand } from "./status.ts";
import { uploadCommand } from "./upload.ts";
import type { Group } from "./handler.ts";
import { GLOBAL_OPTIONS } from "./options.ts";
import { ENV_DECLARATIONS, type EnvTopic } from "../settings/env.ts";
import { EXIT_CODES } from "../errors.ts";
import { PROGRAM_NAME } from "../version.ts";

/** The variables the root help names; the docs list them all. */
const HELP_TOPICS = new Set<EnvTopic>(["distropack", "terminal"]);

export const COMMAND_TREE: Group = {
  name: PROGRAM_NAME,
  summary:
    "Upload release files to DistroPack, build deb, rpm and pacman packages, and wait for them.",
  commands: [
    configGroup,
    uploadCommand,
    buildCommand,
    publishCommand,
    checkCommand,
    statusCommand,
    completionsCommand,
  ],
  examples: [
    'echo "$DISTROPACK_TOKEN" | distropack-cli config set-token',
    "distropack-cli config show",
    "distropack-cli publish --file source-tarball=dist/app-{version}.tar.gz",
  ],
  notes: rootNotes(),
  options: GLOBAL_OPTIONS,
};

/** The root help's "Environment" and "Exit codes" blocks, from their declarations. */
function rootNotes(): string {
  const variables: Array<[string, string]> = [];
  for (const { name, topic, about } of ENV_DECLARATIONS) {
    if (HELP_TOPICS.has(topic)) variables.push([name, about]);
  }
  const codes: Array<[string, string]> = [];
  for (const { code, meaning } of Object.values(EXIT_CODES)) codes.push([String(code), meaning]);
  return `Environment:\n${rows(variables)}\n\nExit codes:\n${rows(codes)}`;
}

/** Two columns, the second aligned after the longest of the first. */
function rows(pairs: Array<[string, string]>): string {
  let pad = 0;
  for (const [left] of pairs) pad = Math.max(pad, left.length + 2);
  let text = "";
  for (const [left, right] of pairs) text += `${text ? "\n" : ""}  ${left.padEnd(pad)}${right}`;
  return text;
}
