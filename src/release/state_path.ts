/**
 * Where the release state is kept: `--state FILE`, else DISTROPACK_STATE,
 * else the user's cache directory (never the working tree, so a release
 * leaves the repository clean).
 */
import { type Env, ENV_VARS, nonBlank } from "../settings/env.ts";
import type { OsName } from "../settings/paths.ts";
import { flavorOf, isAbsolute, join, resolve } from "../path.ts";

/** Where the state file is and why; `path` is null when nothing says where (no home). */
export interface StateLocation {
  path: string | null;
  /** In a few words, for `config show` and the notes. */
  why: string;
  /** Named by --state or DISTROPACK_STATE: a file is expected there (a CI's cache restored it). */
  given?: true;
}

const DIR_NAME = "distropack";
const FILE_NAME = "release-state.json";

/** The state file's location, from `--state`, DISTROPACK_STATE or the cache directory per OS. */
export function stateLocation(
  flag: string | undefined,
  { env, os, cwd }: { env: Env; os: OsName; cwd: string },
): StateLocation {
  const flavor = flavorOf(os);
  if (flag !== undefined && flag.trim() !== "") {
    return { path: resolve(cwd, flag, flavor), why: "from --state", given: true };
  }
  const fromEnv = nonBlank(env, ENV_VARS.statePath);
  if (fromEnv) {
    return { path: resolve(cwd, fromEnv, flavor), why: "from DISTROPACK_STATE", given: true };
  }
  const absolute = (name: Parameters<Env>[0]) => {
    const value = nonBlank(env, name);
    return value && isAbsolute(value, flavor) ? value : undefined;
  };
  const inside = (dir: string, why: string) => ({
    path: join(flavor, dir, DIR_NAME, FILE_NAME),
    why,
  });
  if (os === "windows") {
    const local = absolute(ENV_VARS.localAppData);
    if (local) return inside(local, "default, in %LOCALAPPDATA%");
    const profile = absolute(ENV_VARS.userProfile);
    if (profile) {
      return inside(join(flavor, profile, "AppData", "Local"), "default, in %USERPROFILE%");
    }
    return { path: null, why: "no absolute LOCALAPPDATA or USERPROFILE says where" };
  }
  const home = absolute(ENV_VARS.home);
  if (os === "darwin") {
    if (home) {
      return inside(join(flavor, home, "Library", "Caches"), "default, in ~/Library/Caches");
    }
    return { path: null, why: "no absolute HOME says where" };
  }
  const xdg = absolute(ENV_VARS.xdgCacheHome);
  if (xdg) return inside(xdg, "default, in $XDG_CACHE_HOME");
  if (home) return inside(join(flavor, home, ".cache"), "default, in ~/.cache");
  return { path: null, why: "no absolute XDG_CACHE_HOME or HOME says where" };
}
