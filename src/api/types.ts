/** Build targets the server knows (`distroType`). */
export const TARGETS = ["deb", "rpm", "pacman"] as const;
export type Target = typeof TARGETS[number];

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
