/**
 * What a `publish`, `build` or `status` run did, in the shape the CI
 * renderers (GitHub step summary and outputs) read, and the one builder of
 * it. It has no field for the token or any other secret, so none can leak
 * into a report.
 */
import type { CliError } from "../errors.ts";
import type { JobsResult, WaitEnd } from "../jobs/result.ts";
import { isFailed, isFinished, jobOf } from "../jobs/wait.ts";
import { serverText } from "../text/escape.ts";

export interface RunReport {
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
  /** An earlier run built this version (the release state and the server said so): nothing sent. */
  alreadyBuilt?: true;
}

export interface ReportUpload {
  /** The package's file slot. */
  refId: string;
  /** The file as the user named it. */
  file: string;
  bytes: number;
  /** SHA-256 of the bytes sent. */
  sha256?: string;
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

/** The run's package and version, as its `--json` document names them. */
export interface ReportBase {
  package_id: string | null;
  version: string | null;
  version_source?: string | null;
}

/** An upload, as its `--json` document names it. */
export interface UploadFacts {
  ref_id: string;
  file: string;
  bytes: number;
  sha256?: string;
  seconds: number;
}

/**
 * The report of a run: its uploads, its jobs and how their wait ended (a run
 * that ended before any build gives just the end), with the message of the
 * failure made from that end.
 */
export function runReport(
  command: RunReport["command"],
  base: ReportBase,
  uploads: UploadFacts[],
  jobs: JobsResult | { end: WaitEnd },
  failure?: CliError,
): RunReport {
  const result = "jobIds" in jobs ? jobs : undefined;
  const find = (id: string) => jobOf(result?.status, id);
  return {
    command,
    packageId: base.package_id,
    version: base.version,
    versionSource: base.version_source ?? null,
    uploads: uploads.map((upload) => ({
      refId: upload.ref_id,
      file: upload.file,
      bytes: upload.bytes,
      ...(upload.sha256 ? { sha256: upload.sha256 } : {}),
      seconds: upload.seconds,
    })),
    jobs: (result?.jobIds ?? []).map((jobId) => ({
      jobId,
      name: serverText(find(jobId)?.name),
      status: serverText(find(jobId)?.status) ?? (jobs.end.how === "started" ? "started" : null),
      failMessage: serverText(find(jobId)?.failMessage),
      durationMs: result?.durations?.[jobId] ?? null,
    })),
    outcome: outcomeOf(jobs.end, result),
    ...(failure ? { error: failure.message } : {}),
  };
}

function outcomeOf(end: WaitEnd, result: JobsResult | undefined): RunReport["outcome"] {
  const ids = result?.jobIds ?? [];
  const find = (id: string) => jobOf(result?.status, id);
  switch (end.how) {
    case "started":
    case "uploaded":
    case "timeout":
    case "interrupted":
      return end.how;
    case "unknown":
    case "error":
      return "error";
    // After a wait every job must have finished; a one-off report fails on failed jobs only.
    case "finished":
      return ids.every((id) => isFinished(find(id))) ? "finished" : "failed";
    case "reported":
      return ids.some((id) => isFailed(find(id))) ? "failed" : "finished";
  }
}
