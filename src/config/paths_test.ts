import assert from "node:assert/strict";
import { envFromRecord } from "./env.ts";
import { configLocation } from "./paths.ts";

const at = (os: typeof Deno.build.os, env: Record<string, string>, flagPath?: string) =>
  configLocation({ os, env: envFromRecord(env), flagPath, cwd: os === "windows" ? "C:\\w" : "/w" });

Deno.test("config path on Linux is ~/.config/distropack/config.toml", () => {
  assert.deepEqual(at("linux", { HOME: "/home/ann" }), {
    path: "/home/ann/.config/distropack/config.toml",
    source: "home",
  });
});

Deno.test("config path on macOS is ~/.config too, as the user guide says", () => {
  assert.equal(
    at("darwin", { HOME: "/Users/ann" }).path,
    "/Users/ann/.config/distropack/config.toml",
  );
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

Deno.test("config path follows an absolute XDG_CONFIG_HOME on Linux and macOS", () => {
  for (const os of ["linux", "darwin"] as const) {
    assert.deepEqual(at(os, { HOME: "/home/ann", XDG_CONFIG_HOME: "/cfg" }), {
      path: "/cfg/distropack/config.toml",
      source: "xdg",
    });
  }
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
