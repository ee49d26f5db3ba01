/**
 * The CI systems the CLI knows by the tag they build alone: none has a log
 * format or a report of its own here, and none needs telling apart from
 * another CI (`CI` is what turns prompts and animations off).
 */
import type { EnvName } from "../settings/env.ts";
import type { CiProvider } from "./provider.ts";

/** A CI whose tag is in the variable `name` whenever it builds one. */
const tagIn = (name: string, variable: EnvName): CiProvider => ({
  name,
  tag: { name: variable, read: (env) => env(variable) },
});

const CIRCLECI = tagIn("CircleCI", "CIRCLE_TAG");

const TRAVIS: CiProvider = {
  name: "Travis CI",
  tag: {
    name: "TRAVIS_TAG",
    read: (env) => env("TRAVIS_TAG"),
    // Travis sets TRAVIS_TAG to the empty string on branch builds.
    notTag: (env) => env("TRAVIS_TAG") === "" ? "TRAVIS_TAG is empty" : undefined,
  },
};

const DRONE = tagIn("Drone", "DRONE_TAG");

const BUILDKITE = tagIn("Buildkite", "BUILDKITE_TAG");

const BITBUCKET = tagIn("Bitbucket Pipelines", "BITBUCKET_TAG");

const AZURE: CiProvider = {
  name: "Azure Pipelines",
  tag: {
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
};

const JENKINS = tagIn("Jenkins", "TAG_NAME");

/** In the order their tags are read, after GitHub's and GitLab's. */
export const TAG_ONLY: readonly CiProvider[] = [
  CIRCLECI,
  TRAVIS,
  DRONE,
  BUILDKITE,
  BITBUCKET,
  AZURE,
  JENKINS,
];
