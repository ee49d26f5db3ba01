import { type Env, ENV_VARS, nonBlank } from "./env.ts";
import { flavorOf, isAbsolute, join, resolve } from "../path.ts";

export type OsName = typeof Deno.build.os;

/** The variables that may say where the default config file is. */
type LocationVariable =
  | typeof ENV_VARS.home
  | typeof ENV_VARS.xdgConfigHome
  | typeof ENV_VARS.appData
  | typeof ENV_VARS.userProfile;

/** Where the config file is, and why; `path` is null when nothing says where. */
export interface ConfigLocation {
  path: string | null;
  /** How the path was chosen, for `config show --json` and error messages. */
  source:
    | "flag"
    | "env"
    | "appdata"
    | "userprofile"
    | "application-support"
    | "xdg"
    | "home"
    | "none";
  /** Why this file, in a few words, for `config show` and `config path`. */
  why: string;
  /**
   * macOS: the config file in the other default place, which exists but is
   * not read (both clients' places hold one).
   */
  unused?: string;
  /** Location variables that are set but not to an absolute path, so not used. */
  relative: { variable: LocationVariable; value: string }[];
}

const DIR_NAME = "distropack";
const FILE_NAME = "config.toml";

/**
 * The config file's location, as a function of the OS, the environment, an
 * explicit `--config` value, the working directory (for relative paths) and,
 * on macOS only, which of the two default files exist (`exists`, never
 * called elsewhere).
 *
 * On Linux and Windows the default is where the official client (Rust's
 * `dirs::config_dir()`) keeps it: `$XDG_CONFIG_HOME` (when absolute) or
 * `~/.config`, and `%APPDATA%`. On macOS that is
 * `~/Library/Application Support`, while earlier versions of this CLI used
 * `~/.config` there too; so the file in Application Support is read when it
 * exists, else the one in `~/.config` (XDG_CONFIG_HOME honoured) when that
 * exists, and a new file goes to Application Support. When both exist, the
 * other one is named in `unused`.
 */
export function configLocation(
  { os, env, flagPath, cwd, exists }: {
    os: OsName;
    env: Env;
    flagPath?: string;
    cwd: string;
    exists: (path: string) => boolean;
  },
): ConfigLocation {
  const relative: ConfigLocation["relative"] = [];
  const absolute = (variable: LocationVariable, flavor: "posix" | "win32") => {
    const value = nonBlank(env, variable);
    if (value === undefined) return undefined;
    if (isAbsolute(value, flavor)) return value;
    relative.push({ variable, value });
    return undefined;
  };
  if (flagPath !== undefined && flagPath.trim() !== "") {
    const path = resolve(cwd, flagPath, flavorOf(os));
    return { path, source: "flag", why: "from --config", relative };
  }
  const fromEnv = nonBlank(env, ENV_VARS.configPath);
  if (fromEnv) {
    const path = resolve(cwd, fromEnv, flavorOf(os));
    return { path, source: "env", why: `from ${ENV_VARS.configPath}`, relative };
  }

  if (os === "windows") {
    const appData = absolute(ENV_VARS.appData, "win32");
    if (appData) {
      const path = join("win32", appData, DIR_NAME, FILE_NAME);
      return { path, source: "appdata", why: "default, in %APPDATA%", relative };
    }
    const profile = absolute(ENV_VARS.userProfile, "win32");
    if (profile) {
      return {
        path: join("win32", profile, "AppData", "Roaming", DIR_NAME, FILE_NAME),
        source: "userprofile",
        why: "default, in %USERPROFILE%\\AppData\\Roaming as APPDATA is not set",
        relative,
      };
    }
    return { path: null, source: "none", why: "no default", relative };
  }

  // The XDG spec says relative values are invalid and must be ignored; so does Rust's `dirs`.
  const xdg = absolute(ENV_VARS.xdgConfigHome, "posix");
  // HOME matters on macOS (Application Support) and where XDG_CONFIG_HOME does not say.
  const home = os === "darwin" || !xdg ? absolute(ENV_VARS.home, "posix") : undefined;
  const dotConfig: ConfigLocation | undefined = xdg
    ? {
      path: join("posix", xdg, DIR_NAME, FILE_NAME),
      source: "xdg",
      why: "default, in $XDG_CONFIG_HOME",
      relative,
    }
    : home
    ? {
      path: join("posix", home, ".config", DIR_NAME, FILE_NAME),
      source: "home",
      why: "default, in ~/.config",
      relative,
    }
    : undefined;
  if (os === "darwin" && home) {
    const support = join("posix", home, "Library", "Application Support", DIR_NAME, FILE_NAME);
    const found = dotConfig && exists(dotConfig.path!) ? dotConfig.path! : undefined;
    if (exists(support) || found === undefined) {
      return {
        path: support,
        source: "application-support",
        why: "macOS default, where the official client keeps it",
        unused: found,
        relative,
      };
    }
    return { ...dotConfig!, why: "found here; there is none in ~/Library/Application Support" };
  }
  return dotConfig ?? { path: null, source: "none", why: "no default", relative };
}

/** What to tell a user whose environment gives no config location. */
export function noLocationHint(location: ConfigLocation, os: OsName): string {
  const fix = "or pass --config PATH (or DISTROPACK_CONFIG).";
  const { relative } = location;
  if (relative.length > 0) {
    const named = relative.map(({ variable, value }) => `${variable} ('${value}')`).join(" and ");
    const [variable, example] = os === "windows"
      ? [ENV_VARS.appData, "C:\\Users\\you\\AppData\\Roaming"]
      : [ENV_VARS.home, "/home/you"];
    return `${named} ${relative.length > 1 ? "are relative paths" : "is a relative path"}, ` +
      `so there is no default config file. Set ${variable} to an absolute path ` +
      `(such as ${example}), ${fix}`;
  }
  const vars = os === "windows" ? "APPDATA" : "HOME (or XDG_CONFIG_HOME)";
  return `${vars} is not set, so there is no default config file. Set it, ${fix}`;
}

/**
 * Notes on how the location was chosen that a user may not expect: a
 * second config file that is not read, a relative variable left aside.
 */
export function locationNotes(location: ConfigLocation): string[] {
  const notes: string[] = [];
  if (location.unused !== undefined && location.path !== null) {
    notes.push(
      `Note: ${location.unused} exists too, but only ${location.path} is read ` +
        `(${location.why}). Move what you need into it and delete the other.`,
    );
  }
  // Without a location, noLocationHint names them instead.
  for (const { variable, value } of location.path === null ? [] : location.relative) {
    notes.push(
      variable === ENV_VARS.xdgConfigHome
        ? `Note: ${variable} ('${value}') is not an absolute path, so it is ignored, as the ` +
          `XDG spec says. Set it to an absolute path to use it.`
        : `Note: ${variable} ('${value}') is not an absolute path, so it is ignored.`,
    );
  }
  return notes;
}
