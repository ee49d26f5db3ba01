import type { Handler } from "../../cli/define.ts";
import { runReport } from "../../ci/report.ts";
import { UsageError } from "../../errors.ts";
import { jobsOutcome, reportJobs, UNKNOWN_AFTER_MS, waitJobs } from "../jobs.ts";

/**
 * One status report of existing jobs, or a wait for them as `build` does.
 * The ids come from the user, so one the server does not list is soon
 * called unknown instead of being waited for until the timeout.
 */
export const statusHandler: Handler = async (ctx, { values, args }) => {
  const jobIds = [...new Set(args.flatMap((arg) => arg.split(",")).map((id) => id.trim()))]
    .filter(Boolean);
  if (jobIds.length === 0) throw new UsageError("Give at least one job id.");
  const api = await ctx.api();
  const meta = { package_id: null, version: null, target: null };
  if (values.wait === true) {
    const settings = {
      timeoutMs: values.timeout as number,
      intervalMs: values.interval as number,
      unknownAfterMs: UNKNOWN_AFTER_MS,
    };
    const result = await waitJobs(ctx, api, meta, jobIds, settings);
    const outcome = jobsOutcome(result);
    return { ...outcome, report: runReport("status", meta, [], result, outcome.failure) };
  }
  return jobsOutcome(await reportJobs(api, meta, jobIds));
};
