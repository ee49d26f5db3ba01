/**
 * Every environment variable the CLI reads, declared once. The `cli`
 * permission set in deno.json grants exactly these names (a unit test keeps
 * the two lists equal), so reading anything else fails loudly in tests.
 */
export const ENV_VARS = {
  /** API token; beats `api_token` in the config file. Blank counts as unset. */
  token: "DISTROPACK_API_TOKEN",
  /** Base URL of the DistroPack server; beats `base_url` in the config file. */
  apiUrl: "DISTROPACK_API_URL",
  /** Path of the config file to use instead of the default location (like `--config`). */
  configPath: "DISTROPACK_CONFIG",
  /** Default for `--package-id`, as CI guides tell users to set it. */
  packageId: "DISTROPACK_PACKAGE_ID",
  /** POSIX home directory: `~/.config/distropack/config.toml`. */
  home: "HOME",
  /** Windows home directory: `AppData\Roaming` under it when APPDATA is unset. */
  userProfile: "USERPROFILE",
  /** Windows roaming app data: `%APPDATA%\distropack\config.toml`. */
  appData: "APPDATA",
  /** XDG base directory; used when it is an absolute path. */
  xdgConfigHome: "XDG_CONFIG_HOME",
  /** Set by CI systems: never prompt, never animate. */
  ci: "CI",
  /** https://no-color.org: no colour in output when set and not empty. */
  noColor: "NO_COLOR",
  /** `dumb` terminals get no escape sequences: no colour, no animation. */
  term: "TERM",
  /** `true` on GitHub Actions: annotations, step summary and outputs. */
  githubActions: "GITHUB_ACTIONS",
  /** GitHub Actions' file for the step's outputs (version, job-ids, status). */
  githubOutput: "GITHUB_OUTPUT",
  /** GitHub Actions' file for the step summary (Markdown). */
  githubStepSummary: "GITHUB_STEP_SUMMARY",
  /** GitHub Actions: the tag's name, read as the version when GITHUB_REF_TYPE is `tag`. */
  githubRefName: "GITHUB_REF_NAME",
  /** GitHub Actions: `tag` when the run is for a tag. */
  githubRefType: "GITHUB_REF_TYPE",
  /** GitLab CI's tag, read as the version. */
  gitlabTag: "CI_COMMIT_TAG",
  /** CircleCI's tag. */
  circleTag: "CIRCLE_TAG",
  /** Travis CI's tag (empty when the build is not for a tag). */
  travisTag: "TRAVIS_TAG",
  /** Drone's tag. */
  droneTag: "DRONE_TAG",
  /** Buildkite's tag. */
  buildkiteTag: "BUILDKITE_TAG",
  /** Bitbucket Pipelines' tag. */
  bitbucketTag: "BITBUCKET_TAG",
  /** Azure Pipelines: `refs/tags/...` when the run is for a tag. */
  azureSourceBranch: "BUILD_SOURCEBRANCH",
  /** Jenkins' tag. */
  jenkinsTag: "TAG_NAME",
  /** `true` on GitLab CI: collapsible log sections. */
  gitlabCi: "GITLAB_CI",
  /** Proxy for https requests (curl, Go and gh read it too); a token never goes through one in clear text. */
  httpsProxy: "HTTPS_PROXY",
  /** Lower-case HTTPS_PROXY, as many tools set it. */
  httpsProxyLower: "https_proxy",
  /** Proxy for any scheme, used for https when HTTPS_PROXY is unset. */
  allProxy: "ALL_PROXY",
  /** Lower-case ALL_PROXY. */
  allProxyLower: "all_proxy",
  /** Hosts reached without a proxy: names, domain suffixes, IPs, or `*` for all. */
  noProxy: "NO_PROXY",
  /** Lower-case NO_PROXY. */
  noProxyLower: "no_proxy",
  /** Proxy for plain http; never used (plain http goes to loopback only, directly), but cleared so the runtime does not use it either. */
  httpProxy: "HTTP_PROXY",
  /** Lower-case HTTP_PROXY, likewise never used. */
  httpProxyLower: "http_proxy",
  /** A PEM file of CA certificates to trust, as OpenSSL-based tools read it (company CAs). */
  sslCertFile: "SSL_CERT_FILE",
  /** A PEM file of extra CA certificates, as Node reads it. */
  nodeExtraCaCerts: "NODE_EXTRA_CA_CERTS",
} as const;

export type EnvName = typeof ENV_VARS[keyof typeof ENV_VARS];

/** Reads one declared variable; injected so tests can give any environment. */
export type Env = (name: EnvName) => string | undefined;

/** A variable's value, or undefined when it is unset or only white space. */
export function nonBlank(env: Env, name: EnvName): string | undefined {
  const value = env(name)?.trim();
  return value ? value : undefined;
}

/** An `Env` over a plain record, for tests and for in-process runs. */
export function envFromRecord(record: Partial<Record<string, string>>): Env {
  return (name) => record[name];
}
