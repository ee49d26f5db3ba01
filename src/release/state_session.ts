/**
 * One run's use of the release state: the record of its (server, package,
 * version, targets), the decision before anything is sent, and a write after
 * each step (a file sent, a build started). Writing is best effort: a state
 * that cannot be written is said once and never fails the release.
 */
import type { ApiClient } from "../api/client.ts";
import type { Context } from "../run/context.ts";
import { escapeControl } from "../text/escape.ts";
import {
  type FileDigest,
  loadState,
  recordKey,
  type RecordSubject,
  type ReleaseRecord,
  saveState,
  type StateFile,
  withRecord,
} from "./state.ts";
import { changedSlots, decide, type Decision } from "./state_decide.ts";
import { fileDigest } from "./state_digest.ts";
import { stateLocation } from "./state_path.ts";
import { inTurn } from "./state_queue.ts";

/** What the command line says about the state: `--state` and `--rebuild`. */
export interface StateFlags {
  state?: string;
  rebuild: boolean;
}

/** A file the run would send, as the decision needs it. */
export interface LocalFile {
  refId: string;
  path: string;
}

export class ReleaseState {
  readonly path: string;
  readonly #ctx: Context;
  #state: StateFile;
  readonly #key: string;
  #record: ReleaseRecord;
  #warned = false;

  private constructor(ctx: Context, path: string, state: StateFile, subject: RecordSubject) {
    this.#ctx = ctx;
    this.path = path;
    this.#state = state;
    this.#key = recordKey(subject);
    this.#record = state.records[this.#key] ?? {
      server: subject.server.replace(/\/+$/, ""),
      package_id: subject.packageId,
      version: subject.version,
      targets: subject.target ?? "all",
      job_ids: [],
      files: {},
      updated_at: "",
    };
  }

  /** The state of this run, or undefined when nothing says where to keep it (no home). */
  static async open(
    ctx: Context,
    flags: StateFlags,
    subject: Omit<RecordSubject, "server">,
  ): Promise<ReleaseState | undefined> {
    const { deps } = ctx;
    const location = stateLocation(flags.state, { env: ctx.env, os: deps.os, cwd: deps.cwd });
    if (location.path === null) {
      ctx.output.debug(`No release state is kept: ${location.why}.`);
      return undefined;
    }
    const loaded = await loadState(location.path);
    if (loaded.missing && location.given) {
      // A file named on purpose and absent: most likely a CI cache that did not restore it.
      ctx.output.info(
        `Note: no release state at ${escapeControl(location.path)} (${location.why}) yet: ` +
          "nothing to resume, so this run starts afresh.",
      );
    }
    if (loaded.note) {
      ctx.output.info(
        `Note: the release state ${escapeControl(location.path)} ${loaded.note}; ` +
          "it is not used, and this run starts it afresh.",
      );
    }
    const server = (await ctx.settings()).baseUrl.value;
    return new ReleaseState(ctx, location.path, loaded.state, { ...subject, server });
  }

  /** A record of an earlier run of the same release, unless --rebuild says to ignore it. */
  #matching(rebuild: boolean): ReleaseRecord | undefined {
    const known = this.#state.records[this.#key] !== undefined;
    if (!known) return undefined;
    if (!rebuild) return this.#record;
    this.#ctx.output.info("Note: --rebuild: the record of an earlier run is ignored.");
    return undefined;
  }

  /**
   * What to do before anything is sent: asks the server about the recorded
   * jobs and compares the files with those last sent.
   */
  async before(api: ApiClient, files: LocalFile[], rebuild: boolean): Promise<Decision> {
    const record = this.#matching(rebuild);
    if (!record) {
      this.#record = { ...this.#record, job_ids: [], files: {} };
      return { action: "fresh" };
    }
    const local: Record<string, FileDigest> = {};
    for (const file of files) local[file.refId] = await fileDigest(file.path);
    const status = record.job_ids.length > 0 ? await api.buildStatus(record.job_ids) : undefined;
    const decision = decide(record, local, status);
    if (decision.action === "build" && decision.upload.length === files.length) {
      this.#record = { ...this.#record, files: {} };
    }
    return decision;
  }

  /**
   * With --dry-run: the record of an earlier run and the slots changed since,
   * from the local files only (the server is not asked; the real run will).
   */
  async recorded(
    files: LocalFile[],
    rebuild: boolean,
  ): Promise<{ jobIds: string[]; changed: string[] } | undefined> {
    if (rebuild || this.#state.records[this.#key] === undefined) return undefined;
    const local: Record<string, FileDigest> = {};
    for (const file of files) local[file.refId] = await fileDigest(file.path);
    return { jobIds: this.#record.job_ids, changed: changedSlots(this.#record, local) };
  }

  /** Records a file sent into a slot: the jobs recorded are no longer of these files. */
  uploaded = (slot: string, digest: FileDigest): Promise<void> =>
    this.#write({ job_ids: [], files: { ...this.#record.files, [slot]: digest } });

  /** Records the jobs of the build just started. */
  started = (jobIds: string[]): Promise<void> => this.#write({ job_ids: jobIds });

  #write(change: Partial<ReleaseRecord>): Promise<void> {
    this.#record = {
      ...this.#record,
      ...change,
      updated_at: new Date(this.#ctx.deps.now()).toISOString(),
    };
    const record = this.#record;
    // One write at a time per file, in order, the records of a manifest's packages too: the last
    // one holds every step. Each merges this record into the file as it is now, so runs that
    // share it (other packages, versions) keep theirs.
    return inTurn(this.path, async () => {
      const now = await loadState(this.path);
      this.#state = withRecord(now.note ? this.#state : now.state, this.#key, record);
      await saveState(this.path, this.#state, this.#ctx.deps.os);
    })
      .catch((error) => {
        if (this.#warned) return;
        this.#warned = true;
        this.#ctx.output.warn(
          `Could not write the release state ${escapeControl(this.path)} ` +
            `(${
              error instanceof Error ? error.message : String(error)
            }); a re-run will not resume this one.`,
        );
      });
  }
}

/** The line that says what a decision does, before it is done. */
export function decisionNote(decision: Decision, version: string): string | undefined {
  switch (decision.action) {
    case "fresh":
      return undefined;
    case "skip":
      return `Version ${version} was already built by an earlier run (jobs ` +
        `${decision.jobIds.join(", ")}): nothing is uploaded and no build is started. ` +
        "Give --rebuild to build it again.";
    case "wait":
      return `An earlier run started the build of version ${version} (jobs ` +
        `${decision.jobIds.join(", ")}); waiting for those jobs instead of starting another.`;
    case "build": {
      const what = decision.upload.length > 0
        ? `uploading ${decision.upload.join(", ")}`
        : "the server has the files";
      return `Building version ${version} again: ${decision.reason}; ${what}.`;
    }
  }
}
