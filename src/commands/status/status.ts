import { isJobId, JOB_ID_RULE, MAX_JOB_IDS, quoted } from "../../api/job_ids.ts";
import { type Handler, handlerOf } from "../../cli/define.ts";
import { runReport } from "../../ci/report.ts";
import { UsageError } from "../../errors.ts";
import { jobsOutcome, reportJobs, UNKNOWN_AFTER_MS, waitJobs } from "../waiting.ts";
import type { statusCommand } from "./command.ts";

/**
 * One status report of existing jobs, or a wait for them as `build` does.
 * The ids come from the user, so one the server does not list is soon
 * called unknown instead of being waited for until the timeout.
 */
export const statusHandler: Handler = handlerOf<typeof statusCommand>(
  async (ctx, { values, args }) => {
    const [given] = args;
    // `build --no-wait` prints one id a line, and the Action's output joins them with
    // commas: `status "$(distropack-cli build --no-wait)"` gives them in one argument.
    const jobIds = [...new Set(given.flatMap((arg) => arg.split(/[\s,]+/)))].filter(Boolean);
    if (jobIds.length === 0) throw new UsageError("Give at least one job id.");
    const bad = jobIds.find((id) => !isJobId(id));
    if (bad !== undefined) {
      throw new UsageError(
        `${quoted(bad)} is not a job id: job ids are ${JOB_ID_RULE}. ` +
          "Give the ids build or publish printed.",
      );
    }
    if (jobIds.length > MAX_JOB_IDS) {
      throw new UsageError(
        `${jobIds.length} job ids given; give at most ${MAX_JOB_IDS} at a time.`,
      );
    }
    const api = await ctx.api();
    const meta = { package_id: null, version: null, target: null };
    if (values.wait) {
      const settings = {
        timeoutMs: values.timeout,
        intervalMs: values.interval,
        unknownAfterMs: UNKNOWN_AFTER_MS,
      };
      const result = await waitJobs(ctx, api, meta, jobIds, settings);
      const outcome = jobsOutcome(result);
      return { ...outcome, report: runReport("status", meta, [], result, outcome.failure) };
    }
    return jobsOutcome(await reportJobs(api, meta, jobIds));
  },
);
