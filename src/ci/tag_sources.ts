/**
 * Where each CI system puts the tag it is building, declared once: the
 * version resolver reads these, and help's note lists them. The variables'
 * names are declared with the rest of the environment (src/settings/env.ts).
 */
import type { Env, EnvName } from "../settings/env.ts";

export interface TagSource {
  ci: string;
  /** The variable that holds the tag, reported as the version's source. */
  name: EnvName;
  /** How help names it, when the name alone does not say when it counts. */
  shown?: string;
  /** The tag, or undefined when this CI is not building a tag. */
  read(env: Env): string | undefined;
  /** When the CI says the run is a branch build: the variables that say so. */
  notTag?(env: Env): string | undefined;
}

const plain = (ci: string, name: EnvName): TagSource => ({ ci, name, read: (env) => env(name) });

/** Checked in this order; the first one that holds a tag wins. */
export const TAG_SOURCES: readonly TagSource[] = [
  {
    ci: "GitHub Actions",
    name: "GITHUB_REF_NAME",
    shown: "GITHUB_REF_NAME (when GITHUB_REF_TYPE=tag)",
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
    shown: "BUILD_SOURCEBRANCH (refs/tags/...)",
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

/** `GITHUB_REF_NAME (when GITHUB_REF_TYPE=tag), CI_COMMIT_TAG, ... or TAG_NAME`. */
export function tagVariables(): string {
  const names = TAG_SOURCES.map((source) => source.shown ?? source.name);
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
