/**
 * The builds of a manifest `publish`, each package as one package's
 * publish does it: its release state decides before anything is sent (skip,
 * wait on the recorded jobs, or build after uploading what changed), its
 * files and jobs are recorded as they arrive, then one trigger per package
 * that needs one and one wait for every job still running.
 */
import type { ApiClient } from "../api/client.ts";
import { CliError, stoppedBy } from "../errors.ts";
import type { ResolvedFile } from "../files/resolve.ts";
import type { JobsResult } from "../jobs/result.ts";
import type { Context } from "../run/context.ts";
import type { PublishUpload } from "./publish_uploads.ts";
import type { BuildsResult, ReleaseEntry, ReleaseRun } from "./publish_release_outcome.ts";
import type { Outcome } from "../run/outcome.ts";
import { filesToSend, recordedLine, releaseBefore, resumeJobs, resumes } from "./state_resume.ts";
import { waitJobs } from "./waiting.ts";

/** The options of `publish` the builds read. */
export interface BuildValues {
  build: boolean;
  wait: boolean;
  timeout: number;
  interval: number;
  state: string | undefined;
  rebuild: boolean;
}

/**
 * Each package with what its record decided; none for an upload-only run
 * (`--no-build` keeps no state, as for one package).
 */
export async function withBefores(
  ctx: Context,
  api: ApiClient,
  values: BuildValues,
  run: ReleaseRun,
): Promise<ReleaseEntry[]> {
  if (!run.build || run.version === null) return run.entries;
  const entries: ReleaseEntry[] = [];
  for (const entry of run.entries) {
    const request = {
      packageId: entry.packageId,
      version: run.version,
      target: entry.buildTarget,
      wait: false,
      timeoutMs: values.timeout,
      intervalMs: values.interval,
    };
    const before = await releaseBefore(ctx, api, request, values, entry.resolved, entry.name);
    entries.push({ ...entry, before });
  }
  return entries;
}

/**
 * `--dry-run`'s plan with what each package's record of an earlier run says
 * (read locally, as for one package), before its last line.
 */
export async function withRecordedPlans(
  ctx: Context,
  values: BuildValues,
  run: ReleaseRun,
  plan: Outcome,
): Promise<Outcome> {
  if (!run.build || run.version === null || !plan.lines) return plan;
  const notes: string[] = [];
  for (const entry of run.entries) {
    const request = { packageId: entry.packageId, version: run.version, target: entry.buildTarget };
    const line = await recordedLine(ctx, request, values, entry.resolved);
    if (line) notes.push(`Package ${entry.name}: ${line}`);
  }
  const lines = [...plan.lines];
  lines.splice(lines.length - 1, 0, ...notes);
  return { ...plan, lines };
}

/** The files a package sends: all on a first run, those its record says changed on a re-run. */
export function sentFiles(entry: ReleaseEntry): ResolvedFile[] {
  return entry.before ? filesToSend(entry.resolved, entry.before.decision) : entry.resolved;
}

/**
 * One trigger per package whose files all arrived and whose record does not
 * resume earlier jobs (none with --no-build), then one wait for all the jobs
 * not yet finished, its answer split by package.
 */
export async function builds(
  ctx: Context,
  api: ApiClient,
  values: BuildValues,
  run: ReleaseRun,
  done: PublishUpload[][],
): Promise<BuildsResult> {
  const results: BuildsResult["results"] = run.entries.map(() => undefined);
  const failures: BuildsResult["failures"] = run.entries.map(() => undefined);
  if (!values.build || run.version === null) return { results, failures };
  const version = run.version;
  for (const [i, entry] of run.entries.entries()) {
    if (ctx.signal.aborted) {
      return { results, failures, end: { how: "interrupted", signal: stoppedBy(ctx.signal) } };
    }
    if (done[i].length < sentFiles(entry).length) continue;
    const target = entry.buildTarget;
    const decision = entry.before?.decision;
    if (decision && resumes(decision)) {
      // Already built (as the server just said), or left to the one wait below.
      const settings = { timeoutMs: values.timeout, intervalMs: values.interval };
      const request = { packageId: entry.packageId, version, target, wait: false, ...settings };
      results[i] = await resumeJobs(ctx, api, request, decision);
      continue;
    }
    try {
      results[i] = await trigger(ctx, api, entry, version);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      failures[i] = error;
    }
  }
  const running = results.filter((result): result is JobsResult => result?.end.how === "started");
  if (!values.wait || running.length === 0) return { results, failures };
  const all = running.flatMap((result) => result.jobIds);
  const meta = { package_id: null, version, target: null };
  const settings = { timeoutMs: values.timeout, intervalMs: values.interval };
  const waited = await waitJobs(ctx, api, meta, all, settings);
  return {
    results: results.map((result) =>
      result?.end.how === "started"
        ? { ...waited, meta: result.meta, jobIds: result.jobIds }
        : result
    ),
    failures,
  };
}

/** Starts one package's build and records its jobs in its release state. */
async function trigger(
  ctx: Context,
  api: ApiClient,
  entry: ReleaseEntry,
  version: string,
): Promise<JobsResult> {
  const target = entry.buildTarget;
  const what = target ? `the ${target} target` : "all enabled targets";
  ctx.output.info(
    `Starting the build of version ${version} of package ${entry.name} (${entry.packageId}) ` +
      `for ${what}...`,
  );
  const jobIds = await api.triggerBuild(entry.packageId, version, target);
  if (jobIds.length === 0) {
    throw new CliError(
      `The server started no build jobs for package ${entry.name}. Check in the dashboard ` +
        `that it has ${target ? `the ${target} target` : "at least one target"} enabled.`,
    );
  }
  await entry.before?.state?.started(jobIds);
  ctx.output.info(`Started ${jobIds.length} build job(s): ${jobIds.join(", ")}`);
  const meta = { package_id: entry.packageId, version, target: target ?? null };
  return { meta, jobIds, end: { how: "started" } };
}
