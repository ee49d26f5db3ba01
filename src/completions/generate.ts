/** Completion scripts for the shells the CLI supports, from one command tree. */
import { bashCompletion } from "./bash.ts";
import { fishCompletion } from "./fish.ts";
import type { CommandSpec } from "./tree.ts";
import { zshCompletion } from "./zsh.ts";

/** The shells the CLI writes completion scripts for. */
export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = typeof SHELLS[number];

const GENERATORS: Record<Shell, (program: string, root: CommandSpec) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
};

export function completionScript(shell: Shell, root: CommandSpec): string {
  return GENERATORS[shell](root.name, root);
}
