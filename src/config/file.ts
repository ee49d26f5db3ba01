import { ConfigFileError } from "../errors.ts";
import { basename, dirname, flavorOf, join } from "../path.ts";
import { type ConfigText, decodeConfigText, encodeConfigText } from "./text.ts";

/** The TOML side (smol-toml), loaded only when there is a file to parse or write. */
const toml = () => import("./toml_edit.ts");

/** The keys this CLI reads and writes. Any other key in the file is kept as it is. */
export type ConfigKey = "api_token" | "base_url";
export const CONFIG_KEYS: readonly ConfigKey[] = ["api_token", "base_url"];

/** The known values of a config file; absent keys are undefined. */
export type ConfigValues = Partial<Record<ConfigKey, string>>;

export interface ConfigFile {
  path: string;
  /** The file read: the target of `path` when that is a symlink, else `path`. */
  target: string;
  exists: boolean;
  values: ConfigValues;
  /** Set when group or others may read the file (POSIX only): the file's mode bits. */
  insecureMode?: number;
  /** The path is the null device (/dev/null, or a link to it): no saved settings. */
  nullDevice?: boolean;
}

const isWindows = Deno.build.os === "windows";
const flavor = flavorOf(Deno.build.os);

/**
 * Reads and checks the config file. A missing file is an empty config; a
 * malformed one, one that is not UTF-8 or not a regular file is an error
 * naming the path and the fix. Never writes anything, so it works on
 * read-only file systems.
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  const found = regularFile(path);
  if (found === null) return { path, target: path, exists: false, values: {} };
  // As git, pip and ssh read it: /dev/null is a config with nothing in it.
  if (found.nullDevice) {
    return { path, target: found.target, exists: false, values: {}, nullDevice: true };
  }
  const { text } = readConfigText(found.target, path);
  const { parseConfigText } = await toml();
  const values = knownValues(parseConfigText(text, path), path);
  const mode = isWindows ? null : found.info.mode;
  const insecureMode = mode !== null && (mode & 0o077) !== 0 ? mode & 0o777 : undefined;
  return { path, target: found.target, exists: true, values, insecureMode };
}

/**
 * The warning for a config file that other users can read, naming the real
 * file (a symlink's target: `chmod` follows links, so that is what changes).
 */
export function insecureModeWarning(file: ConfigFile): string | undefined {
  if (file.insecureMode === undefined) return undefined;
  const mode = file.insecureMode.toString(8).padStart(4, "0");
  return `${file.target} can be read by other users (mode ${mode}). ` +
    `Fix it with: chmod 600 ${shellQuote(file.target)}`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
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
  // Checked before anything is created beside it (a lock next to /dev/null, say).
  // A missing file, or a dangling symlink, is written at the given path.
  const found = regularFile(path);
  if (found?.nullDevice) {
    const what = found.target === path ? "" : ", a link to /dev/null,";
    throw new ConfigFileError(
      `Config file ${path}${what} keeps no settings, so nothing was saved. Point --config ` +
        `(or DISTROPACK_CONFIG) at a regular file to save settings; /dev/null was left alone.`,
    );
  }
  const target = found?.target ?? path;
  const dir = dirname(target, flavor);
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
    const current = regularFile(target) === null
      ? { text: "", bom: false }
      : readConfigText(target, path);
    const { text } = current;
    const { editTopLevelKey, parseConfigText, safeParse, sameData, stringify } = await toml();
    const data = parseConfigText(text, path);
    const before = knownValues(data, path);
    // A null prototype, like parsed TOML, so a `__proto__` key stays a plain key.
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
    if (!sameData(safeParse(next), expected)) next = stringify(expected) + "\n";
    await writeAtomically(target, encodeConfigText({ text: next, bom: current.bom }));
    return { path, before, after: knownValues(expected, path) };
  } finally {
    lock.close();
  }
}

async function writeAtomically(target: string, bytes: Uint8Array): Promise<void> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const dir = dirname(target, flavor);
  const temp = join(flavor, dir, `.${basename(target, flavor)}.${suffix}.tmp`);
  try {
    const file = await Deno.open(temp, { createNew: true, write: true, mode: 0o600 });
    try {
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

/**
 * The regular file a config path names, after symlinks (dotfile managers
 * link it), or null when there is none; the null device is returned as
 * such (no saved settings). Anything else (a directory, a FIFO, another
 * device) is refused before it is opened, as opening a FIFO blocks and
 * writing would replace the link.
 */
// The config file is small and read once: synchronous calls spare start-up the
// runtime's thread pool, which the first asynchronous file call would start.
function regularFile(
  path: string,
): { target: string; info: Deno.FileInfo; nullDevice?: true } | null {
  let target = path;
  let info: Deno.FileInfo;
  try {
    if (Deno.lstatSync(path).isSymlink) target = Deno.realPathSync(path);
    info = Deno.statSync(target);
  } catch (error) {
    // Missing, or a symlink to nothing.
    if (error instanceof Deno.errors.NotFound) return null;
    throw unusable(path, error);
  }
  if (info.isFile) return { target, info };
  if (isNullDevice(info)) return { target, info, nullDevice: true };
  const kind = info.isDirectory
    ? "a directory"
    : info.isFifo
    ? "a named pipe (FIFO)"
    : info.isCharDevice
    ? "a character device"
    : info.isBlockDevice
    ? "a block device"
    : info.isSocket
    ? "a socket"
    : "a special file";
  const what = target === path ? kind : `a symlink to ${target}, which is ${kind}`;
  throw new ConfigFileError(
    `Config file ${path} is ${what}, not a regular file. Point --config (or DISTROPACK_CONFIG) ` +
      `at a regular file, or remove it; it was left unchanged.`,
  );
}

/** Whether `info` is the null device, under whatever name or link it was reached. */
function isNullDevice(info: Deno.FileInfo): boolean {
  if (isWindows || !info.isCharDevice || info.rdev === null) return false;
  try {
    return Deno.statSync("/dev/null").rdev === info.rdev;
  } catch {
    return false;
  }
}

/** Reads and decodes a regular config file; `shown` is the path for messages. */
function readConfigText(target: string, shown: string): ConfigText {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(target);
  } catch (error) {
    throw unusable(shown, error);
  }
  return decodeConfigText(bytes, shown);
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
