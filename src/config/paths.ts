import { type Env, ENV_VARS, nonBlank } from "./env.ts";
import { flavorOf, isAbsolute, join, resolve } from "../path.ts";

export type OsName = typeof Deno.build.os;

/** Where the config file is, and why; `path` is null when nothing says where. */
export interface ConfigLocation {
  path: string | null;
  /** How the path was chosen, for `config show` and error messages. */
  source: "flag" | "env" | "appdata" | "userprofile" | "xdg" | "home" | "none";
}

const DIR_NAME = "distropack";
const FILE_NAME = "config.toml";

/**
 * The config file's location, as a pure function of the OS, the environment,
 * an explicit `--config` value and the working directory (for relative
 * paths). Nothing here touches the file system.
 */
export function configLocation(
  { os, env, flagPath, cwd }: { os: OsName; env: Env; flagPath?: string; cwd: string },
): ConfigLocation {
  if (flagPath !== undefined && flagPath.trim() !== "") {
    return { path: resolve(cwd, flagPath, flavorOf(os)), source: "flag" };
  }
  const fromEnv = nonBlank(env, ENV_VARS.configPath);
  if (fromEnv) return { path: resolve(cwd, fromEnv, flavorOf(os)), source: "env" };

  if (os === "windows") {
    const appData = nonBlank(env, ENV_VARS.appData);
    if (appData && isAbsolute(appData, "win32")) {
      return { path: join("win32", appData, DIR_NAME, FILE_NAME), source: "appdata" };
    }
    const profile = nonBlank(env, ENV_VARS.userProfile);
    if (profile && isAbsolute(profile, "win32")) {
      return {
        path: join("win32", profile, "AppData", "Roaming", DIR_NAME, FILE_NAME),
        source: "userprofile",
      };
    }
    return { path: null, source: "none" };
  }

  // The XDG spec says relative values are invalid and must be ignored.
  const xdg = nonBlank(env, ENV_VARS.xdgConfigHome);
  if (xdg && isAbsolute(xdg, "posix")) {
    return { path: join("posix", xdg, DIR_NAME, FILE_NAME), source: "xdg" };
  }
  const home = nonBlank(env, ENV_VARS.home);
  if (home && isAbsolute(home, "posix")) {
    return { path: join("posix", home, ".config", DIR_NAME, FILE_NAME), source: "home" };
  }
  return { path: null, source: "none" };
}

/** What to tell a user whose environment gives no config location. */
export function noLocationHint(os: OsName): string {
  const vars = os === "windows" ? "APPDATA" : "HOME (or XDG_CONFIG_HOME)";
  return `${vars} is not set, so there is no default config file. ` +
    `Set it, or pass --config PATH (or DISTROPACK_CONFIG).`;
}
