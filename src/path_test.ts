import assert from "node:assert/strict";
// Only as the reference the functions under test must agree with.
import { posix, win32 } from "node:path";
import { basename, dirname, flavorOf, isAbsolute, join, resolve } from "./path.ts";

const reference = { posix, win32 };

const POSIX_PATHS = [
  "config.toml",
  "a/b/config.toml",
  "./a/./b//c.toml",
  "../up.toml",
  "a/../../b.toml",
  "/abs/c.toml",
  "/abs/../c.toml",
  "/a/b/",
  "/",
  "a\\b.toml",
];

const WIN32_PATHS = [
  "c.toml",
  "a\\b\\c.toml",
  "a/b\\.\\c.toml",
  "..\\up.toml",
  "C:\\abs\\c.toml",
  "C:/mixed/slashes.toml",
  "D:\\x\\..\\y.toml",
  "\\rooted\\c.toml",
  "/rooted/c.toml",
  "\\\\server\\share\\dir\\c.toml",
  "//server/share/c.toml",
  "\\\\server\\share",
  "\\\\?\\C:\\long\\c.toml",
  "C:\\",
  "C:\\dir\\",
];

Deno.test("resolve agrees with node:path for POSIX paths", () => {
  for (const base of ["/w", "/home/ann/work", "/"]) {
    for (const path of POSIX_PATHS) {
      assert.equal(resolve(base, path, "posix"), posix.resolve(base, path), `${base} + ${path}`);
    }
  }
});

Deno.test("resolve agrees with node:path for Windows paths, keeping backslashes", () => {
  for (const base of ["C:\\w", "c:\\Users\\ann", "\\\\server\\share\\w", "D:\\"]) {
    for (const path of WIN32_PATHS) {
      assert.equal(resolve(base, path, "win32"), win32.resolve(base, path), `${base} + ${path}`);
    }
  }
});

Deno.test("resolve takes a path relative to another drive from that drive's root", () => {
  // node:path would look at the process's cwd, which only means something on Windows.
  assert.equal(resolve("C:\\w", "D:rel\\c.toml", "win32"), "D:\\rel\\c.toml");
  assert.equal(resolve("C:\\w", "c:rel.toml", "win32"), win32.resolve("C:\\w", "c:rel.toml"));
});

Deno.test("isAbsolute, dirname and basename agree with node:path", () => {
  for (const flavor of ["posix", "win32"] as const) {
    for (const path of flavor === "posix" ? POSIX_PATHS : WIN32_PATHS) {
      const node = reference[flavor];
      assert.equal(isAbsolute(path, flavor), node.isAbsolute(path), `isAbsolute ${path}`);
      assert.equal(dirname(path, flavor), node.dirname(path), `dirname ${path}`);
      assert.equal(basename(path, flavor), node.basename(path), `basename ${path}`);
    }
  }
});

Deno.test("join builds the default config paths as node:path does", () => {
  assert.equal(
    join("win32", "C:\\Users\\ann\\AppData\\Roaming", "distropack", "config.toml"),
    "C:\\Users\\ann\\AppData\\Roaming\\distropack\\config.toml",
  );
  assert.equal(
    join("win32", "\\\\server\\home\\ann", "AppData", "Roaming"),
    win32.join("\\\\server\\home\\ann", "AppData", "Roaming"),
  );
  assert.equal(
    join("posix", "/home/ann/", ".config", "distropack"),
    "/home/ann/.config/distropack",
  );
});

Deno.test("flavorOf picks Windows paths only on Windows", () => {
  assert.equal(flavorOf("windows"), "win32");
  assert.equal(flavorOf("linux"), "posix");
  assert.equal(flavorOf("darwin"), "posix");
});
