/** `completions`: print a shell completion script. */
import { defineCommand } from "../../cli/define.ts";

/** The shells the CLI writes completion scripts for: the argument's choices. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = typeof SHELLS[number];

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
  reference: async () => (await import("./reference.ts")).completionsReference,
  load: async () =>
    (await import("./completions.ts"))
      .completionsHandler,
});
