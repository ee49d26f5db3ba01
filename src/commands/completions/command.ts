/** `completions`: print a shell completion script. */
import { defineCommand } from "../../cli/define.ts";
import { SHELLS } from "../../completions/shells.ts";

export const completionsCommand = defineCommand({
  name: "completions",
  summary: "print the shell completion script for bash, zsh or fish",
  args: [{
    name: "shell",
    description: "the shell to complete in",
    required: true,
    choices: SHELLS,
  }],
  examples: [
    'eval "$(distropack-cli completions bash)"   # in ~/.bashrc',
    "source <(distropack-cli completions zsh)    # in ~/.zshrc, after compinit",
    "distropack-cli completions fish > ~/.config/fish/completions/distropack-cli.fish",
  ],
  details: `With bash-completion installed, the bash script can also be saved once:
\`distropack-cli completions bash > ~/.local/share/bash-completion/completions/distropack-cli\`.
For zsh, save it as \`_distropack-cli\` in a directory on $fpath before compinit runs. Generate
the script again after upgrading the CLI.`,
  document: [
    { name: "shell", type: "string", description: "the shell the script is for" },
    { name: "script", type: "string", description: "the completion script" },
  ],
  load: async () =>
    (await import("./completions.ts"))
      .completionsHandler,
});
