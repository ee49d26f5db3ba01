/** What the reference pages say of `completions` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { EVERY_RUN } from "../environment.ts";

export const completionsReference: Reference = {
  details: `With bash-completion installed, the bash script can also be saved once:
\`distropack-cli completions bash > ~/.local/share/bash-completion/completions/distropack-cli\`.
For zsh, save it as \`_distropack-cli\` in a directory on $fpath before compinit runs. Generate
the script again after upgrading the CLI.`,
  document: [
    { name: "shell", type: "string", description: "the shell the script is for" },
    { name: "script", type: "string", description: "the completion script" },
  ],
  environment: EVERY_RUN,
};
