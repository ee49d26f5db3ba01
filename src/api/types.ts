/** The build targets this release knows and documents (`distroType`). */
export const TARGETS = ["deb", "rpm", "pacman"] as const;
/** A target as sent (`distroType`): one of TARGETS, or another name the server decides on. */
export type Target = string;

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
