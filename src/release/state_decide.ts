/**
 * What a re-run does with a matching record, once the server has said where
 * the recorded jobs are: nothing (already built), wait for them, or build,
 * uploading the files that changed (all of them when the server has
 * forgotten the jobs, so its memory of the files is not trusted either).
 */
import type { BuildStatus } from "../api/types.ts";
import { isFailed, isFinished, jobOf } from "../jobs/wait.ts";
import type { FileDigest, ReleaseRecord } from "./state.ts";

export type Decision =
  /** No usable record (or --rebuild): upload every file and build, as a first run. */
  | { action: "fresh" }
  /** Every recorded job finished and no file changed: nothing to send. */
  | { action: "skip"; jobIds: string[]; status: BuildStatus }
  /** Recorded jobs still running or initializing, no file changed: wait for them. */
  | { action: "wait"; jobIds: string[] }
  /** Build once, after uploading `upload` (the slots to send); `reason` says why. */
  | { action: "build"; upload: string[]; reason: string };

/** The slots whose file on disk is not the one last sent (or was never sent). */
export function changedSlots(
  record: ReleaseRecord,
  local: Record<string, FileDigest>,
): string[] {
  return Object.entries(local).filter(([slot, digest]) => {
    const sent = record.files[slot];
    return !sent || sent.sha256 !== digest.sha256 || sent.bytes !== digest.bytes;
  }).map(([slot]) => slot);
}

/**
 * The decision for a record, the local files' digests and the server's
 * answer about the recorded jobs (undefined when there are none).
 */
export function decide(
  record: ReleaseRecord,
  local: Record<string, FileDigest>,
  status: BuildStatus | undefined,
): Decision {
  const all = Object.keys(local);
  const changed = changedSlots(record, local);
  const jobIds = record.job_ids;
  const changedReason = () =>
    `${changed.join(", ")} changed since the last run sent ${changed.length === 1 ? "it" : "them"}`;
  if (jobIds.length === 0) {
    return {
      action: "build",
      upload: changed,
      reason: changed.length > 0
        ? changedReason()
        : "the files were sent by an earlier run that started no build",
    };
  }
  const listed = jobIds.filter((id) => jobOf(status, id));
  if (listed.length === 0) {
    return {
      action: "build",
      upload: all,
      reason: `the server does not know the recorded jobs (${jobIds.join(", ")})`,
    };
  }
  const failed = jobIds.filter((id) => isFailed(jobOf(status, id)));
  if (failed.length > 0) {
    return {
      action: "build",
      upload: changed,
      reason: `${failed.length} of ${jobIds.length} recorded jobs failed (${failed.join(", ")})`,
    };
  }
  if (changed.length > 0) return { action: "build", upload: changed, reason: changedReason() };
  if (status && jobIds.every((id) => isFinished(jobOf(status, id)))) {
    return { action: "skip", jobIds, status };
  }
  return { action: "wait", jobIds };
}
