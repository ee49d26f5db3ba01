/**
 * What a manifest `publish` comes to: one `--json` document with a section
 * per package, a block of lines per package, one CI report naming the
 * packages, and one failure, the worst of the packages', for the exit code.
 */
import { type RunReport, runReport } from "../ci/report.ts";
import {
  AuthError,
  BuildFailedError,
  CliError,
  InterruptedError,
  WaitTimeoutError,
} from "../errors.ts";
import type { JobsResult, WaitEnd } from "../jobs/result.ts";
import type { Note, Outcome } from "../run/outcome.ts";
import { jobsOutcome } from "./jobs_outcome.ts";
import type { ResolvedFile } from "../files/resolve.ts";
import type { ReleasePackage } from "../release/load.ts";
import { type PublishUpload, reworded } from "./publish_uploads.ts";
import { alreadyBuiltLine, type Before, stateDocument } from "./state_resume.ts";

/** One package of the run, with its files found and its target settled. */
export interface ReleaseEntry extends ReleasePackage {
  resolved: ResolvedFile[];
  /** `--target`, else the manifest's; undefined: every enabled target. */
  buildTarget?: string;
  /** What its release state decided before anything was sent; none with --no-build. */
  before?: Before;
}

/** What the triggers and the one wait came to, per package. */
export interface BuildsResult {
  /** Each package's jobs, when it was triggered. */
  results: Array<JobsResult | undefined>;
  /** Each package's trigger failure. */
  failures: Array<CliError | undefined>;
  /** How the run ended before any wait, when it did (interrupted). */
  end?: WaitEnd;
}

/** The run as settled before anything is sent. */
export interface ReleaseRun {
  version: string | null;
  versionSource: string | null;
  entries: ReleaseEntry[];
  /** False with --no-build. */
  build: boolean;
}

/**
 * Which failure decides the exit code when packages fail differently: a
 * stopped run, then a refused token (3: every package needs it), a failed
 * build (4), a timeout (5), then any other error (1).
 */
export const FAILURE_ORDER = [
  InterruptedError,
  AuthError,
  BuildFailedError,
  WaitTimeoutError,
  CliError,
] as const;

/** FAILURE_ORDER in words, for the docs. */
export const FAILURE_ORDER_TEXT = "a stopped run (130, 143), a refused token (3), a failed " +
  "build (4), a timeout (5), any other error (1)";

function rank(error: CliError): number {
  return FAILURE_ORDER.findIndex((kind) => error instanceof kind);
}

/** The worst failure, its message naming each package that failed and why. */
export function worstFailure(
  failed: Array<{ name: string; failure: CliError }>,
): CliError | undefined {
  if (failed.length === 0) return undefined;
  const worst = failed.reduce((a, b) => rank(b.failure) < rank(a.failure) ? b : a).failure;
  const message = failed.map(({ name, failure }) => `Package ${name}: ${failure.message}`)
    .join(" ");
  return reworded(worst, message);
}

export function releaseOutcome(
  run: ReleaseRun,
  done: PublishUpload[][],
  builds: BuildsResult,
  uploadFailures: Array<CliError | undefined>,
  values: { summary: boolean; wait: boolean },
): Outcome {
  const lines: string[] = [];
  const notes: Note[] = [];
  const failed: Array<{ name: string; failure: CliError }> = [];
  const sections = run.entries.map((entry, i) => {
    const result = builds.results[i];
    const jobs = result && jobsOutcome(result);
    let failure = uploadFailures[i] ?? jobs?.failure;
    if (!failure && !result && run.build && builds.end?.how === "interrupted") {
      failure = new InterruptedError(
        "Stopped before its build was triggered; its files arrived.",
        builds.end.signal,
      );
    }
    if (failure) failed.push({ name: entry.name, failure });
    lines.push(`Package ${entry.name} (${entry.packageId}):`);
    if (jobs) {
      const own = (jobs.lines ?? []).filter((line) => line !== "All builds finished successfully!");
      const built = entry.before && alreadyBuiltLine(entry.before.decision, run.version ?? "");
      lines.push(...[...own, ...(built ? [built] : [])].map((line) => `  ${line}`));
      notes.push(...(jobs.notes ?? []));
    } else if (failure) lines.push(`  not built: ${failure.message.split(". ")[0]}.`);
    else lines.push(`  uploaded ${done[i].length} file(s); no build was triggered (--no-build).`);
    return {
      name: entry.name,
      package_id: entry.packageId,
      package_id_source: entry.idSource,
      target: entry.buildTarget ?? null,
      uploads: done[i],
      build: jobs ? jobs.document : null,
      state: entry.before ? stateDocument(entry.before) : null,
      error: failure
        ? { code: failure.code, message: failure.message, exit_code: failure.exitCode }
        : null,
    };
  });
  const failure = worstFailure(failed);
  if (!failure && run.build && values.wait) lines.push("Every package built successfully!");
  return {
    document: { version: run.version, version_source: run.versionSource, packages: sections },
    lines,
    ...(notes.length > 0 ? { notes } : {}),
    ...(failure ? { failure } : {}),
    report: releaseReport(run, done, builds, failure),
    ...(values.summary ? {} : { stepSummary: false as const }),
  };
}

/**
 * One report for the CI: the packages' ids together, each upload's slot
 * and each job's target said with its package's name.
 */
function releaseReport(
  run: ReleaseRun,
  done: PublishUpload[][],
  builds: BuildsResult,
  failure: CliError | undefined,
): RunReport {
  const base = {
    package_id: run.entries.map((entry) => `${entry.name} (${entry.packageId})`).join(", "),
    version: run.version,
    version_source: run.versionSource,
  };
  const uploads = run.entries.flatMap((entry, i) =>
    done[i].map((upload) => ({ ...upload, ref_id: `${entry.name}: ${upload.ref_id}` }))
  );
  const started = builds.results.filter((result): result is JobsResult => result !== undefined);
  const owner = new Map<string, string>();
  builds.results.forEach((result, i) =>
    result?.jobIds.forEach((id) => owner.set(id, run.entries[i].name))
  );
  let jobs: JobsResult | { end: WaitEnd };
  if (started.length > 0) {
    jobs = { ...started[0], jobIds: started.flatMap((result) => result.jobIds) };
  } else if (failure) {
    jobs = failure instanceof InterruptedError
      ? { end: { how: "interrupted", signal: failure.signal } }
      : { end: { how: "error", error: failure } };
  } else jobs = { end: { how: "uploaded" } };
  const report = runReport("publish", base, uploads, jobs, failure);
  if (failure && report.outcome === "finished") report.outcome = "failed";
  // Every package built by an earlier run: the summary says so, as for one package.
  const skipped = (entry: ReleaseEntry) => entry.before?.decision.action === "skip";
  if (!failure && run.entries.length > 0 && run.entries.every(skipped)) report.alreadyBuilt = true;
  report.jobs = report.jobs.map((job) => ({
    ...job,
    name: `${owner.get(job.jobId) ?? "?"}: ${job.name ?? "-"}`,
  }));
  return report;
}
