/** The CI report of a run that uploads or waits for jobs (see src/ci/report.ts). */
import type { PublishReport } from "../ci/report.ts";
import type { CliError } from "../errors.ts";
import { isFailed, jobOf } from "../jobs/wait.ts";
import { serverText } from "../output/escape.ts";
import type { JobsResult } from "./jobs.ts";

interface Base {
  package_id: string | null;
  version: string | null;
  version_source?: string | null;
}

interface Upload {
  ref_id: string;
  file: string;
  bytes: number;
  seconds: number;
}

export function jobsReport(
  command: PublishReport["command"],
  base: Base,
  uploads: Upload[],
  result?: JobsResult,
): PublishReport {
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
      seconds: upload.seconds,
    })),
    jobs: (result?.jobIds ?? []).map((jobId) => ({
      jobId,
      name: serverText(find(jobId)?.name),
      status: serverText(find(jobId)?.status) ?? (result?.outcome === "started" ? "started" : null),
      failMessage: serverText(find(jobId)?.failMessage),
      durationMs: result?.durations?.[jobId] ?? null,
    })),
    outcome: outcomeOf(result),
  };
}

function outcomeOf(result?: JobsResult): PublishReport["outcome"] {
  if (!result) return "error";
  switch (result.outcome) {
    case "started":
    case "timeout":
    case "interrupted":
      return result.outcome;
    case "error":
      return "error";
  }
  const failed = result.jobIds.some((id) => isFailed(jobOf(result.status, id)));
  return failed ? "failed" : "finished";
}

/** The report of a run that failed, with the failure's message and the outcome it implies. */
export function reportFailure(report: PublishReport, failure?: CliError): PublishReport {
  if (!failure) return report;
  const outcome = failure.code === "interrupted"
    ? "interrupted"
    : failure.code === "timeout"
    ? "timeout"
    : failure.code === "build_failed"
    ? "failed"
    : report.outcome === "finished"
    ? "failed"
    : report.outcome;
  return { ...report, outcome, error: failure.message };
}
