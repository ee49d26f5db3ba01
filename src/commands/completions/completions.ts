import { type Handler, handlerOf } from "../../cli/define.ts";
import { GLOBAL_OPTIONS, HELP_OPTION, VERSION_OPTION } from "../../cli/options.ts";
import { completionScript } from "../../completions/generate.ts";
import { commandTree } from "../../completions/tree.ts";
import type { completionsCommand } from "./command.ts";

/**
 * The completion script for a shell, generated from the command
 * declarations, so every command and option the CLI has is covered.
 */
export const completionsHandler: Handler = handlerOf<typeof completionsCommand>(
  (_ctx, { args: [shell], root }) => {
    const tree = commandTree({
      root,
      globals: GLOBAL_OPTIONS,
      rootOnly: [VERSION_OPTION],
      help: HELP_OPTION,
    });
    const script = completionScript(shell, tree);
    return Promise.resolve({ document: { shell, script }, lines: [script.trimEnd()] });
  },
);
