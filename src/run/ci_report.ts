/**
 * The CI-native renderer of an outcome: on GitHub Actions, an error
 * annotation for the failure and for each failed job, the step summary and
 * the step's outputs. Only the outcome's own text goes in, never the token.
 */
import { annotation, outputsText, stepSummary, SUMMARY_LIMIT_BYTES } from "../ci/github.ts";
import type { RunReport } from "../ci/report.ts";
import { ENV_VARS } from "../settings/env.ts";
import type { Host } from "../host.ts";
import type { Output } from "../output/output.ts";
import type { Terminal } from "../terminal.ts";
import type { Outcome } from "./outcome.ts";

export async function writeCiReport(
  deps: Host,
  terminal: Terminal,
  output: Output,
  outcome: Outcome,
): Promise<void> {
  if (terminal.ci !== "github") return;
  const report = outcome.report;
  // Workflow commands are read from stderr too, which keeps stdout for the JSON document.
  const lines: string[] = [];
  if (outcome.failure) lines.push(annotation("error", outcome.failure.message));
  for (const job of report?.jobs ?? []) {
    if (job.status?.toLowerCase() !== "failed") continue;
    const name = job.name ?? job.jobId;
    lines.push(
      annotation("error", `Build job ${name} (${job.jobId}) failed: ${job.failMessage ?? "-"}`),
    );
  }
  for (const line of lines) output.workflowCommand(line);
  if (!report) return;
  if (outcome.stepSummary !== false) {
    // What other steps' commands appended to this step's summary counts towards its limit.
    await append(
      deps,
      output,
      "the step summary",
      ENV_VARS.githubStepSummary,
      (existing) => stepSummary(report, Math.max(0, SUMMARY_LIMIT_BYTES - existing)),
    );
  }
  await append(
    deps,
    output,
    "the step outputs",
    ENV_VARS.githubOutput,
    () => outputsText(outputs(report)),
  );
}

/** The step's outputs: what later steps of the job read. */
function outputs(report: RunReport): Record<string, string> {
  const status = report.outcome === "error" ? "failed" : report.outcome;
  return {
    version: report.version ?? "",
    "job-ids": report.jobs.map((job) => job.jobId).join(","),
    status,
  };
}

/** Appends to the file `variable` names; when that fails, the output keeps it as lost. */
async function append(
  deps: Host,
  output: Output,
  what: string,
  variable: typeof ENV_VARS.githubOutput | typeof ENV_VARS.githubStepSummary,
  text: (existingBytes: number) => string,
): Promise<void> {
  const path = deps.env(variable);
  if (!path) return;
  try {
    const existing = await Deno.stat(path).then((info) => info.size, () => 0);
    await Deno.writeTextFile(path, text(existing), { append: true });
  } catch (error) {
    output.lose(`${what} to ${variable} (${path})`, fileFailure(error));
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
