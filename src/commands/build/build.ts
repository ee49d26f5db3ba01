import type { ApiClient } from "../../api/client.ts";
import { type Target, TARGETS } from "../../api/types.ts";
import type { Context } from "../../run/context.ts";
import { resolveVersion, taggedVersionNote } from "../../ci/version.ts";
import { type Handler, handlerOf, type OptionValues } from "../../cli/define.ts";
import type { BUILD_OPTIONS } from "../../cli/options.ts";
import { runReport } from "../../ci/report.ts";
import { CliError } from "../../errors.ts";
import { jobsOutcome, type JobsResult, waitJobs, type WaitSettings } from "../waiting.ts";
import { packageIdFrom } from "../shared.ts";
import type { buildCommand } from "./command.ts";

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

export const buildHandler: Handler = handlerOf<typeof buildCommand>(async (ctx, { values }) => {
  const { request, source } = buildRequest(ctx, values);
  noteUnknownTarget(ctx, request.target);
  const result = await build(ctx, await ctx.api(), request);
  const outcome = jobsOutcome(result);
  const base = { package_id: request.packageId, version: request.version, version_source: source };
  return {
    ...outcome,
    document: { ...outcome.document, version_source: source },
    report: runReport("build", base, [], result, outcome.failure),
  };
});

/**
 * Starts the builds of a version (all enabled targets, or one) and, unless
 * told not to, waits for them. The trigger is sent once: it is retried only
 * when the server cannot have acted on it.
 */
export async function build(
  ctx: Context,
  api: ApiClient,
  request: BuildRequest,
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
  ctx.output.info(
    `Started ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"}: ${jobIds.join(", ")}`,
  );
  const meta = { package_id: packageId, version, target: target ?? null };
  if (!request.wait) return { meta, jobIds, end: { how: "started" } };
  return await waitJobs(ctx, api, meta, jobIds, request);
}
