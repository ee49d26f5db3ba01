/**
 * What asking about or waiting for build jobs came to: the one record the
 * result lines, the `--json` document, the CI report and the exit code are
 * all made from.
 */
import type { BuildStatus } from "../api/types.ts";
import type { CliError } from "../errors.ts";

/** How a wait ended, or why there was none. The failure (and exit code) is made from it last. */
export type WaitEnd =
  /** `build --no-wait`: the jobs were started and not waited for. */
  | { how: "started" }
  /** `publish --no-build`: the files arrived and no build was asked for. */
  | { how: "uploaded" }
  /** A one-off `status`: the jobs as the server listed them once. */
  | { how: "reported" }
  /** Every job ended (or the server said all had). */
  | { how: "finished" }
  | { how: "timeout"; timeoutMs: number }
  | { how: "interrupted"; signal: "SIGINT" | "SIGTERM" }
  /**
   * Jobs the server does not list: once (`afterMs` absent), or for
   * `afterMs` during a wait.
   */
  | { how: "unknown"; jobIds: string[]; afterMs?: number }
  /** The server could not be asked any more (a refused token, a final error). */
  | { how: "error"; error: CliError };

/** What a build was started for; null where it does not apply (a `status` run). */
export interface BuildMeta {
  package_id: string | null;
  version: string | null;
  target: string | null;
}

export interface JobsResult {
  meta: BuildMeta;
  jobIds: string[];
  /** The last status the server gave; none for a build started without waiting. */
  status?: BuildStatus;
  end: WaitEnd;
  /** How long each ended job took, from when the wait first saw it. */
  durations?: Record<string, number>;
}
