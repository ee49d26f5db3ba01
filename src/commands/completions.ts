/**
 * `completions`: the completion script for a shell, generated from the
 * command declarations, so every command and option the CLI has is covered.
 */
import { HELP_OPTION, VERSION_OPTION } from "../cli/options.ts";
import { completionScript, SHELLS } from "../completions/generate.ts";
import { commandTree } from "../completions/tree.ts";
import { EVERY_RUN } from "./environment.ts";
import { defineCommand } from "./handler.ts";

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
  reference: {
    details: `With bash-completion installed, the bash script can also be saved once:
\`distropack-cli completions bash > ~/.local/share/bash-completion/completions/distropack-cli\`.
For zsh, save it as \`_distropack-cli\` in a directory on $fpath before compinit runs. Generate
the script again after upgrading the CLI.`,
    document: [
      { name: "shell", type: "string", description: "the shell the script is for" },
      { name: "script", type: "string", description: "the completion script" },
    ],
    environment: EVERY_RUN,
  },
  handler: (_ctx, { args: [shell], root }) => {
    const tree = commandTree({
      root,
      globals: root.options ?? [],
      rootOnly: [VERSION_OPTION],
      help: HELP_OPTION,
    });
    const script = completionScript(shell, tree);
    return Promise.resolve({ document: { shell, script }, lines: [script.trimEnd()] });
  },
});
