import type { Command } from "@commander-js/extra-typings";
import type { Context } from "../context.ts";
import { completionScript, type Shell } from "../completions/generate.ts";
import { commandTree } from "../completions/tree.ts";

export interface CompletionsResult {
  shell: Shell;
  script: string;
}

/**
 * The completion script for `shell`, generated from the command tree that
 * `command` belongs to, so every command and option the CLI has is covered.
 */
// deno-lint-ignore no-explicit-any
export function completions(shell: Shell, command: Command<any, any, any>): CompletionsResult {
  let root = command;
  while (root.parent) root = root.parent;
  return { shell, script: completionScript(shell, commandTree(root)) };
}

export function renderCompletions(ctx: Context, result: CompletionsResult): void {
  ctx.output.result(result.script.trimEnd());
  ctx.output.json(result);
}
