/**
 * What a `publish`, `build` or `status` run did, in the shape the CI
 * renderers (GitHub step summary and outputs, GitLab sections) read. It has
 * no field for the token or any other secret, so none can leak into a report.
 */
export interface PublishReport {
  command: "publish" | "build" | "status";
  packageId: string | null;
  version: string | null;
  /** `"flag"` for `--version`, else the variable the CI tag came from. */
  versionSource: string | null;
  uploads: ReportUpload[];
  jobs: ReportJob[];
  /** `"uploaded"`: the files arrived and no build was asked for (`publish --no-build`). */
  outcome: "finished" | "failed" | "timeout" | "started" | "uploaded" | "interrupted" | "error";
  /** The error's one-line message, when `outcome` is `"error"` (or another failure has one). */
  error?: string;
}

export interface ReportUpload {
  /** The package's file slot. */
  refId: string;
  /** The file as the user named it. */
  file: string;
  bytes: number;
  seconds: number;
}

export interface ReportJob {
  jobId: string;
  /** The build target (`deb`, `rpm`, `pacman`), as the server names it. */
  name: string | null;
  status: string | null;
  failMessage: string | null;
  durationMs: number | null;
}
