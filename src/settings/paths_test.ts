import assert from "node:assert/strict";
import { envFromRecord } from "./env.ts";
import { configLocation, locationNotes, noLocationHint } from "./paths.ts";

/** The location for this OS and environment, with the files in `existing` there. */
const locate = (
  os: typeof Deno.build.os,
  env: Record<string, string>,
  { flagPath, existing = [] }: { flagPath?: string; existing?: string[] } = {},
) =>
  configLocation({
    os,
    env: envFromRecord(env),
    flagPath,
    cwd: os === "windows" ? "C:\\w" : "/w",
    exists: (path) => existing.includes(path),
  });

const at = (os: typeof Deno.build.os, env: Record<string, string>, flagPath?: string) => {
  const { path, source } = locate(os, env, { flagPath });
  return { path, source };
};

Deno.test("config path on Linux is ~/.config/distropack/config.toml", () => {
  assert.deepEqual(at("linux", { HOME: "/home/ann" }), {
    path: "/home/ann/.config/distropack/config.toml",
    source: "home",
  });
});

const SUPPORT = "/Users/ann/Library/Application Support/distropack/config.toml";
const DOT_CONFIG = "/Users/ann/.config/distropack/config.toml";

Deno.test("config path on macOS is in Application Support, where the official client keeps it", () => {
  for (const existing of [[], [SUPPORT]]) {
    assert.deepEqual(locate("darwin", { HOME: "/Users/ann" }, { existing }), {
      path: SUPPORT,
      source: "application-support",
      why: "macOS default, where the official client keeps it",
      unused: undefined,
      relative: [],
    });
  }
});

Deno.test("config path on macOS is ~/.config when only that file exists, as earlier versions wrote it", () => {
  const location = locate("darwin", { HOME: "/Users/ann" }, { existing: [DOT_CONFIG] });
  assert.equal(location.path, DOT_CONFIG);
  assert.equal(location.source, "home");
  assert.match(location.why, /none in ~\/Library\/Application Support/);
  const xdg = locate("darwin", { HOME: "/Users/ann", XDG_CONFIG_HOME: "/cfg" }, {
    existing: ["/cfg/distropack/config.toml", DOT_CONFIG],
  });
  assert.equal(xdg.path, "/cfg/distropack/config.toml");
  assert.equal(xdg.source, "xdg");
});

Deno.test("config path on macOS with both files reads Application Support and names the other", () => {
  const location = locate("darwin", { HOME: "/Users/ann" }, { existing: [SUPPORT, DOT_CONFIG] });
  assert.equal(location.path, SUPPORT);
  assert.equal(location.unused, DOT_CONFIG);
  assert.deepEqual(locationNotes(location), [
    `Note: ${DOT_CONFIG} exists too, but only ${SUPPORT} is read (macOS default, where the ` +
    `official client keeps it). Move what you need into it and delete the other.`,
  ]);
});

Deno.test("config path on macOS: DISTROPACK_CONFIG and --config still come first", () => {
  const existing = [SUPPORT, DOT_CONFIG];
  const env = { HOME: "/Users/ann", DISTROPACK_CONFIG: "/etc/dp.toml" };
  assert.equal(locate("darwin", env, { existing }).path, "/etc/dp.toml");
  assert.equal(locate("darwin", env, { existing, flagPath: "f.toml" }).path, "/w/f.toml");
  assert.equal(locate("darwin", env, { existing }).unused, undefined);
});

Deno.test("only macOS looks at which files exist", () => {
  for (const os of ["linux", "windows", "freebsd"] as const) {
    configLocation({
      os,
      env: envFromRecord({ HOME: "/home/ann", APPDATA: "C:\\A" }),
      cwd: "/w",
      exists: () => assert.fail(`${os} asked whether a file exists`),
    });
  }
});

Deno.test("a relative HOME is named as such, with what to do", () => {
  const location = locate("linux", { HOME: "rel" });
  assert.equal(location.path, null);
  assert.equal(
    noLocationHint(location, "linux"),
    "HOME ('rel') is a relative path, so there is no default config file. Set HOME to an " +
      "absolute path (such as /home/you), or pass --config PATH (or DISTROPACK_CONFIG).",
  );
  assert.match(
    noLocationHint(locate("windows", { APPDATA: "AppData" }), "windows"),
    /^APPDATA \('AppData'\) is a relative path, .*Set APPDATA to an absolute path/,
  );
  assert.match(
    noLocationHint(locate("darwin", {}), "darwin"),
    /^HOME \(or XDG_CONFIG_HOME\) is not set, so there is no default config file/,
  );
});

Deno.test("a relative XDG_CONFIG_HOME is ignored, and a note says so", () => {
  const location = locate("linux", { HOME: "/home/ann", XDG_CONFIG_HOME: "cfg" });
  assert.equal(location.path, "/home/ann/.config/distropack/config.toml");
  assert.deepEqual(locationNotes(location), [
    "Note: XDG_CONFIG_HOME ('cfg') is not an absolute path, so it is ignored, as the XDG spec " +
    "says. Set it to an absolute path to use it.",
  ]);
  assert.deepEqual(locationNotes(locate("linux", { HOME: "/home/ann" })), []);
});

Deno.test("config path on Windows is %APPDATA%\\distropack\\config.toml", () => {
  assert.deepEqual(at("windows", { APPDATA: "C:\\Users\\ann\\AppData\\Roaming", HOME: "/x" }), {
    path: "C:\\Users\\ann\\AppData\\Roaming\\distropack\\config.toml",
    source: "appdata",
  });
});

Deno.test("config path on Windows falls back to USERPROFILE when APPDATA is unset", () => {
  assert.equal(
    at("windows", { USERPROFILE: "C:\\Users\\ann" }).path,
    "C:\\Users\\ann\\AppData\\Roaming\\distropack\\config.toml",
  );
});

Deno.test("config path follows an absolute XDG_CONFIG_HOME on Linux, and on macOS where a file is", () => {
  const env = { HOME: "/home/ann", XDG_CONFIG_HOME: "/cfg" };
  const expected = { path: "/cfg/distropack/config.toml", source: "xdg" };
  assert.deepEqual(at("linux", env), expected);
  const mac = locate("darwin", env, { existing: [expected.path] });
  assert.deepEqual({ path: mac.path, source: mac.source }, expected);
  // Without HOME, macOS has no Application Support to look in.
  assert.deepEqual(at("darwin", { XDG_CONFIG_HOME: "/cfg" }), expected);
});

Deno.test("config path ignores a relative or blank XDG_CONFIG_HOME, as the XDG spec says", () => {
  assert.equal(
    at("linux", { HOME: "/home/ann", XDG_CONFIG_HOME: "rel/cfg" }).path,
    "/home/ann/.config/distropack/config.toml",
  );
  assert.equal(
    at("linux", { HOME: "/home/ann", XDG_CONFIG_HOME: "  " }).path,
    "/home/ann/.config/distropack/config.toml",
  );
});

Deno.test("config path is null without HOME (or APPDATA on Windows)", () => {
  assert.deepEqual(at("linux", {}), { path: null, source: "none" });
  assert.deepEqual(at("darwin", { HOME: "" }), { path: null, source: "none" });
  assert.deepEqual(at("windows", { HOME: "C:\\x" }), { path: null, source: "none" });
});

Deno.test("--config beats DISTROPACK_CONFIG, which beats the default, and both resolve against cwd", () => {
  const env = { HOME: "/home/ann", DISTROPACK_CONFIG: "env.toml" };
  assert.deepEqual(at("linux", env, "flag.toml"), { path: "/w/flag.toml", source: "flag" });
  assert.deepEqual(at("linux", env), { path: "/w/env.toml", source: "env" });
  assert.deepEqual(at("windows", {}, "c.toml"), { path: "C:\\w\\c.toml", source: "flag" });
  assert.deepEqual(at("linux", {}, "/abs/c.toml"), { path: "/abs/c.toml", source: "flag" });
});
