import type { Target } from "../api/types.ts";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { type JobsResult, waitJobs, type WaitSettings } from "./_jobs.ts";
import { packageIdFrom } from "./_shared.ts";

export interface BuildOptions extends WaitSettings {
  packageId?: string;
  version: string;
  target?: Target;
  /** False with --no-wait: print the job ids and return. */
  wait: boolean;
}

/**
 * Starts the builds of a version (all enabled targets, or one) and, unless
 * told not to, waits for them. The trigger is sent once: it is retried only
 * when the server cannot have acted on it.
 */
export async function build(ctx: Context, options: BuildOptions): Promise<JobsResult> {
  const packageId = packageIdFrom(ctx, options.packageId);
  const version = options.version.trim();
  const api = await ctx.api();
  const what = options.target ? `the ${options.target} target` : "all enabled targets";
  ctx.output.info(
    `Starting the build of version ${version} of package ${packageId} for ${what}...`,
  );
  const jobIds = await api.triggerBuild(packageId, version, options.target);
  if (jobIds.length === 0) {
    throw new CliError(
      "The server started no build jobs. Check in the dashboard that the package has " +
        (options.target ? `the ${options.target} target enabled.` : "at least one target enabled."),
    );
  }
  ctx.output.info(
    `Started ${jobIds.length} build job${jobIds.length === 1 ? "" : "s"}: ${jobIds.join(", ")}`,
  );
  const meta = { package_id: packageId, version, target: options.target ?? null };
  if (!options.wait) return { meta, jobIds, outcome: "started" };
  return await waitJobs(ctx, api, meta, jobIds, options);
}
