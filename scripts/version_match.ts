// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Fails unless a release tag names the CLI's version (src/version.ts, the
 * one source of truth), so a release cannot ship a binary that reports
 * another version:
 *
 *   deno run scripts/version_match.ts v1.2.3
 */
import { VERSION } from "../src/version.ts";

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

if (import.meta.main) {
  const tag = Deno.args[0] ?? "";
  const problem = tagProblem(tag.replace(/^refs\/tags\//, ""), VERSION);
  if (problem) {
    console.error(problem);
    Deno.exitCode = 1;
  } else {
    console.error(`Tag ${tag} matches version ${VERSION}.`);
  }
}
