import { type Handler, handlerOf } from "../../cli/define.ts";
import { UsageError } from "../../errors.ts";
import { jobsOutcome, waitJobs } from "../jobs.ts";
import { jobsReport, reportFailure } from "../report.ts";
import { statusCommand } from "./command.ts";

/** One status report of existing jobs, or a wait for them as `build` does. */
export const statusHandler: Handler = handlerOf(statusCommand, async (ctx, { values, args }) => {
  const [given] = args;
  const jobIds = [...new Set(given.flatMap((arg) => arg.split(",")).map((id) => id.trim()))]
    .filter(Boolean);
  if (jobIds.length === 0) throw new UsageError("Give at least one job id.");
  const api = await ctx.api();
  const meta = { package_id: null, version: null, target: null };
  const settings = { timeoutMs: values.timeout, intervalMs: values.interval };
  if (values.wait) {
    const result = await waitJobs(ctx, api, meta, jobIds, settings);
    const outcome = jobsOutcome(ctx, result);
    return {
      ...outcome,
      report: reportFailure(jobsReport("status", meta, [], result), outcome.failure),
    };
  }
  const status = await api.buildStatus(jobIds);
  return jobsOutcome(ctx, { meta, jobIds, status, outcome: "reported" });
});
