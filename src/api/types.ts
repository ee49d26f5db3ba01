/** Build targets the server knows (`distroType`). */
export const TARGETS = ["deb", "rpm", "pacman"] as const;
export type Target = typeof TARGETS[number];

/** One job of a `build_status` answer. Unknown fields are ignored. */
export interface JobStatus {
  jobId: string;
  /** `running`, `finished` or `failed` in practice; anything else is not finished yet. */
  status: string;
  name?: string | null;
  failMessage?: string | null;
  technicalError?: string | null;
}

export interface BuildStatus {
  /** Jobs still initializing on the server may be missing. */
  jobs: JobStatus[];
  allFinished: boolean;
  anyFailed: boolean;
}
