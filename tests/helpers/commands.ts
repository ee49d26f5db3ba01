/** The commands of the command tree, for tests that go through each. */
import { type CommandDef, isGroup, type Node } from "../../src/cli/define.ts";
import { COMMAND_TREE } from "../../src/commands/tree.ts";
import { commandPaths } from "../../src/docs/pages.ts";

/** Every command (not group) of the tree, with its path from the root. */
export function commands(): Array<{ path: Node[]; command: CommandDef }> {
  return commandPaths(COMMAND_TREE).flatMap((path) => {
    const node = path[path.length - 1];
    return isGroup(node) ? [] : [{ path, command: node }];
  });
}
