/** Temporary directories that clean themselves up with `await using`. */

export interface TempDir extends AsyncDisposable {
  path: string;
}

export async function tempDir(prefix = "distropack-test-"): Promise<TempDir> {
  const path = await Deno.makeTempDir({ prefix });
  return {
    path,
    async [Symbol.asyncDispose]() {
      // Tests may leave read-only directories behind; make them removable first.
      await new Deno.Command("chmod", { args: ["-R", "u+rwx", path] }).output().catch(() => {});
      await Deno.remove(path, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * A temp HOME for one test, with the environment that points the CLI at it:
 * HOME (POSIX) and APPDATA (Windows).
 */
export async function tempHome(): Promise<TempDir & { env: Record<string, string> }> {
  const dir = await tempDir("distropack-home-");
  return {
    ...dir,
    env: { HOME: dir.path, APPDATA: dir.path, USERPROFILE: dir.path },
  };
}

/** Where the CLI keeps its config for a temp home made by `tempHome`, on `os`. */
export function defaultConfigPath(home: string, os: string = Deno.build.os): string {
  return os === "windows"
    ? `${home}\\distropack\\config.toml`
    : os === "darwin"
    ? `${home}/Library/Application Support/distropack/config.toml`
    : `${home}/.config/distropack/config.toml`;
}

/** The directory of the default config file of a temp home made by `tempHome`. */
export function defaultConfigDir(home: string): string {
  return defaultConfigPath(home).replace(/[\\/]config\.toml$/, "");
}

/** Writes a config file into a temp home made by `tempHome` (mode applies on POSIX). */
export async function writeConfig(home: string, text: string, mode = 0o600): Promise<string> {
  const path = defaultConfigPath(home);
  await Deno.mkdir(path.replace(/[\\/]config\.toml$/, ""), { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(path, text);
  if (Deno.build.os !== "windows") await Deno.chmod(path, mode);
  return path;
}

/** Writes `bytes` to the file `name` in `dir`; returns its path. */
export async function fileWith(dir: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = `${dir}/${name}`;
  await Deno.writeFile(path, bytes);
  return path;
}

/** Where the CLI keeps its release state by default for a temp home made by `tempHome`. */
export function stateFile(home: string, os: string = Deno.build.os): string {
  return os === "windows"
    ? `${home}\\AppData\\Local\\distropack\\release-state.json`
    : os === "darwin"
    ? `${home}/Library/Caches/distropack/release-state.json`
    : `${home}/.cache/distropack/release-state.json`;
}
