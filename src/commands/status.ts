import type { Context } from "../context.ts";
import { UsageError } from "../errors.ts";
import { type JobsResult, waitJobs, type WaitSettings } from "./_jobs.ts";

export interface StatusOptions extends WaitSettings {
  wait: boolean;
}

/** One status report of existing jobs, or a wait for them as `build` does. */
export async function status(
  ctx: Context,
  jobIdArgs: string[],
  options: StatusOptions,
): Promise<JobsResult> {
  const jobIds = [...new Set(jobIdArgs.flatMap((arg) => arg.split(",")).map((id) => id.trim()))]
    .filter(Boolean);
  if (jobIds.length === 0) throw new UsageError("Give at least one job id.");
  const api = await ctx.api();
  const meta = { package_id: null, version: null, target: null };
  if (options.wait) return await waitJobs(ctx, api, meta, jobIds, options);
  return { meta, jobIds, status: await api.buildStatus(jobIds), outcome: "reported" };
}
