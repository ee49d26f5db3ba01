/**
 * How `build` and `publish` use the release state: the one decision before
 * anything is sent (skip, wait, build after uploading what changed), the
 * files that decision sends, the jobs a re-run resumes instead of starting a
 * build, and what the outcome says of it.
 */
import type { ApiClient } from "../api/client.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import type { JobsResult } from "../jobs/result.ts";
import type { Decision } from "../release/state_decide.ts";
import {
  decisionNote,
  type LocalFile,
  ReleaseState,
  type StateFlags,
} from "../release/state_session.ts";
import { waitJobs, type WaitSettings } from "./waiting.ts";

/** The build a run asks for, as `build.ts` makes it (said here, so neither imports the other). */
export interface StateRequest extends WaitSettings {
  packageId: string;
  version: string;
  target?: string;
  wait: boolean;
}

export interface Before {
  /** Undefined when no state is kept (nothing says where). */
  state?: ReleaseState;
  decision: Decision;
}

/** A decision that sends nothing: the recorded jobs are resumed instead. */
export type Resumed = Extract<Decision, { action: "skip" | "wait" }>;

/** Reads the state, asks the server about the recorded jobs, and says what the run will do. */
export async function releaseBefore(
  ctx: Context,
  api: ApiClient,
  /** Undefined for an upload-only run (`--no-build`): it keeps no state. */
  request: StateRequest | undefined,
  flags: StateFlags,
  files: LocalFile[],
  /** A manifest's name for the package, said before the note (one of several packages). */
  name?: string,
): Promise<Before> {
  if (!request) return { decision: { action: "fresh" } };
  const { packageId, version, target } = request;
  const state = await ReleaseState.open(ctx, flags, { packageId, version, target });
  const decision: Decision = state
    ? await state.before(api, files, flags.rebuild)
    : { action: "fresh" };
  const note = decisionNote(decision, version);
  if (note) ctx.output.info(name === undefined ? note : `Package ${name}: ${note}`);
  return { state, decision };
}

export function resumes(decision: Decision): decision is Resumed {
  return decision.action === "skip" || decision.action === "wait";
}

/** The files the decision sends: all on a first run, those that changed on a re-build. */
export function filesToSend<F extends { refId: string }>(files: F[], decision: Decision): F[] {
  if (decision.action === "fresh") return files;
  if (decision.action === "build") {
    return files.filter((file) => decision.upload.includes(file.refId));
  }
  return [];
}

/** The recorded jobs: reported as built, or waited for (as `status --wait` would). */
export async function resumeJobs(
  ctx: Context,
  api: ApiClient,
  request: StateRequest,
  decision: Resumed,
): Promise<JobsResult> {
  const meta = {
    package_id: request.packageId,
    version: request.version,
    target: request.target ?? null,
  };
  const { jobIds } = decision;
  if (decision.action === "skip") {
    // The server's answer the decision was made on: it is not asked twice.
    return { meta, jobIds, status: decision.status, end: { how: "finished" } };
  }
  if (!request.wait) return { meta, jobIds, end: { how: "started" } };
  return await waitJobs(ctx, api, meta, jobIds, request);
}

/** The `state` field of a --json document: where the state is and what it decided. */
export function stateDocument(before: Before) {
  const { decision, state } = before;
  return state
    ? {
      path: state.path,
      action: decision.action,
      reason: decision.action === "build" ? decision.reason : null,
    }
    : null;
}

/** The result line of a version an earlier run built; undefined when the run did more. */
export function alreadyBuiltLine(decision: Decision, version: string): string | undefined {
  if (decision.action !== "skip") return undefined;
  return `Already built by an earlier run: version ${version} (jobs ${
    decision.jobIds.join(", ")
  }); nothing was uploaded or started.`;
}

/** The outcome with what the state decided: a line when already built, and `state` in --json. */
export function withState(outcome: Outcome, before: Before): Outcome {
  const { decision } = before;
  const document = { ...outcome.document, state: stateDocument(before) };
  const built = alreadyBuiltLine(decision, String(outcome.document?.version ?? ""));
  const lines = built ? [...(outcome.lines ?? []), built] : outcome.lines;
  const report = decision.action === "skip" && outcome.report
    ? { ...outcome.report, alreadyBuilt: true as const }
    : outcome.report;
  return { ...outcome, document, ...(lines ? { lines } : {}), ...(report ? { report } : {}) };
}

/**
 * `--dry-run`'s plan with what the record of an earlier run says (read
 * locally; the server is asked only by the real run), before its last line.
 */
export async function withRecordedPlan(
  ctx: Context,
  outcome: Outcome,
  request: StateRequest | undefined,
  flags: StateFlags,
  files: LocalFile[],
): Promise<Outcome> {
  const line = request && await recordedLine(ctx, request, flags, files);
  if (!line || !outcome.lines) return outcome;
  const lines = [...outcome.lines];
  lines.splice(lines.length - 1, 0, line);
  return { ...outcome, lines };
}

/** What the record of an earlier run of this release says, for `--dry-run`; none without one. */
export async function recordedLine(
  ctx: Context,
  request: Omit<StateRequest, keyof WaitSettings | "wait">,
  flags: StateFlags,
  files: LocalFile[],
): Promise<string | undefined> {
  const { packageId, version, target } = request;
  const state = await ReleaseState.open(ctx, flags, { packageId, version, target });
  const recorded = await state?.recorded(files, flags.rebuild);
  if (!recorded) return undefined;
  const jobs = recorded.jobIds.length > 0 ? `jobs ${recorded.jobIds.join(", ")}` : "no build yet";
  const changed = recorded.changed.length > 0
    ? `changed since: ${recorded.changed.join(", ")}`
    : "no file changed since";
  return `An earlier run of this release is recorded (${jobs}; ${changed}): the run asks ` +
    "the server about it first, and may send less or nothing (--rebuild: all).";
}
