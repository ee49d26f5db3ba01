/**
 * The program's global options, and the options more than one command
 * declares, defined once.
 */
import { parseTarget, TARGETS } from "../api/types.ts";
import { tagVariables } from "../ci/providers.ts";
import { defineOption, type OptionDef, type OptionValues } from "../cli/define.ts";
import { formatDuration, parseDuration } from "../text/duration.ts";

const GLOBALS = [
  defineOption({
    long: "config",
    value: "path",
    path: true,
    description: "use this config file (env: DISTROPACK_CONFIG)",
  }),
  defineOption({
    long: "json",
    description: "print one JSON document on stdout; all other text goes to stderr",
  }),
  defineOption({ long: "quiet", short: "q", description: "print only errors" }),
  defineOption({
    long: "debug",
    description: "print details for troubleshooting (never the token) to stderr",
  }),
] as const;

/** Accepted by every command, before or after its name: the command tree's root declares them. */
export const GLOBAL_OPTIONS: readonly OptionDef[] = GLOBALS;

/** `--config`, `--json`, `--quiet`, `--debug`. */
export type GlobalValues = OptionValues<typeof GLOBALS>;

/** The global options' values as the parser gives them, by key. */
export function globalValues(values: Readonly<Record<string, unknown>>): GlobalValues {
  const { config, json, quiet, debug } = values;
  return {
    config: typeof config === "string" ? config : undefined,
    json: json === true,
    quiet: quiet === true,
    debug: debug === true,
  };
}

export const PACKAGE_ID_OPTION = defineOption({
  long: "package-id",
  value: "id",
  description: "the package's id (env: DISTROPACK_PACKAGE_ID)",
});

export const TARGET_OPTION = defineOption({
  long: "target",
  value: "target",
  suggested: TARGETS,
  description: `build only this target: ${TARGETS.join(", ")}, or another the server ` +
    "knows, sent as given (default: all enabled targets)",
  parse: parseTarget,
});

/** `--version` of commands that take it from the CI's tag when it is omitted. */
export const VERSION_FROM_TAG_OPTION = defineOption({
  long: "version",
  value: "version",
  description: "the version, e.g. 1.0.0 (default: from the CI's tag, a leading v dropped)",
});

/** The note of commands that take `--version` from the CI's tag: which variables hold it. */
export function versionTagNote(): string {
  return `Without --version, the version comes from the CI's tag (a leading v dropped): ${tagVariables()}.`;
}

export const NO_WAIT_OPTION = defineOption({
  long: "wait",
  negatable: true,
  default: { value: true, shown: "" },
  description: "print the job ids and exit without waiting",
});

/** The longest wait a timer can make (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest `--timeout`, in whole seconds as formatDuration shows it, so it reads back. */
const MAX_TIMEOUT_MS = Math.floor(MAX_TIMER_MS / 1000) * 1000;

function parseTimeout(raw: string): number {
  if (raw.trim().startsWith("-")) {
    throw new Error(
      "A duration cannot be negative: use seconds, or a duration such as 20m or 1h30m, or 0 for no limit.",
    );
  }
  const ms = parseDuration(raw);
  if (ms === undefined) {
    throw new Error("Use seconds, or numbers with h, m and s (e.g. 90, 20m, 1h30m).");
  }
  // Only 0 means no limit: a duration too short to wait, read as 0, would wait forever.
  if (ms === 0 && /[1-9]/.test(raw)) {
    throw new Error("It is shorter than a millisecond: use at least 0.001, or 0 for no limit.");
  }
  if (ms > MAX_TIMEOUT_MS) {
    throw new Error(`Use at most ${formatDuration(MAX_TIMEOUT_MS)}, or 0 for no limit.`);
  }
  return ms;
}

/** `--timeout`, with what it ends and its default. */
function timeoutOption(what: string, defaultMs: number, shown: string) {
  return defineOption({
    long: "timeout",
    value: "duration",
    default: { value: defaultMs, shown },
    description: `${what} after this long and exit 5: seconds, or numbers with h, m and s ` +
      "(90, 20m, 1h30m); 0 = no limit",
    parse: parseTimeout,
  });
}

export const TIMEOUT_OPTION = timeoutOption("stop waiting", 60 * 60_000, "60m");
export const UPLOAD_TIMEOUT_OPTION = timeoutOption("give up", 0, "0");

export const INTERVAL_OPTION = defineOption({
  long: "interval",
  value: "seconds",
  default: { value: 5_000, shown: "5" },
  description: "seconds between status checks (decimals allowed)",
  parse: (raw) => {
    const ms = parseDuration(raw);
    if (ms === undefined || ms <= 0) {
      throw new Error("Use a number of seconds above 0, e.g. 5 or 0.5.");
    }
    if (ms > MAX_TIMER_MS) {
      throw new Error(`Use at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds.`);
    }
    return ms;
  },
});

/** Where the release state is (what a run started, so a re-run resumes it). */
export const STATE_OPTION = defineOption({
  long: "state",
  value: "file",
  path: true,
  description: "the release state file (default: in the user's cache directory): what a run " +
    "started, so a re-run resumes it instead of building again",
});

export const REBUILD_OPTION = defineOption({
  long: "rebuild",
  description: "ignore the record of an earlier run of this version: upload every file and " +
    "start a build",
});

/** What `build` and `publish` say of a re-run, in their reference. */
export const RERUN_DETAILS = `A re-run resumes what an earlier run of the same release (server,
package, version, targets) started, as the release state records it (--state, DISTROPACK_STATE,
else the user's cache directory; never the working tree) and the server confirms: all its jobs
finished and no file changed, nothing is sent and the run exits 0 saying the version was already
built; jobs still running are waited for, not started again; failed jobs, jobs the server does
not know, or a file whose SHA-256 changed since it was sent make one new build, after uploading
the changed files only (every file when the server does not know the jobs). --rebuild ignores the
record. A missing state file is a first run (with a note when --state or DISTROPACK_STATE named
it: a CI cache that did not restore it); an unreadable, corrupt or foreign one is ignored with a
one-line note. The state never holds the token. \`publish --no-build\` keeps no state. \`publish --dry-run\`
says when a record exists and which files changed since (from the local files; the server is asked
only by the real run).`;

/** What `build` and `publish` take for the build: which targets, how to wait, the state. */
export const BUILD_OPTIONS = [
  PACKAGE_ID_OPTION,
  VERSION_FROM_TAG_OPTION,
  TARGET_OPTION,
  NO_WAIT_OPTION,
  TIMEOUT_OPTION,
  INTERVAL_OPTION,
  STATE_OPTION,
  REBUILD_OPTION,
] as const;
