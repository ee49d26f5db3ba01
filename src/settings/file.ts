/** Reading the config file: where it leads, its text and the values the CLI knows. */
import { ConfigFileError } from "../errors.ts";
import { shellQuote } from "../text/shell.ts";

// smol-toml is a package: a run with no config file to parse or write never loads it.
export const loadToml = () => import("./toml_edit.ts");

/** The keys this CLI reads and writes. Any other key in the file is kept as it is. */
export type ConfigKey = "api_token" | "base_url";
const CONFIG_KEYS: readonly ConfigKey[] = ["api_token", "base_url"];

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

/**
 * Reads and checks the config file. A missing file is an empty config; a
 * malformed one, one that is not UTF-8 or not a regular file is an error
 * naming the path and the fix. Never writes anything, so it works on
 * read-only file systems; writing is `updateConfigFile`'s (./update.ts).
 */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  const found = regularFile(path);
  if (found === null) return { path, target: path, exists: false, values: {} };
  // As git, pip and ssh read it: /dev/null is a config with nothing in it.
  if (found.nullDevice) {
    return { path, target: found.target, exists: false, values: {}, nullDevice: true };
  }
  const { text } = readConfigText(found.target, path);
  const { parseConfigText } = await loadToml();
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

/**
 * The regular file a config path names, after symlinks (dotfile managers
 * link it), or null when there is none; the null device is returned as
 * such (no saved settings). Anything else (a directory, a FIFO, another
 * device) is refused before it is opened, as opening a FIFO blocks and
 * writing would replace the link.
 */
// The config file is small and read once: synchronous calls spare start-up the
// runtime's thread pool, which the first asynchronous file call would start.
export function regularFile(
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
export function readConfigText(target: string, shown: string): ConfigText {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(target);
  } catch (error) {
    throw unusable(shown, error);
  }
  return decodeConfigText(bytes, shown);
}

/** The error for a config path the CLI cannot use, with the reason. */
export function unusable(
  path: string,
  error: unknown,
  action = "read the config file",
): ConfigFileError {
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

/** The text of a config file, and whether it began with a UTF-8 byte order mark. */
export interface ConfigText {
  text: string;
  /** Kept, so a file saved by an editor that writes one is written back the same way. */
  bom: boolean;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes a config file's bytes as UTF-8. Invalid UTF-8 is refused with the
 * offset (and line) of the first bad byte rather than read with U+FFFD in
 * its place, which the next write would save and so corrupt the file.
 */
export function decodeConfigText(bytes: Uint8Array, path: string): ConfigText {
  const bom = BOM.every((byte, i) => bytes[i] === byte);
  try {
    // The decoder drops a leading BOM itself.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), bom };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const byte = bytes[offset].toString(16).padStart(2, "0").toUpperCase();
    throw new ConfigFileError(
      `Config file ${path} is not valid UTF-8: bad byte 0x${byte} at offset ${offset} ` +
        `(line ${line}). ` +
        `Save it as UTF-8 (or delete it and set the values again); the file was left unchanged.`,
    );
  }
}

/** Encodes config text for writing, with the byte order mark it was read with. */
export function encodeConfigText({ text, bom }: ConfigText): Uint8Array {
  return new TextEncoder().encode(bom ? `\ufeff${text}` : text);
}

/**
 * The offset of the first byte of UTF-8 that is ill-formed (a stray byte, or
 * the start of a cut-short or invalid sequence), or -1 when all is valid. The
 * platform's decoder judges each byte, so the rules (overlong forms,
 * surrogates, code points past U+10FFFF) are exactly those of `decode`.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let sequenceStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      // Output means the sequence ended at this byte; none means it goes on.
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true }) !== "") sequenceStart = i + 1;
    } catch {
      // A byte that cannot continue a sequence but could start one fails only its predecessor.
      return sequenceStart < i ? sequenceStart : i;
    }
  }
  try {
    decoder.decode();
  } catch {
    return sequenceStart;
  }
  return -1;
}
