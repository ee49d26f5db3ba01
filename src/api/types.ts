/** The build targets this release knows and documents (`distroType`). */
export const TARGETS = ["deb", "rpm", "pacman"] as const;
/** A target as sent (`distroType`): one of TARGETS, or another name the server decides on. */
export type Target = string;

/**
 * A target's name: any lower-case name is sent, as the server's list may be
 * longer than this release's (Alpine, archives, macOS); the server decides.
 * Throws an Error saying what a target is.
 */
export function parseTarget(raw: string): string {
  if (raw === "") throw new Error(`Give a target, e.g. ${TARGETS.join(", ")}.`);
  if (/^[a-z0-9][a-z0-9._-]*$/.test(raw) && raw.length <= 64) return raw;
  const lower = raw.toLowerCase();
  if (lower !== raw && /^[a-z0-9][a-z0-9._-]*$/.test(lower)) {
    throw new Error(`Target names are lower case: --target ${lower}.`);
  }
  throw new Error(
    "A target is a lower-case name of at most 64 letters, digits, -, _ and . " +
      `(starting with a letter or digit), e.g. ${TARGETS.join(", ")}.`,
  );
}

/**
 * One job of a `build_status` answer, normalized: whatever the server sent,
 * each field is a string or null (a number becomes its text, any other
 * non-string its JSON text). Unknown fields are dropped.
 */
export interface JobStatus {
  jobId: string;
  /** `running`, `finished` or `failed` in practice; anything else is not finished yet. */
  status: string | null;
  name: string | null;
  failMessage: string | null;
  technicalError: string | null;
}

export interface BuildStatus {
  /** Jobs still initializing on the server may be missing. */
  jobs: JobStatus[];
  /** As the server said (true only when it sent `true`). */
  allFinished: boolean;
  anyFailed: boolean;
}
