/** The command tree, listed once. Each command's declaration sits beside its handler. */
import { buildCommand } from "../commands/build/command.ts";
import { completionsCommand } from "../commands/completions/command.ts";
import { configGroup } from "../commands/config/command.ts";
import { publishCommand } from "../commands/publish/command.ts";
import { statusCommand } from "../commands/status/command.ts";
import { uploadCommand } from "../commands/upload/command.ts";
import { ENV_DECLARATIONS, type EnvTopic } from "../config/env.ts";
import { EXIT_CODES } from "../errors.ts";
import { PROGRAM_NAME } from "../version.ts";
import type { GroupDef } from "./define.ts";

/** The variables the root help names; the docs list them all. */
const HELP_TOPICS = new Set<EnvTopic>(["distropack", "terminal"]);

export const COMMAND_TREE: GroupDef = {
  name: PROGRAM_NAME,
  summary:
    "Upload release files to DistroPack, build deb, rpm and pacman packages, and wait for them.",
  commands: [
    configGroup,
    uploadCommand,
    buildCommand,
    publishCommand,
    statusCommand,
    completionsCommand,
  ],
  examples: [
    'echo "$DISTROPACK_TOKEN" | distropack-cli config set-token',
    "distropack-cli config show",
    "distropack-cli publish --file source-tarball=dist/app-{version}.tar.gz",
  ],
  notes: () =>
    [
      "Environment:",
      rows(ENV_DECLARATIONS.filter((v) => HELP_TOPICS.has(v.topic)).map((v) => [v.name, v.about])),
      "",
      "Exit codes:",
      rows(Object.values(EXIT_CODES).map(({ code, meaning }) => [String(code), meaning])),
    ].join("\n"),
};

function rows(pairs: Array<[string, string]>): string {
  const pad = Math.max(...pairs.map(([left]) => left.length)) + 2;
  return pairs.map(([left, right]) => `  ${left.padEnd(pad)}${right}`).join("\n");
}
