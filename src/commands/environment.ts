/**
 * The environment variables each kind of command reads, for its reference
 * page: each command's declaration lists its own from these, and a test
 * runs every command to check that it reads those and no others.
 */
import { ENV_DECLARATIONS, ENV_VARS, type EnvName } from "../settings/env.ts";

const of = (topic: string) =>
  ENV_DECLARATIONS.filter((variable) => variable.topic === topic).map(({ name }) =>
    name as EnvName
  );

/** Every run: how to talk to the terminal, and which CI it runs in (src/terminal.ts). */
export const EVERY_RUN: readonly EnvName[] = [
  ENV_VARS.ci,
  ENV_VARS.noColor,
  ENV_VARS.term,
  ENV_VARS.githubActions,
  ENV_VARS.gitlabCi,
];

/** Where the config file is (src/settings/paths.ts). */
export const CONFIG_FILE: readonly EnvName[] = [ENV_VARS.configPath, ...of("location")];

/** A command that talks to the server: the token, the base URL (plain http too), proxies, CAs. */
export const SERVER: readonly EnvName[] = [
  ENV_VARS.token,
  ENV_VARS.apiUrl,
  ENV_VARS.allowHttp,
  ...of("network"),
];

/** The CI tag a version is taken from when `--version` is omitted (src/ci/providers.ts). */
export const TAG: readonly EnvName[] = of("tag");

/** GitHub Actions' files for a step's outputs and summary (src/ci/github.ts). */
export const CI_REPORT: readonly EnvName[] = [ENV_VARS.githubOutput, ENV_VARS.githubStepSummary];

/** Where the release state is (src/release/state_path.ts). */
export const STATE: readonly EnvName[] = [ENV_VARS.statePath, ...of("state")];

/** A command that builds a version of a package (`build`, `publish`). */
export const BUILDING: readonly EnvName[] = [
  ...EVERY_RUN,
  ...CONFIG_FILE,
  ...SERVER,
  ENV_VARS.packageId,
  ...TAG,
  ...CI_REPORT,
  ...STATE,
];
