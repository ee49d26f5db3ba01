/**
 * The version for `publish` and `build` when `--version` is omitted: taken
 * from the tag the CI system is building, so a release pipeline triggered by
 * pushing `v1.2.3` publishes `1.2.3` without repeating it.
 */
import type { Env, EnvName } from "../config/env.ts";
import { UsageError } from "../errors.ts";
import { checkedName, hasControlCharacters, MAX_NAME_LENGTH } from "../input/names.ts";
import { escapeControl } from "../output/escape.ts";

/** Where one CI system puts the tag being built. */
interface TagSource {
  ci: string;
  /** The variable that holds the tag, reported as the version's source. */
  name: EnvName;
  /** The tag, or undefined when this CI is not building a tag. */
  read(env: Env): string | undefined;
  /** When the CI says the run is a branch build: the variables that say so. */
  notTag?(env: Env): string | undefined;
}

const plain = (ci: string, name: EnvName): TagSource => ({ ci, name, read: (env) => env(name) });

/** Checked in this order; the first one that holds a tag wins. */
const TAG_SOURCES: readonly TagSource[] = [
  {
    ci: "GitHub Actions",
    name: "GITHUB_REF_NAME",
    // GITHUB_REF_NAME is the branch name on branch builds.
    read: (env) => env("GITHUB_REF_TYPE") === "tag" ? env("GITHUB_REF_NAME") : undefined,
    notTag: (env) =>
      env("GITHUB_REF_TYPE") === "branch"
        ? `GITHUB_REF_TYPE=branch, GITHUB_REF_NAME=${env("GITHUB_REF_NAME") ?? ""}`
        : undefined,
  },
  plain("GitLab CI", "CI_COMMIT_TAG"),
  plain("CircleCI", "CIRCLE_TAG"),
  {
    ...plain("Travis CI", "TRAVIS_TAG"),
    // Travis sets TRAVIS_TAG to the empty string on branch builds.
    notTag: (env) => env("TRAVIS_TAG") === "" ? "TRAVIS_TAG is empty" : undefined,
  },
  plain("Drone", "DRONE_TAG"),
  plain("Buildkite", "BUILDKITE_TAG"),
  plain("Bitbucket Pipelines", "BITBUCKET_TAG"),
  {
    ci: "Azure Pipelines",
    name: "BUILD_SOURCEBRANCH",
    // Azure has no tag variable: the source branch is `refs/tags/v1.2.3` on tag builds.
    read: (env) => {
      const ref = env("BUILD_SOURCEBRANCH");
      return ref?.startsWith("refs/tags/") ? ref : undefined;
    },
    notTag: (env) => {
      const ref = env("BUILD_SOURCEBRANCH");
      return ref?.startsWith("refs/") ? `BUILD_SOURCEBRANCH=${ref}` : undefined;
    },
  },
  plain("Jenkins", "TAG_NAME"),
];

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
  const looked = TAG_SOURCES.map((s) =>
    s.name === "GITHUB_REF_NAME" ? "GITHUB_REF_NAME (with GITHUB_REF_TYPE=tag)" : s.name
  );
  throw new UsageError(
    `No version given and no CI tag found (looked at ${looked.join(", ")}). ` +
      "Pass --version VERSION, or run on a tag build.",
  );
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
