// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Fails unless a release tag names the CLI's version (src/version.ts, the
 * one source of truth) and every other copy of it agrees, so a release
 * cannot ship a binary that reports another version:
 *
 *   deno run --allow-read scripts/version_match.ts v1.2.3
 */
import { fileURLToPath } from "node:url";
import { VERSION } from "../src/version.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The problem with `tag`, or undefined when it is `v<version>`. */
export function tagProblem(tag: string, version: string): string | undefined {
  if (!/^v\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$/.test(tag)) {
    return `Tag '${tag}' is not a release tag like v1.2.3.`;
  }
  if (tag !== `v${version}`) {
    return `Tag '${tag}' does not match the CLI's version ${version} (src/version.ts). ` +
      `Update src/version.ts or tag v${version}.`;
  }
  return undefined;
}

/**
 * Every copy of the version outside src/version.ts that differs from
 * `version`, as one message each. Today the one copy is deno.json's
 * "version" (the package's metadata).
 */
export async function copyProblems(root: string, version: string): Promise<string[]> {
  const denoJson = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  if (denoJson.version === version) return [];
  return [
    `deno.json has version ${JSON.stringify(denoJson.version)}, src/version.ts has ${version}. ` +
    `Set deno.json's "version" to "${version}".`,
  ];
}

if (import.meta.main) {
  const tag = Deno.args[0] ?? "";
  const tagIssue = tagProblem(tag.replace(/^refs\/tags\//, ""), VERSION);
  const problems = [...(tagIssue ? [tagIssue] : []), ...await copyProblems(REPO_ROOT, VERSION)];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) Deno.exitCode = 1;
  else console.error(`Tag ${tag} matches version ${VERSION}.`);
}
