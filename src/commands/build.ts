/** `build`: start the builds of a version and wait for them. */
import type { ApiClient } from "../api/client.ts";
import { type Target, TARGETS } from "../api/types.ts";
import type { Context } from "../run/context.ts";
import { resolveVersion, taggedVersionNote } from "../ci/version.ts";
import type { OptionValues } from "../cli/define.ts";
import { runReport } from "../ci/report.ts";
import { CliError } from "../errors.ts";
import { jobsFields, STATE_FIELDS, VERSION_SOURCE_FIELD } from "./documents.ts";
import { BUILDING } from "./environment.ts";
import { defineCommand } from "./handler.ts";
import { BUILD_OPTIONS, RERUN_DETAILS, versionTagNote } from "./options.ts";
import type { JobsResult } from "../jobs/result.ts";
import { jobsOutcome } from "./jobs_outcome.ts";
import { waitJobs, type WaitSettings } from "./waiting.ts";
import { packageIdFrom } from "./shared.ts";
import { releaseBefore, resumeJobs, resumes, withState } from "./state_resume.ts";

export const buildCommand = defineCommand({
  name: "build",
  summary: "build a version into deb, rpm and pacman packages, and wait for the jobs",
  options: BUILD_OPTIONS,
  examples: [
    'distropack-cli build --package-id "$ID" --version 1.0.0',
    "distropack-cli build --version 1.0.0 --target deb --timeout 20m",
    "distropack-cli build --version 1.0.0 --no-wait --json",
  ],
  notes: versionTagNote(),
  reference: {
    details: `While waiting, each job's status changes are shown. When all jobs have ended, each
job is printed on stdout as \`name  status  job-id\`, with the failure details of failed jobs;
any failed job makes the exit code 4. The server refuses a build when required files are
missing, when the version is not newer than the last successful build, or when no target is
enabled; its message is shown.

--target takes deb, rpm, pacman or any other lower-case name the server knows (its list may be
longer than this release's: Alpine, archives, macOS); a name this release does not know is sent as
given, with a one-line note on stderr, and the server decides.

On timeout (exit 5), Ctrl-C (exit 130) or SIGTERM (exit 143) the builds keep running on the
server: the CLI prints the job ids and the command to resume,
\`distropack-cli status --wait JOB_ID ...\`.

${RERUN_DETAILS}`,
    document: [...jobsFields("build"), VERSION_SOURCE_FIELD, ...STATE_FIELDS],
    environment: BUILDING,
  },
  handler: async (ctx, { values }) => {
    const { request, source } = buildRequest(ctx, values);
    noteUnknownTarget(ctx, request.target);
    const api = await ctx.api();
    const before = await releaseBefore(ctx, api, request, values, []);
    const result = resumes(before.decision)
      ? await resumeJobs(ctx, api, request, before.decision)
      : await build(ctx, api, request, before.state?.started);
    const outcome = withState(jobsOutcome(result), before);
    const base = {
      package_id: request.packageId,
      version: request.version,
      version_source: source,
    };
    return {
      ...outcome,
      document: { ...outcome.document, version_source: source },
      report: runReport("build", base, [], result, outcome.failure),
    };
  },
});

export interface BuildRequest extends WaitSettings {
  packageId: string;
  version: string;
  target?: Target;
  /** False with --no-wait: report the job ids and return. */
  wait: boolean;
}

/**
 * The build a command line asks for (`build`, and `publish` after its
 * uploads): the package, the version from --version or the CI's tag, the
 * target and how to wait; `source` says where the version came from.
 */
export function buildRequest(
  ctx: Context,
  values: OptionValues<typeof BUILD_OPTIONS>,
): { request: BuildRequest; source: string } {
  const packageId = packageIdFrom(ctx, values.packageId);
  const resolved = resolveVersion(values.version, ctx.env);
  const note = taggedVersionNote(resolved);
  if (note) ctx.output.info(note);
  const { version, source } = resolved;
  const request: BuildRequest = {
    packageId,
    version,
    target: values.target,
    wait: values.wait,
    timeoutMs: values.timeout,
    intervalMs: values.interval,
  };
  return { request, source };
}

/**
 * A target this release does not know is sent all the same (the server may
 * know it); one line on stderr says so, before anything is sent.
 */
export function noteUnknownTarget(ctx: Context, target: Target | undefined): void {
  if (target === undefined || (TARGETS as readonly string[]).includes(target)) return;
  ctx.output.info(
    `Note: target '${target}' is not one this release knows (${TARGETS.join(", ")}); ` +
      "it is sent as given and the server decides.",
  );
}

/**
 * Starts the builds of a version (all enabled targets, or one) and, unless
 * told not to, waits for them. The trigger is sent once: it is retried only
 * when the server cannot have acted on it.
 */
export async function build(
  ctx: Context,
  api: ApiClient,
  request: BuildRequest,
  /** Called with the jobs as soon as they are started (the release state records them). */
  started?: (jobIds: string[]) => Promise<void>,
): Promise<JobsResult> {
  const { packageId, version, target } = request;
  const what = target ? `the ${target} target` : "all enabled targets";
  ctx.output.info(
    `Starting the build of version ${version} of package ${packageId} for ${what}...`,
  );
  const jobIds = await api.triggerBuild(packageId, version, target);
  if (jobIds.length === 0) {
    throw new CliError(
      "The server started no build jobs. Check in the dashboard that the package has " +
        (target ? `the ${target} target enabled.` : "at least one target enabled."),
    );
  }
  await started?.(jobIds);
  ctx.output.info(
    `Started ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"}: ${jobIds.join(", ")}`,
  );
  const meta = { package_id: packageId, version, target: target ?? null };
  if (!request.wait) return { meta, jobIds, end: { how: "started" } };
  return await waitJobs(ctx, api, meta, jobIds, request);
}
