/**
 * Comments that point at a file point at one that exists: a path such as
 * `src/run/advice.ts`, or a document named alone (`README.md`), is found in
 * the repository, so a reader following it does not land nowhere.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

async function* files(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* files(path);
    else if (entry.isFile) yield path;
  }
}

/** Every file of the repository's code and docs, as paths from the root. */
async function repoFiles(): Promise<string[]> {
  const all: string[] = [];
  for (const dir of ["src", "tests", "scripts", "bench", "docs", "examples"]) {
    try {
      for await (const path of files(dir)) all.push(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  for await (const entry of Deno.readDir(REPO_ROOT)) if (entry.isFile) all.push(entry.name);
  return all;
}

/** The comment lines of a TypeScript file. */
function comments(text: string): string[] {
  return text.split("\n").filter((line) =>
    /^\s*(\/\/|\/\*|\*)/.test(line) || /\s\/\/\s/.test(line)
  );
}

Deno.test("every file a comment points at is in the repository", async () => {
  const all = await repoFiles();
  const paths = new Set(all);
  const names = new Set(all.map((path) => path.split("/").pop()));
  const stale: string[] = [];
  for (const file of all.filter((path) => path.endsWith(".ts"))) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const line of comments(text)) {
      for (const [pointer] of line.matchAll(/\b(?:src|tests|scripts)\/[\w/.-]*\w\.(?:ts|md)\b/g)) {
        if (!paths.has(pointer)) stale.push(`${file}: ${pointer}`);
      }
      for (const [name] of line.matchAll(/(?<![\w/.-])[A-Za-z][\w-]*\.md\b/g)) {
        if (!names.has(name)) stale.push(`${file}: ${name}`);
      }
    }
  }
  assert.deepEqual(stale, []);
});
