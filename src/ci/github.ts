/**
 * GitHub Actions (`GITHUB_ACTIONS=true`): its tag variable, and its reports
 * of a run: an error annotation for the failure and for each failed job (a
 * workflow command line), the step summary in Markdown
 * (`GITHUB_STEP_SUMMARY`) and the step's outputs (`GITHUB_OUTPUT`). Only the
 * outcome's own text goes in, never the token.
 */
import { formatBytes, formatElapsed } from "../text/format.ts";
import { escapeControl } from "../text/escape.ts";
import { type Env, ENV_VARS } from "../settings/env.ts";
import type { CiProvider, ReportLog, RunOutcome } from "./provider.ts";
import type { ReportJob, ReportUpload, RunReport } from "./report.ts";

export const GITHUB: CiProvider = {
  name: "GitHub Actions",
  detect: (env) => env(ENV_VARS.githubActions) === "true",
  tag: {
    name: "GITHUB_REF_NAME",
    shown: "GITHUB_REF_NAME (when GITHUB_REF_TYPE=tag)",
    // GITHUB_REF_NAME is the branch name on branch builds.
    read: (env) => env("GITHUB_REF_TYPE") === "tag" ? env("GITHUB_REF_NAME") : undefined,
    notTag: (env) =>
      env("GITHUB_REF_TYPE") === "branch"
        ? `GITHUB_REF_TYPE=branch, GITHUB_REF_NAME=${env("GITHUB_REF_NAME") ?? ""}`
        : undefined,
  },
  errorLine: (message) => annotation("error", message),
  report: writeReport,
};

/** The annotations on stderr, where the runner reads them too; then the summary and outputs. */
async function writeReport(outcome: RunOutcome, env: Env, log: ReportLog): Promise<void> {
  const report = outcome.report;
  if (outcome.failure) log.workflowCommand(annotation("error", outcome.failure.message));
  for (const job of report?.jobs ?? []) {
    if (job.status?.toLowerCase() !== "failed") continue;
    const name = job.name ?? job.jobId;
    log.workflowCommand(
      annotation("error", `Build job ${name} (${job.jobId}) failed: ${job.failMessage ?? "-"}`),
    );
  }
  if (!report) return;
  if (outcome.stepSummary !== false) {
    // What other steps' commands appended to this step's summary counts towards its limit.
    await append(
      env,
      log,
      "the step summary",
      ENV_VARS.githubStepSummary,
      (existing) => stepSummary(report, Math.max(0, SUMMARY_LIMIT_BYTES - existing)),
    );
  }
  await append(
    env,
    log,
    "the step outputs",
    ENV_VARS.githubOutput,
    () => outputsText(stepOutputs(report)),
  );
}

/** The step's outputs: what later steps of the job read. */
function stepOutputs(report: RunReport): Record<string, string> {
  const status = report.outcome === "error" ? "failed" : report.outcome;
  const digests = report.uploads.flatMap((u) => u.sha256 ? [`${u.refId}=${u.sha256}`] : []);
  return {
    version: report.version ?? "",
    "job-ids": report.jobs.map((job) => job.jobId).join(","),
    status,
    // What this run sent, byte for byte; absent when it sent nothing.
    ...(digests.length > 0 ? { digests: digests.join("\n") } : {}),
  };
}

/** Appends to the file `variable` names; when that fails, the log keeps it as lost. */
async function append(
  env: Env,
  log: ReportLog,
  what: string,
  variable: typeof ENV_VARS.githubOutput | typeof ENV_VARS.githubStepSummary,
  text: (existingBytes: number) => string,
): Promise<void> {
  const path = env(variable);
  if (!path) return;
  try {
    const existing = await Deno.stat(path).then((info) => info.size, () => 0);
    await Deno.writeTextFile(path, text(existing), { append: true });
  } catch (error) {
    log.lose(`${what} to ${variable} (${path})`, fileFailure(error));
  }
}

/**
 * Why a CI file could not be written, without what the message already
 * says: the runtime adds the call and the path (`: writefile '/path'`), and
 * its sandbox's refusal names a flag no user of the binary can pass.
 */
function fileFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotCapable) return "a device, not a file the CLI writes to";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/: \w+ '[^']*'$/, "");
}

type AnnotationLevel = "error" | "warning" | "notice";

/**
 * One `::error title=...::message` workflow command line (no newline at the
 * end). Escaped as @actions/toolkit escapes it, so a line break in the
 * message stays inside the annotation and can never start another command;
 * any other control character is made visible with `escapeControl`.
 */
export function annotation(
  level: AnnotationLevel,
  message: string,
  title = "distropack-cli",
): string {
  const properties = title ? ` title=${escapeProperty(title)}` : "";
  return `::${level}${properties}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  const escaped = text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
  return escapeControl(escaped);
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** A delimiter for `outputsText` that no server-sent value can guess. */
export function randomDelimiter(): string {
  return `ghadelimiter_${crypto.randomUUID()}`;
}

/**
 * The text to append to the `GITHUB_OUTPUT` file: one `name<<DELIM` block
 * per output, so values may span lines. Throws when a name is not a valid
 * output name or a name or value contains the delimiter, which would let the
 * value end its block early and set other outputs.
 */
export function outputsText(
  outputs: Record<string, string>,
  delimiter: string = randomDelimiter(),
): string {
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      throw new Error(`Invalid GitHub Actions output name: ${JSON.stringify(name)}.`);
    }
    if (name.includes(delimiter)) {
      throw new Error(`The output name ${name} contains the delimiter ${delimiter}.`);
    }
    if (value.includes(delimiter)) {
      throw new Error(`The value of output ${name} contains the delimiter ${delimiter}.`);
    }
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  return text;
}

/**
 * Text for a Markdown table cell or paragraph: control characters made
 * visible, table pipes and Markdown emphasis, code and link syntax
 * backslash-escaped, and HTML turned into plain text.
 */
export function markdownText(text: string): string {
  return escapeControl(text)
    .replace(/[\\`*_[\]|~]/g, "\\$&")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}

const HEADLINES: Record<RunReport["outcome"], string> = {
  finished: "all builds finished",
  failed: "a build failed",
  timeout: "timed out waiting for the builds",
  started: "builds started",
  uploaded: "files uploaded, no build",
  interrupted: "interrupted",
  error: "failed",
};

/**
 * GitHub drops a step's summary whole when it is larger than this, exactly
 * when builds failed and their messages are long.
 */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** The longest message (from the server, mostly) a summary shows; the log has it whole. */
export const SUMMARY_MESSAGE_CHARS = 2000;

/**
 * The step summary section for one run: what was published, each upload,
 * each job. Long messages are cut with a note; a section that would still
 * not fit in `limitBytes` (what is left of the summary's limit) keeps only
 * its heading and says where the details are.
 */
export function stepSummary(report: RunReport, limitBytes = SUMMARY_LIMIT_BYTES): string {
  const headline = report.alreadyBuilt
    ? "already built by an earlier run"
    : HEADLINES[report.outcome];
  const heading = `### distropack-cli ${report.command}: ${headline}`;
  const lines = [heading, ""];
  const facts = describeRun(report);
  if (facts) lines.push(facts, "");
  if (report.error) lines.push(`**Error:** ${summaryMessage(report.error)}`, "");
  if (report.uploads.length > 0) lines.push(...uploadsTable(report.uploads), "");
  if (report.jobs.length > 0) lines.push(...jobsTable(report.jobs), "");
  const text = lines.join("\n");
  if (new TextEncoder().encode(text).length <= limitBytes) return text;
  return [heading, "", "The details are too long for the step summary; they are in the log.", ""]
    .join("\n");
}

/** A message for the summary: escaped, and cut after `SUMMARY_MESSAGE_CHARS` with a note. */
function summaryMessage(text: string): string {
  if (text.length <= SUMMARY_MESSAGE_CHARS) return markdownText(text);
  // Not through the middle of a surrogate pair.
  const cut = text.slice(0, SUMMARY_MESSAGE_CHARS).replace(/[\ud800-\udbff]$/, "");
  return `${markdownText(cut)}… *(cut after ${cut.length} of ${text.length} characters; ` +
    `the whole message is in the log)*`;
}

function describeRun(report: RunReport): string {
  const facts: string[] = [];
  if (report.packageId !== null) facts.push(`Package ${markdownText(report.packageId)}`);
  if (report.version !== null) {
    let version = `version **${markdownText(report.version)}**`;
    if (report.versionSource === "flag") version += " (from --version)";
    else if (report.versionSource) {
      version += ` (from the tag in ${markdownText(report.versionSource)})`;
    }
    facts.push(version);
  }
  if (facts.length === 0) return "";
  const sentence = facts.join(", ");
  return `${sentence[0].toUpperCase()}${sentence.slice(1)}.`;
}

function row(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function uploadsTable(uploads: ReportUpload[]): string[] {
  return [
    // The digests of what was sent, when the run knows them.
    ...(uploads.some((u) => u.sha256)
      ? [row(["Slot", "File", "Size", "SHA-256"]), row(["---", "---", "---:", "---"])]
      : [row(["Slot", "File", "Size"]), row(["---", "---", "---:"])]),
    ...uploads.map((u) => {
      const cells = [markdownText(u.refId), markdownText(u.file), formatBytes(u.bytes)];
      if (uploads.some((upload) => upload.sha256)) cells.push(u.sha256 ? `\`${u.sha256}\`` : "");
      return row(cells);
    }),
  ];
}

function jobsTable(jobs: ReportJob[]): string[] {
  return [
    row(["Target", "Status", "Job", "Duration", "Message"]),
    row(["---", "---", "---", "---:", "---"]),
    ...jobs.map((job) =>
      row([
        job.name === null ? "?" : markdownText(job.name),
        job.status === null ? "unknown" : markdownText(job.status),
        markdownText(job.jobId),
        job.durationMs === null ? "" : formatElapsed(job.durationMs),
        job.failMessage === null ? "" : summaryMessage(job.failMessage),
      ])
    ),
  ];
}
