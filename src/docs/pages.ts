/**
 * Which pages the reference has: one per command and group, named by the
 * command's path (`config set-token` is `config-set-token.md`), and what
 * every page shares.
 */
import { isGroup, type Node, type Reference } from "../cli/define.ts";
import { ENV_DECLARATIONS, type EnvDeclaration, type EnvTopic } from "../settings/env.ts";

/** Every command and group under the root, each as its path from the root. */
export function commandPaths(root: Node): Node[][] {
  const walk = (path: Node[]): Node[][] => {
    const node = path[path.length - 1];
    if (!isGroup(node)) return [];
    return node.commands.flatMap((child) => [[...path, child], ...walk([...path, child])]);
  };
  return walk([root]);
}

/** What a page says beyond the declaration: a command's reference, and any node's help notes. */
export interface PageText extends Reference {
  readonly notes?: string;
}

/** Each command's and group's page text, by its declaration. */
export type References = ReadonlyMap<Node, PageText>;

/** Every command's reference (its details and `--json` fields), and the notes of every node. */
export function pageTexts(root: Node): References {
  const nodes = [root, ...commandPaths(root).map((path) => path[path.length - 1])];
  return new Map(nodes.map((node) => [node, pageText(node)]));
}

function pageText(node: Node): PageText {
  const reference = isGroup(node) ? {} : node.reference ?? {};
  return node.notes ? { ...reference, notes: node.notes } : reference;
}

/** The page's file name in docs/commands/: `config-set-token.md`; the root's is the index. */
export function pageName(path: Node[]): string {
  if (path.length === 1) return "README.md";
  return `${path.slice(1).map((node) => node.name).join("-")}.md`;
}

/**
 * Variables the Deno runtime reads itself, the first time it makes a TLS
 * connection: the CLI's code never reads them (so the `cli` permission set
 * does not list them), and the binaries are compiled without `--cert`, so
 * they take effect at run time (tests/tls_test.ts runs them). DENO_CERT,
 * which the runtime reads too, is the CLI's own: it checks the file.
 */
export const RUNTIME_ENV: readonly EnvDeclaration[] = [
  {
    name: "DENO_TLS_CA_STORE",
    topic: "network",
    about: "`system` to trust the system's store instead of the bundled Mozilla one, " +
      "`system,mozilla` for both.",
  },
];

/** What the pages say of RUNTIME_ENV before listing it. */
export const RUNTIME_ENV_NOTE = "The runtime the CLI is built on reads these itself when it " +
  "first makes a secure connection; the CLI's own code does not.";

/** Each topic's heading, in the order the environment page shows them. */
export const TOPIC_TITLES: Record<EnvTopic, string> = {
  distropack: "DistroPack settings",
  terminal: "Terminal",
  location: "Where the config file is",
  tag: "Versions from CI tags",
  ci: "CI reports",
  network: "Proxies and certificates",
  state: "Where the release state is",
};

/** The variables a command's page lists: those it reads, in the environment page's order. */
export function commandEnvironment(text: PageText): EnvDeclaration[] {
  const reads = new Set(text.environment ?? []);
  return ENV_DECLARATIONS.filter((variable) => reads.has(variable.name));
}
