/** What the reference pages say of `build` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { jobsFields, VERSION_SOURCE_FIELD } from "../documents.ts";
import { CI_REPORT, CONFIG_FILE, EVERY_RUN, SERVER, TAG } from "../environment.ts";
import { ENV_VARS } from "../../settings/env.ts";

export const buildReference: Reference = {
  details: `While waiting, each job's status changes are shown. When all jobs have ended, each
job is printed on stdout as \`name  status  job-id\`, with the failure details of failed jobs;
any failed job makes the exit code 4. The server refuses a build when required files are
missing, when the version is not newer than the last successful build, or when no target is
enabled; its message is shown.

--target takes deb, rpm, pacman or any other lower-case name the server knows (its list may be
longer than this release's: Alpine, archives, macOS); a name this release does not know is sent as
given, with a one-line note on stderr, and the server decides.

On timeout (exit 5), Ctrl-C (exit 130) or SIGTERM (exit 143) the builds keep running on the
server: the CLI prints the job ids and the command to resume,
\`distropack-cli status --wait JOB_ID ...\`.`,
  document: [...jobsFields("build"), VERSION_SOURCE_FIELD],
  environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ENV_VARS.packageId, ...TAG, ...CI_REPORT],
};
