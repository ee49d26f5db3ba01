/** Writing the config file: keys set or removed under a lock, the file replaced whole. */
import { basename, dirname, flavorOf, join } from "../path.ts";
import {
  type ConfigKey,
  type ConfigValues,
  encodeConfigText,
  knownValues,
  loadToml,
  readConfigText,
  regularFile,
  unusable,
} from "./file.ts";
import { ConfigFileError } from "../errors.ts";

const isWindows = Deno.build.os === "windows";
const flavor = flavorOf(Deno.build.os);

/** What a write changed: the values before and after, for messages. */
export interface ConfigUpdate {
  path: string;
  before: ConfigValues;
  after: ConfigValues;
}

/**
 * Sets (string) or removes (null) keys of the config file. The
 * read-modify-write runs under an exclusive lock on `<file>.lock` (removed
 * again when the write is done or has failed), and the
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
  const lockPath = `${target}.lock`;
  const lock = await takeLock(lockPath);
  try {
    const current = regularFile(target) === null
      ? { text: "", bom: false }
      : readConfigText(target, path);
    const { text } = current;
    const { editTopLevelKey, parseConfigText, safeParse, sameData, stringify } = await loadToml();
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
    // Removed while still held, so no writer can take a lock on a file that is gone.
    await Deno.remove(lockPath).catch(() => {});
    lock.close();
  }
}

/**
 * An exclusive lock on `lockPath`, created when missing. The holder removes
 * the file before letting go, so a writer that was waiting may wake up
 * holding a file no longer there (or replaced by a new one): it checks that
 * the name still leads to the file it locked, and tries again if not.
 */
async function takeLock(lockPath: string): Promise<Deno.FsFile> {
  for (;;) {
    let lock: Deno.FsFile;
    try {
      lock = await Deno.open(lockPath, { create: true, write: true, mode: 0o600 });
    } catch (error) {
      throw unusable(lockPath, error, "create the lock file");
    }
    try {
      await lock.lock(true);
      const held = await lock.stat();
      const named = await Deno.stat(lockPath).catch(() => null);
      if (named !== null && named.ino === held.ino && named.dev === held.dev) return lock;
    } catch (error) {
      lock.close();
      throw unusable(lockPath, error, "lock the config file");
    }
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
