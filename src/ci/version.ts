/**
 * The version for `publish` and `build` when `--version` is omitted: taken
 * from the tag the CI system is building, so a release pipeline triggered by
 * pushing `v1.2.3` publishes `1.2.3` without repeating it.
 */
import type { Env, EnvName } from "../settings/env.ts";
import { UsageError } from "../errors.ts";
import { checkedName, hasControlCharacters, MAX_NAME_LENGTH } from "../text/names.ts";
import { escapeControl } from "../text/escape.ts";
import { TAG_SOURCES, type TagSource, tagVariables } from "./providers.ts";

export interface ResolvedVersion {
  version: string;
  /** `"flag"` for `--version`, otherwise the name of the variable the tag came from. */
  source: "flag" | EnvName;
}

/**
 * The version to publish: `--version` when given (trimmed), else the CI tag
 * with any `refs/tags/` and one leading `v` or `V` dropped. Throws a
 * UsageError when there is neither, or when the value is not usable; the
 * error names where the value came from.
 */
export function resolveVersion(flag: string | undefined, env: Env): ResolvedVersion {
  if (flag !== undefined) {
    if (flag.trim() === "") {
      throw new UsageError(
        "--version is empty. Pass the version to publish, e.g. --version 1.2.3.",
      );
    }
    return { version: checkedName(flag, "--version"), source: "flag" };
  }
  for (const source of TAG_SOURCES) {
    const tag = source.read(env)?.trim();
    if (tag) return { version: versionFromTag(tag, source), source: source.name };
  }
  for (const source of TAG_SOURCES) {
    const ref = source.notTag?.(env);
    if (ref === undefined) continue;
    throw new UsageError(
      `No --version, and this ${source.ci} run is a branch build, not a tag build ` +
        `(${escapeControl(ref)}), ` +
        "so there is no tag to take the version from. Pass --version VERSION, or run this step " +
        "only when a tag is pushed.",
    );
  }
  throw new UsageError(
    `No version given and no CI tag found (looked at ${tagVariables()}). ` +
      "Pass --version VERSION, or run on a tag build.",
  );
}

/**
 * The note for a `--version` written like a tag (`v1.2.3`): it is sent as given, while a tag
 * `v1.2.3` gives `1.2.3`; the official client's action passed the tag on with its `v`.
 */
export function taggedVersionNote({ version, source }: ResolvedVersion): string | undefined {
  if (source !== "flag" || !/^[vV]\d/.test(version)) return undefined;
  const bare = version.slice(1);
  return `Note: --version ${version} is sent as given, with its v (a tag ${version} gives ` +
    `${bare}); pass --version ${bare} to build ${bare}.`;
}

function versionFromTag(tag: string, source: TagSource): string {
  const version = tag.replace(/^refs\/tags\//, "").replace(/^[vV]/, "");
  const problem = !/^\d\S*$/.test(version)
    ? "is not a version: without its leading v it must start with a digit and have no spaces"
    : hasControlCharacters(version)
    ? "contains control characters"
    : version.length > MAX_NAME_LENGTH
    ? `is ${version.length} characters long; a version has at most ${MAX_NAME_LENGTH}`
    : undefined;
  if (problem === undefined) return version;
  const shown = escapeControl(tag);
  throw new UsageError(
    `The tag "${shown.length > 60 ? `${shown.slice(0, 60)}...` : shown}" (${source.name}, ` +
      `${source.ci}) ${problem}. Pass --version VERSION.`,
  );
}
