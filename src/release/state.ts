/**
 * The release state: what `build` and `publish` started, kept by the CLI so
 * that a re-run resumes it instead of building the same version again. One
 * JSON file (a format name and version, then one record per server,
 * package, version and targets), written atomically after each step. It
 * never holds the token, and it is never trusted without the server's answer.
 */
import { dirname, flavorOf } from "../path.ts";
import type { OsName } from "../settings/paths.ts";

export const STATE_FORMAT = "distropack-release-state";
export const STATE_VERSION = 1;
/** Records kept: the most recently written; older ones are dropped. */
const MAX_RECORDS = 200;

/** A file as it was sent into a slot: the digest of the bytes streamed, and their count. */
export interface FileDigest {
  sha256: string;
  bytes: number;
}

/** What one run started for one (server, package, version, targets). */
export interface ReleaseRecord {
  server: string;
  package_id: string;
  version: string;
  /** The target built, or "all" for all enabled targets. */
  targets: string;
  /** The jobs of the last build started; empty when files were sent since and none is started. */
  job_ids: string[];
  /** Each slot's file as last sent. */
  files: Record<string, FileDigest>;
  /** When the record was last written (ISO 8601). */
  updated_at: string;
}

export interface StateFile {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  records: Record<string, ReleaseRecord>;
}

/** What a record is about. */
export interface RecordSubject {
  server: string;
  packageId: string;
  version: string;
  target: string | undefined;
}

/** The key of a subject's record: the server (its base URL), package, version and targets. */
export function recordKey(subject: RecordSubject): string {
  const server = subject.server.replace(/\/+$/, "");
  return [server, subject.packageId, subject.version, subject.target ?? "all"].join(" ");
}

export function emptyState(): StateFile {
  return { format: STATE_FORMAT, version: STATE_VERSION, records: {} };
}

/** A state file read: its content, or why it was not usable (a note; never an error). */
export type LoadedState = { state: StateFile; note?: string; missing?: true };

/**
 * Reads the state file. A missing file is a first run (no note); an
 * unreadable, corrupt or foreign one is a fresh state with a note, and is
 * replaced when the run records its first step.
 */
export async function loadState(path: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { state: emptyState(), missing: true };
    const reason = error instanceof Error ? error.message : String(error);
    return { state: emptyState(), note: `cannot be read (${reason})` };
  }
  const state = parseState(text);
  if (typeof state === "string") return { state: emptyState(), note: state };
  return { state };
}

/** The state in a file's text, or what is wrong with it. */
export function parseState(text: string): StateFile | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "is not valid JSON (corrupt?)";
  }
  const file = data as Partial<StateFile> | null;
  if (typeof file !== "object" || file === null || file.format !== STATE_FORMAT) {
    return `is not a ${STATE_FORMAT} file`;
  }
  if (file.version !== STATE_VERSION) {
    return `has format version ${JSON.stringify(file.version)}, not ${STATE_VERSION} ` +
      "(written by another release of the CLI)";
  }
  if (typeof file.records !== "object" || file.records === null) return "has no records";
  const records: Record<string, ReleaseRecord> = {};
  for (const [key, record] of Object.entries(file.records)) {
    if (isRecord(record)) records[key] = record;
  }
  return { format: STATE_FORMAT, version: STATE_VERSION, records };
}

function isRecord(value: unknown): value is ReleaseRecord {
  const record = value as Partial<ReleaseRecord> | null;
  if (typeof record !== "object" || record === null) return false;
  const strings = [record.server, record.package_id, record.version, record.targets];
  if (!strings.every((s) => typeof s === "string")) return false;
  if (!Array.isArray(record.job_ids) || !record.job_ids.every((id) => typeof id === "string")) {
    return false;
  }
  if (typeof record.files !== "object" || record.files === null) return false;
  return Object.values(record.files).every((file) =>
    typeof file?.sha256 === "string" && /^[0-9a-f]{64}$/.test(file.sha256) &&
    Number.isSafeInteger(file.bytes)
  );
}

/** The state with `record` written under its key, the oldest records dropped past the limit. */
export function withRecord(state: StateFile, key: string, record: ReleaseRecord): StateFile {
  const others = Object.entries(state.records).filter(([k]) => k !== key)
    .sort(([, a], [, b]) => a.updated_at.localeCompare(b.updated_at))
    .slice(-(MAX_RECORDS - 1));
  return { ...state, records: Object.fromEntries([...others, [key, record]]) };
}

/**
 * Writes the state atomically: a temporary file beside it (owner-only),
 * then a rename over it, so a run killed mid-write leaves the old state or
 * the new one, never half of one.
 */
export async function saveState(path: string, state: StateFile, os: OsName): Promise<void> {
  const dir = dirname(path, flavorOf(os));
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await Deno.rename(temp, path);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
}
