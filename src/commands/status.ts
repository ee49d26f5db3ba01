/**
 * `status`: one report of existing jobs, or a wait for them as `build` does.
 * The ids come from the user, so one the server does not list is soon
 * called unknown instead of being waited for until the timeout.
 */
import { isJobId, JOB_ID_RULE, MAX_JOB_IDS, quoted } from "../api/job_ids.ts";
import { runReport } from "../ci/report.ts";
import { UsageError } from "../errors.ts";
import { jobsFields } from "./documents.ts";
import { CI_REPORT, CONFIG_FILE, EVERY_RUN, SERVER } from "./environment.ts";
import { defineCommand } from "./handler.ts";
import { INTERVAL_OPTION, TIMEOUT_OPTION } from "./options.ts";
import { jobsOutcome } from "./jobs_outcome.ts";
import { reportJobs, UNKNOWN_AFTER_MS, waitJobs } from "./waiting.ts";

export const statusCommand = defineCommand({
  name: "status",
  summary: "show the status of build jobs, or wait for them with --wait",
  args: [{
    name: "job-id",
    description:
      "the job ids printed by build or publish, one a line or comma-separated; one argument may hold several",
    required: true,
    variadic: true,
  }],
  options: [
    { long: "wait", description: "wait until every job has finished or failed" },
    TIMEOUT_OPTION,
    INTERVAL_OPTION,
  ],
  examples: [
    "distropack-cli status 6f1c2a9e-0000-4000-8000-000000000001",
    "distropack-cli status --wait --timeout 30m JOB_ID JOB_ID",
    'distropack-cli status --wait "$JOB_IDS"   # comma-separated, as the Action\'s job-ids output',
  ],
  reference: {
    details: `Without --wait, it prints one report of the jobs (exit 4 if any has failed). With
--wait, it waits as \`build\` does, with the same exit codes. One argument may hold several
job ids, separated by spaces, commas or line breaks: \`status "$(distropack-cli build --no-wait)"\`
and the Action's comma-separated \`job-ids\` output both work; at most ${MAX_JOB_IDS}, each of
${JOB_ID_RULE} (anything else is a usage error, exit 2). A job the server has just created may not
be known yet; it shows as initializing.`,
    document: jobsFields("status"),
    environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ...CI_REPORT],
  },
  handler: async (ctx, { values, args }) => {
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
});
