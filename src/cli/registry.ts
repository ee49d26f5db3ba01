/** The command tree, listed once. Each command's declaration sits beside its handler. */
import { buildCommand } from "../commands/build/command.ts";
import { completionsCommand } from "../commands/completions/command.ts";
import { configGroup } from "../commands/config/command.ts";
import { publishCommand } from "../commands/publish/command.ts";
import { statusCommand } from "../commands/status/command.ts";
import { uploadCommand } from "../commands/upload/command.ts";
import { PROGRAM_NAME } from "../version.ts";
import type { GroupDef } from "./define.ts";

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
  notes: `Environment:
  DISTROPACK_API_TOKEN   API token; takes precedence over the config file
  DISTROPACK_API_URL     server base URL (default https://distropack.dev)
  DISTROPACK_CONFIG      config file to use (like --config)
  DISTROPACK_PACKAGE_ID  default for --package-id
  CI                     when set: no prompts, no animations
  NO_COLOR               when set and not empty: no colour

Exit codes:
  0 ok, 1 error, 2 usage error, 3 authentication, 4 build failed,
  5 timed out, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM)`,
};
