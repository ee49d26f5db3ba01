/** What the reference pages say of `status` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { JOBS_FIELDS } from "../documents.ts";

export const statusReference: Reference = {
  details: `Without --wait, it prints one report of the jobs (exit 4 if any has failed). With
--wait, it waits as \`build\` does, with the same exit codes. Job ids may also be given
comma-separated. A job the server has just created may not be known yet; it shows as
initializing.`,
  document: [...JOBS_FIELDS],
};
