/**
 * install.sh, run with `sh` against a local server that serves fake release
 * assets in GitHub's layout. The detected platform is chosen with a fake
 * `uname` first on PATH, so the installer has no test-only switches.
 */
import assert from "node:assert/strict";
import { checksumsText, sha256Hex, TARGETS } from "../scripts/release_assets.ts";
import { REPO_ROOT } from "./helpers/process.ts";
import { tempDir } from "./helpers/temp.ts";

const INSTALLER = `${REPO_ROOT}install.sh`;
const posix = Deno.build.os !== "windows";

/** A fake binary: a script that prints the version the release would have. */
function fakeBinary(name: string, version: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`#!/bin/sh\necho "distropack-cli ${version} (${name})"\n`);
}

interface Release {
  /** `latest` or a tag like `v1.2.3`. */
  tag: string;
  version: string;
  /** Replaces the right checksum of every binary with a wrong one. */
  corruptChecksums?: boolean;
}

/** Serves releases at /latest/download/<file> and /download/<tag>/<file>; records request paths. */
async function releaseServer(releases: Release[]) {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const release of releases) {
    const prefix = release.tag === "latest" ? "/latest/download" : `/download/${release.tag}`;
    const entries = [];
    for (const target of TARGETS) {
      const bytes = fakeBinary(target.binary, release.version);
      files.set(`${prefix}/${target.binary}`, bytes);
      const sha256 = release.corruptChecksums ? "0".repeat(64) : await sha256Hex(bytes);
      entries.push({ name: target.binary, sha256 });
    }
    files.set(`${prefix}/checksums.txt`, new TextEncoder().encode(checksumsText(entries)));
  }
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    requests.push(path);
    const body = files.get(path);
    return body ? new Response(body) : new Response("Not Found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}

interface InstallRun {
  code: number;
  stderr: string;
  home: string;
}

/** Runs `sh install.sh` as if on `os`/`arch` (what `uname -s`/`uname -m` print). */
async function install(
  home: string,
  platform: { os: string; arch: string },
  env: Record<string, string>,
): Promise<InstallRun> {
  const bin = `${home}/fake-bin`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(
    `${bin}/uname`,
    `#!/bin/sh\ncase "$1" in\n  -s) echo '${platform.os}' ;;\n  -m) echo '${platform.arch}' ;;\n  *) echo '${platform.os}' ;;\nesac\n`,
  );
  await Deno.chmod(`${bin}/uname`, 0o755);
  const { code, stderr } = await new Deno.Command("sh", {
    args: [INSTALLER],
    env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}`, HOME: home, ...env },
    clearEnv: true,
    cwd: home,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr), home };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test({
  name:
    "install.sh installs the latest Linux x86_64 binary to ~/.local/bin and says how to add it to PATH",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
    });
    assert.equal(run.code, 0, run.stderr);
    const installed = `${home.path}/.local/bin/distropack-cli`;
    assert.deepEqual(
      await Deno.readFile(installed),
      fakeBinary("distropack-cli-linux-x86_64", "9.9.9"),
    );
    assert.equal((await Deno.stat(installed)).mode! & 0o777, 0o755);
    assert.deepEqual(server.requests, [
      "/latest/download/distropack-cli-linux-x86_64",
      "/latest/download/checksums.txt",
    ]);
    assert.match(run.stderr, /Installed distropack-cli 9\.9\.9 \(distropack-cli-linux-x86_64\)/);
    assert.match(run.stderr, /is not on your PATH/);
    assert.ok(run.stderr.includes(`export PATH="${home.path}/.local/bin:$PATH"`), run.stderr);
  },
});

Deno.test({
  name: "install.sh installs a pinned version for macOS arm64 into DISTROPACK_INSTALL_DIR",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([
      { tag: "latest", version: "9.9.9" },
      { tag: "v1.2.3", version: "1.2.3" },
    ]);
    await using home = await tempDir("distropack-install-");
    const dir = `${home.path}/tools/bin`;
    const run = await install(home.path, { os: "Darwin", arch: "arm64" }, {
      DISTROPACK_DOWNLOAD_URL: `${server.url}/`,
      DISTROPACK_VERSION: "1.2.3",
      DISTROPACK_INSTALL_DIR: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(server.requests, [
      "/download/v1.2.3/distropack-cli-macos-aarch64",
      "/download/v1.2.3/checksums.txt",
    ]);
    assert.deepEqual(
      await Deno.readFile(`${dir}/distropack-cli`),
      fakeBinary("distropack-cli-macos-aarch64", "1.2.3"),
    );
    assert.equal(await exists(`${home.path}/.local/bin`), false);
  },
});

Deno.test({
  name: "install.sh refuses a binary whose checksum does not match and installs nothing",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([
      { tag: "latest", version: "9.9.9", corruptChecksums: true },
    ]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "aarch64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /checksum mismatch for distropack-cli-linux-aarch64/);
    assert.match(run.stderr, /refusing to install/);
    assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), false);
  },
});

Deno.test({
  name: "install.sh refuses an unsupported platform before downloading anything",
  ignore: !posix,
  fn: async (t) => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    const cases = [
      { os: "FreeBSD", arch: "amd64", message: /no distropack-cli binary for the OS 'FreeBSD'/ },
      { os: "Linux", arch: "riscv64", message: /no distropack-cli binary for the CPU 'riscv64'/ },
      { os: "MINGW64_NT-10.0", arch: "x86_64", message: /On Windows, download .*\.exe/ },
    ];
    for (const { os, arch, message } of cases) {
      await t.step(`${os} ${arch}`, async () => {
        await using home = await tempDir("distropack-install-");
        const run = await install(home.path, { os, arch }, { DISTROPACK_DOWNLOAD_URL: server.url });
        assert.equal(run.code, 1);
        assert.match(run.stderr, message);
      });
    }
    assert.deepEqual(server.requests, []);
  },
});

Deno.test({
  name: "install.sh says which version was not found",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
      DISTROPACK_VERSION: "v0.0.1",
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /could not download .*\/download\/v0\.0\.1\/distropack-cli-linux-x86_64/,
    );
  },
});

Deno.test({
  name: "install.sh prints no PATH advice when the install dir is already on PATH",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    await using home = await tempDir("distropack-install-");
    const dir = `${home.path}/bin`;
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
      DISTROPACK_INSTALL_DIR: dir,
      // install() puts its fake uname first; the install dir is on PATH too.
      PATH: `${home.path}/fake-bin:${dir}:${Deno.env.get("PATH") ?? ""}`,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /not on your PATH/);
  },
});

/** Skipped where shellcheck is missing, but never in CI: there, a missing shellcheck fails. */
async function hasShellcheck(): Promise<boolean> {
  if (!posix) return false;
  if (Deno.env.get("CI") !== undefined) return true;
  const { success } = await new Deno.Command("sh", {
    args: ["-c", "command -v shellcheck"],
    stdout: "null",
  }).output();
  return success;
}

Deno.test({
  name: "install.sh is POSIX sh that shellcheck finds nothing in",
  ignore: !(await hasShellcheck()),
  fn: async () => {
    const run = await new Deno.Command("shellcheck", {
      args: ["--shell=sh", "--severity=style", INSTALLER],
      stdout: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stdout));
  },
});
