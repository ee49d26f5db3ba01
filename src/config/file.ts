import { basename, dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse, stringify, TomlError } from "smol-toml";
import { ConfigFileError } from "../errors.ts";

/** The keys this CLI reads and writes. Any other key in the file is kept as it is. */
export type ConfigKey = "api_token" | "base_url";
export const CONFIG_KEYS: readonly ConfigKey[] = ["api_token", "base_url"];

/** The known values of a config file; absent keys are undefined. */
export type ConfigValues = Partial<Record<ConfigKey, string>>;

export interface ConfigFile {
  path: string;
  exists: boolean;
  values: ConfigValues;
  /** Set when group or others may read the file (POSIX only): the file's mode bits. */
  insecureMode?: number;
}

const isWindows = Deno.build.os === "windows";

/**
 * Reads and checks the config file. A missing file is an empty config; a
 * malformed one is an error naming the path, the line and the fix. Never
 * writes anything, so it works on read-only file systems.
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { path, exists: false, values: {} };
    throw unusable(path, error);
  }
  const values = knownValues(parseConfigText(text, path), path);
  let insecureMode: number | undefined;
  if (!isWindows) {
    const mode = (await Deno.stat(path)).mode;
    if (mode !== null && (mode & 0o077) !== 0) insecureMode = mode & 0o777;
  }
  return { path, exists: true, values, insecureMode };
}

/** Parses config text, turning TOML errors into one line with the file, line and column. */
export function parseConfigText(text: string, path: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
    throw new ConfigFileError(
      `Config file ${path} is not valid TOML: line ${error.line}, column ${error.column}: ` +
        `${reason}. Fix that line (or delete the file and set the values again); ` +
        `the file was left unchanged.`,
    );
  }
}

/** Picks the keys the CLI knows, checking their types. */
export function knownValues(data: Record<string, unknown>, path: string): ConfigValues {
  const values: ConfigValues = {};
  for (const key of CONFIG_KEYS) {
    const value = data[key];
    if (value === undefined) continue;
    if (typeof value !== "string") {
      throw new ConfigFileError(
        `Config file ${path}: '${key}' must be a string in quotes, like ${key} = "...". ` +
          `Fix that line; the file was left unchanged.`,
      );
    }
    values[key] = value;
  }
  return values;
}

/** What a write changed: the values before and after, for messages. */
export interface ConfigUpdate {
  path: string;
  before: ConfigValues;
  after: ConfigValues;
}

/**
 * Sets (string) or removes (null) keys of the config file. The
 * read-modify-write runs under an exclusive lock on `<file>.lock`, and the
 * new content replaces the file by rename, so concurrent writers never lose
 * each other's keys and a crash never leaves half a file. Unknown keys and,
 * where possible, comments and layout are kept. A malformed file is never
 * overwritten. The file ends up 0600 and a directory created here 0700.
 */
export async function updateConfigFile(
  path: string,
  changes: Partial<Record<ConfigKey, string | null>>,
): Promise<ConfigUpdate> {
  const target = await followSymlink(path);
  const dir = dirname(target);
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unusable(dir, error, "create the config directory");
  }
  let lock: Deno.FsFile;
  try {
    lock = await Deno.open(`${target}.lock`, { create: true, write: true, mode: 0o600 });
  } catch (error) {
    throw unusable(`${target}.lock`, error, "create the lock file");
  }
  try {
    await lock.lock(true);
    let text = "";
    try {
      text = await Deno.readTextFile(target);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw unusable(target, error);
    }
    const data = parseConfigText(text, path);
    const before = knownValues(data, path);
    // Same (null) prototype as parsed TOML, so the check below compares like with like.
    const expected: Record<string, unknown> = Object.assign(Object.create(null), data);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) delete expected[key];
      else if (value !== undefined) expected[key] = value;
    }
    let next = text;
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) next = editTopLevelKey(next, key, value);
    }
    // The line edit keeps comments; if it ever produced something else than
    // intended (say, a multi-line string), write the data out plainly instead.
    if (!isDeepStrictEqual(safeParse(next), expected)) next = stringify(expected) + "\n";
    await writeAtomically(target, next);
    return { path, before, after: knownValues(expected, path) };
  } finally {
    lock.close();
  }
}

function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Sets or removes one top-level `key = value` line of TOML text, keeping
 * every other line. New keys go at the end of the top-level section, before
 * the first table.
 */
export function editTopLevelKey(text: string, key: string, value: string | null): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const firstTable = lines.findIndex((line) => /^\s*\[/.test(line));
  const topEnd = firstTable === -1 ? lines.length : firstTable;
  const keyLine = new RegExp(`^\\s*(?:${key}|"${key}"|'${key}')\\s*=`);
  const index = lines.slice(0, topEnd).findIndex((line) => keyLine.test(line));
  const replacement = value === null ? [] : [stringify({ [key]: value }).trim()];
  if (index !== -1) {
    lines.splice(index, 1, ...replacement);
  } else if (value !== null) {
    let at = topEnd;
    while (at > 0 && lines[at - 1].trim() === "") at--;
    lines.splice(at, 0, ...replacement);
  }
  return lines.length === 0 ? "" : lines.join(eol) + eol;
}

async function writeAtomically(target: string, content: string): Promise<void> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const temp = join(dirname(target), `.${basename(target)}.${suffix}.tmp`);
  try {
    const file = await Deno.open(temp, { createNew: true, write: true, mode: 0o600 });
    try {
      const bytes = new TextEncoder().encode(content);
      for (let written = 0; written < bytes.length;) {
        written += await file.write(bytes.subarray(written));
      }
      await file.sync();
    } finally {
      file.close();
    }
    if (!isWindows) await Deno.chmod(temp, 0o600);
    await Deno.rename(temp, target);
  } catch (error) {
    await Deno.remove(temp).catch(() => {});
    throw unusable(target, error, "write the config file");
  }
}

/** A config file that is a symlink (dotfile managers) is updated where it points. */
async function followSymlink(path: string): Promise<string> {
  try {
    if ((await Deno.lstat(path)).isSymlink) return await Deno.realPath(path);
  } catch {
    // Missing or dangling: write at the given path.
  }
  return path;
}

function unusable(path: string, error: unknown, action = "read the config file"): ConfigFileError {
  const reason = error instanceof Deno.errors.PermissionDenied
    ? "permission denied"
    : error instanceof Deno.errors.NotFound
    ? "no such file or directory"
    : error instanceof Deno.errors.IsADirectory
    ? "it is a directory"
    : error instanceof Error
    ? error.message
    : String(error);
  return new ConfigFileError(`Cannot ${action} ${path}: ${reason}.`, { cause: error });
}
