/** `status`: report build jobs, or wait for them. */
import { defineCommand } from "../../cli/define.ts";
import { INTERVAL_OPTION, TIMEOUT_OPTION } from "../../cli/options.ts";

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
  reference: async () => (await import("./reference.ts")).statusReference,
  load: async () => (await import("./status.ts")).statusHandler,
});
