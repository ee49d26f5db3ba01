/** Where a variable belongs, for help and the docs. */
export type EnvTopic =
  /** DistroPack's own settings. */
  | "distropack"
  /** How the CLI talks to the terminal. */
  | "terminal"
  /** Where the config file lives by default. */
  | "location"
  /** Set by a CI system for its reports. */
  | "ci"
  /** Set by a CI system to the tag being built: the version when `--version` is omitted. */
  | "tag"
  /** Proxies and certificates. */
  | "network"
  /** Where the release state (what a run started, for a re-run) is kept by default. */
  | "state";

export interface EnvDeclaration {
  name: string;
  topic: EnvTopic;
  /** One sentence or two for help and the docs. */
  about: string;
}

/**
 * Every environment variable the CLI reads, declared once with what it
 * means. The `cli` permission set in deno.json grants exactly these names (a
 * unit test keeps the two lists equal), so reading anything else fails
 * loudly in tests; help and the docs list them from here.
 */
const DECLARED = {
  token: {
    name: "DISTROPACK_API_TOKEN",
    topic: "distropack",
    about: "API token; takes precedence over the config file",
  },
  apiUrl: {
    name: "DISTROPACK_API_URL",
    topic: "distropack",
    about: "server base URL (default https://distropack.dev)",
  },
  configPath: {
    name: "DISTROPACK_CONFIG",
    topic: "distropack",
    about: "config file to use (like --config)",
  },
  packageId: {
    name: "DISTROPACK_PACKAGE_ID",
    topic: "distropack",
    about: "default for --package-id",
  },
  packageIdVariables: {
    name: "DISTROPACK_PACKAGE_ID_*",
    topic: "distropack",
    about:
      "a package's id, for a release manifest (distropack.toml) that names the variable with package_id_env; only names with this prefix can be read",
  },
  manifest: {
    name: "DISTROPACK_MANIFEST",
    topic: "distropack",
    about: "the release manifest to read (like --manifest; default distropack.toml)",
  },
  allowHttp: {
    name: "DISTROPACK_ALLOW_HTTP",
    topic: "distropack",
    about:
      "1: allow a plain http:// base URL on any host, e.g. a staging server (the token then travels unencrypted; each run warns). Unset: loopback only.",
  },
  statePath: {
    name: "DISTROPACK_STATE",
    topic: "distropack",
    about:
      "release state file to use (like --state): what build and publish started, so a re-run resumes it",
  },
  home: {
    name: "HOME",
    topic: "location",
    about:
      "POSIX home directory: `~/.config/distropack/config.toml`; on macOS `~/Library/Application Support/distropack/config.toml` first. Must be absolute.",
  },
  userProfile: {
    name: "USERPROFILE",
    topic: "location",
    about: "Windows home directory: `AppData\\Roaming` under it when APPDATA is unset.",
  },
  appData: {
    name: "APPDATA",
    topic: "location",
    about: "Windows roaming app data: `%APPDATA%\\distropack\\config.toml`.",
  },
  xdgConfigHome: {
    name: "XDG_CONFIG_HOME",
    topic: "location",
    about:
      "XDG base directory; used when it is an absolute path (a relative one is ignored, as the XDG spec says).",
  },
  xdgCacheHome: {
    name: "XDG_CACHE_HOME",
    topic: "state",
    about:
      "XDG cache directory: the release state is `$XDG_CACHE_HOME/distropack/release-state.json` (else under `~/.cache`); used when absolute.",
  },
  localAppData: {
    name: "LOCALAPPDATA",
    topic: "state",
    about:
      "Windows local app data: the release state is `%LOCALAPPDATA%\\distropack\\release-state.json`.",
  },
  ci: {
    name: "CI",
    topic: "terminal",
    about: "when set: no prompts, no animations",
  },
  noColor: {
    name: "NO_COLOR",
    topic: "terminal",
    about: "when set and not empty: no colour",
  },
  term: {
    name: "TERM",
    topic: "terminal",
    about: "dumb: no escape sequences (no colour, no animation)",
  },
  githubActions: {
    name: "GITHUB_ACTIONS",
    topic: "ci",
    about: "`true` on GitHub Actions: annotations, step summary and outputs.",
  },
  githubOutput: {
    name: "GITHUB_OUTPUT",
    topic: "ci",
    about: "GitHub Actions' file for the step's outputs (version, job-ids, status).",
  },
  githubStepSummary: {
    name: "GITHUB_STEP_SUMMARY",
    topic: "ci",
    about: "GitHub Actions' file for the step summary (Markdown).",
  },
  githubRefName: {
    name: "GITHUB_REF_NAME",
    topic: "tag",
    about: "GitHub Actions: the tag's name, read as the version when GITHUB_REF_TYPE is `tag`.",
  },
  githubRefType: {
    name: "GITHUB_REF_TYPE",
    topic: "tag",
    about: "GitHub Actions: `tag` when the run is for a tag.",
  },
  gitlabTag: {
    name: "CI_COMMIT_TAG",
    topic: "tag",
    about: "GitLab CI's tag, read as the version.",
  },
  circleTag: {
    name: "CIRCLE_TAG",
    topic: "tag",
    about: "CircleCI's tag.",
  },
  travisTag: {
    name: "TRAVIS_TAG",
    topic: "tag",
    about: "Travis CI's tag (empty when the build is not for a tag).",
  },
  droneTag: {
    name: "DRONE_TAG",
    topic: "tag",
    about: "Drone's tag.",
  },
  buildkiteTag: {
    name: "BUILDKITE_TAG",
    topic: "tag",
    about: "Buildkite's tag.",
  },
  bitbucketTag: {
    name: "BITBUCKET_TAG",
    topic: "tag",
    about: "Bitbucket Pipelines' tag.",
  },
  azureSourceBranch: {
    name: "BUILD_SOURCEBRANCH",
    topic: "tag",
    about: "Azure Pipelines: `refs/tags/...` when the run is for a tag.",
  },
  jenkinsTag: {
    name: "TAG_NAME",
    topic: "tag",
    about: "Jenkins' tag.",
  },
  gitlabCi: {
    name: "GITLAB_CI",
    topic: "ci",
    about: "`true` on GitLab CI: collapsible log sections.",
  },
  httpsProxy: {
    name: "HTTPS_PROXY",
    topic: "network",
    about:
      "Proxy for https requests (curl, Go and gh read it too); a token never goes through one in clear text.",
  },
  httpsProxyLower: {
    name: "https_proxy",
    topic: "network",
    about: "Lower-case HTTPS_PROXY, as many tools set it.",
  },
  allProxy: {
    name: "ALL_PROXY",
    topic: "network",
    about: "Proxy for any scheme, used for https when HTTPS_PROXY is unset.",
  },
  allProxyLower: {
    name: "all_proxy",
    topic: "network",
    about: "Lower-case ALL_PROXY.",
  },
  noProxy: {
    name: "NO_PROXY",
    topic: "network",
    about: "Hosts reached without a proxy: names, domain suffixes, IPs, or `*` for all.",
  },
  noProxyLower: {
    name: "no_proxy",
    topic: "network",
    about: "Lower-case NO_PROXY.",
  },
  httpProxy: {
    name: "HTTP_PROXY",
    topic: "network",
    about:
      "Proxy for plain http; never used (plain http always goes directly), but cleared so the runtime does not use it either.",
  },
  httpProxyLower: {
    name: "http_proxy",
    topic: "network",
    about: "Lower-case HTTP_PROXY, likewise never used.",
  },
  sslCertFile: {
    name: "SSL_CERT_FILE",
    topic: "network",
    about: "A PEM file of CA certificates to trust, as OpenSSL-based tools read it (company CAs).",
  },
  nodeExtraCaCerts: {
    name: "NODE_EXTRA_CA_CERTS",
    topic: "network",
    about: "A PEM file of extra CA certificates, as Node reads it.",
  },
  denoCert: {
    name: "DENO_CERT",
    topic: "network",
    about: "A PEM file of CA certificates, as the Deno runtime reads it.",
  },
} as const satisfies Record<string, EnvDeclaration>;

type Declared = typeof DECLARED;

const names: Record<string, string> = {};
// A for-in loop at the top level: a callback is compiled anew on every run,
// and a for-of loop over entries runs enough code to be compiled again.
for (const key in DECLARED) names[key] = DECLARED[key as keyof Declared].name;
/** Each variable's name by its key: `ENV_VARS.token` is `"DISTROPACK_API_TOKEN"`. */
export const ENV_VARS = names as { readonly [K in keyof Declared]: Declared[K]["name"] };

/** The declarations in order, for help and the docs. */
export const ENV_DECLARATIONS: readonly EnvDeclaration[] = Object.values(DECLARED);

export type EnvName = typeof ENV_VARS[keyof typeof ENV_VARS];

/** A variable a release manifest names for a package's id: DISTROPACK_PACKAGE_ID_*. */
export type PackageIdVariable = `DISTROPACK_PACKAGE_ID_${string}`;

/** Reads one declared variable; injected so tests can give any environment. */
export type Env = (name: EnvName | PackageIdVariable) => string | undefined;

/** A variable's value, or undefined when it is unset or only white space. */
export function nonBlank(env: Env, name: EnvName | PackageIdVariable): string | undefined {
  const value = env(name)?.trim();
  return value ? value : undefined;
}

/** An `Env` over a plain record, for tests and for in-process runs. */
export function envFromRecord(record: Partial<Record<string, string>>): Env {
  return (name) => record[name];
}
