// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Writes the command reference (docs/commands/), the exit-code and
 * environment pages (docs/reference/) and the man page from the
 * declarations: `deno task docs`. The files are committed; a test fails
 * when they are stale.
 */
import { fileURLToPath } from "node:url";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { GENERATED_DIRS, generatedDocs } from "../src/docs/files.ts";
import { REPOSITORY } from "./release_assets.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The generated files, by their path from the repository's root. */
export function docs(): Map<string, string> {
  return generatedDocs(COMMAND_TREE, REPOSITORY);
}

/** Files in the generated directories that the generator no longer writes. */
export async function leftovers(root: string, files: Map<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const dir of GENERATED_DIRS) {
    try {
      for await (const entry of Deno.readDir(`${root}${dir}`)) {
        const path = `${dir}/${entry.name}`;
        if (!files.has(path)) found.push(path);
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return found.sort();
}

if (import.meta.main) {
  const files = docs();
  for (const path of await leftovers(REPO_ROOT, files)) {
    await Deno.remove(`${REPO_ROOT}${path}`);
    console.error(`removed ${path}`);
  }
  for (const [path, text] of files) {
    await Deno.mkdir(`${REPO_ROOT}${path.slice(0, path.lastIndexOf("/"))}`, { recursive: true });
    await Deno.writeTextFile(`${REPO_ROOT}${path}`, text);
  }
  console.error(`${files.size} files written`);
}
