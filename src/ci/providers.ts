/**
 * Every CI system the CLI knows, listed once: which one a run is on, and
 * where each puts the tag it builds (the version resolver reads these, and
 * help's note lists them). A new CI is a module declaring its `CiProvider`,
 * imported and listed here; one known only by its tag is an entry in
 * tag_only.ts. Its variables are declared with the rest of the environment
 * (src/settings/env.ts).
 */
import { type Env, ENV_VARS } from "../settings/env.ts";
import { GITHUB } from "./github.ts";
import { GITLAB } from "./gitlab.ts";
import type { CiProvider, TagVariable } from "./provider.ts";
import { TAG_ONLY } from "./tag_only.ts";

/** Any other CI system: one that sets `CI`, which the CLI knows nothing more of. */
const OTHER_CI: CiProvider = {
  name: "CI",
  detect: (env) => env(ENV_VARS.ci) !== undefined,
};

/**
 * In this order: the first whose tag is set gives the version, the first
 * that detects the run is the CI running it.
 */
const PROVIDERS: readonly CiProvider[] = [GITHUB, GITLAB, ...TAG_ONLY, OTHER_CI];

/** The CI this run is on, or undefined when it is on none. */
export function detectProvider(env: Env): CiProvider | undefined {
  return PROVIDERS.find((provider) => provider.detect?.(env));
}

/** A CI's tag variable, with the CI's name for messages. */
export interface TagSource extends TagVariable {
  ci: string;
}

/** Checked in this order; the first one that holds a tag wins. */
export const TAG_SOURCES: readonly TagSource[] = PROVIDERS.flatMap((provider) =>
  provider.tag ? [{ ci: provider.name, ...provider.tag }] : []
);

/** `GITHUB_REF_NAME (when GITHUB_REF_TYPE=tag), CI_COMMIT_TAG, ... or TAG_NAME`. */
export function tagVariables(): string {
  const names = TAG_SOURCES.map((source) => source.shown ?? source.name);
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
