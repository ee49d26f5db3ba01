/**
 * Which pages the reference has: one per command and group, named by the
 * command's path (`config set-token` is `config-set-token.md`), and what
 * every page shares.
 */
import { type CommandDef, isGroup, type Node, type Reference } from "../cli/define.ts";
import { ENV_DECLARATIONS, type EnvDeclaration, type EnvTopic } from "../config/env.ts";

/** Every command and group under the root, each as its path from the root. */
export function commandPaths(root: Node): Node[][] {
  const walk = (path: Node[]): Node[][] => {
    const node = path[path.length - 1];
    if (!isGroup(node)) return [];
    return node.commands.flatMap((child) => [[...path, child], ...walk([...path, child])]);
  };
  return walk([root]);
}

/** Each command's reference, by its declaration. */
export type References = ReadonlyMap<CommandDef, Reference>;

/** Loads every command's reference (its details and `--json` fields), which runs never load. */
export async function loadReferences(root: Node): Promise<References> {
  const commands = commandPaths(root).flatMap((path) => {
    const node = path[path.length - 1];
    return isGroup(node) ? [] : [node];
  });
  return new Map(
    await Promise.all(
      commands.map(async (command) => [command, await referenceOf(command)] as const),
    ),
  );
}

function referenceOf(command: CommandDef): Promise<Reference> {
  return command.reference?.() ?? Promise.resolve({});
}

/** The page's file name in docs/commands/: `config-set-token.md`; the root's is the index. */
export function pageName(path: Node[]): string {
  if (path.length === 1) return "README.md";
  return `${path.slice(1).map((node) => node.name).join("-")}.md`;
}

/** Each topic's heading, in the order the environment page shows them. */
export const TOPIC_TITLES: Record<EnvTopic, string> = {
  distropack: "DistroPack settings",
  terminal: "Terminal",
  location: "Where the config file is",
  tag: "Versions from CI tags",
  ci: "CI reports",
  network: "Proxies and certificates",
};

/** The variables that apply to any command, as the root help lists them. */
const EVERY_COMMAND: ReadonlySet<EnvTopic> = new Set(["distropack", "terminal"]);

/**
 * The variables a command's page lists: those of every command, and the CI
 * tag variables where the version may come from a tag. The environment
 * page lists them all.
 */
export function commandEnvironment(command: CommandDef): EnvDeclaration[] {
  const takesVersion = (command.options ?? []).some((option) => option.long === "version");
  return ENV_DECLARATIONS.filter((variable) =>
    EVERY_COMMAND.has(variable.topic) || (takesVersion && variable.topic === "tag")
  );
}
