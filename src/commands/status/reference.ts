/** What the reference pages say of `status` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { jobsFields } from "../documents.ts";
import { CI_REPORT, CONFIG_FILE, EVERY_RUN, SERVER } from "../environment.ts";

export const statusReference: Reference = {
  details: `Without --wait, it prints one report of the jobs (exit 4 if any has failed). With
--wait, it waits as \`build\` does, with the same exit codes. One argument may hold several
job ids, separated by spaces, commas or line breaks: \`status "$(distropack-cli build --no-wait)"\`
and the Action's comma-separated \`job-ids\` output both work; at most 100, and an id is letters,
digits, \`-\`, \`_\` and \`.\` (anything else is a usage error, exit 2). A job the server has just
created may not be known yet; it shows as initializing.`,
  document: jobsFields("status"),
  environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ...CI_REPORT],
};
