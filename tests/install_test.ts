/**
 * install.sh, run with `sh` against a local server that serves fake release
 * assets in GitHub's layout. The detected platform is chosen with a fake
 * `uname` first on PATH, so the installer has no test-only switches. Releases are signed
 * with a key made here, pinned in a copy of install.sh (see tests/helpers/signing.ts).
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "./helpers/process.ts";
import { testsWith } from "./helpers/tools.ts";
import { releaseServer as serveReleases } from "./helpers/release_server.ts";
import {
  makeSigningKey,
  pinnedKey,
  type SigningKey,
  writePinnedInstaller,
} from "./helpers/signing.ts";
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
  /** Serves no checksums.txt.sig. */
  unsigned?: boolean;
  /** Signs with this key instead of the one pinned in the installer the tests run. */
  signWith?: SigningKey;
  swapAfterSigning?: boolean;
}

/** The key the tests pin in their copy of install.sh, and sign their releases with. */
const KEY = posix ? await makeSigningKey() : undefined;

/** Serves releases at /latest/download/<file> and /download/<tag>/<file>, signed with KEY. */
function releaseServer(releases: Release[]) {
  return serveReleases(releases.map((release) => ({
    ...release,
    binary: (asset: string) => fakeBinary(asset, release.version),
    signWith: release.unsigned ? undefined : release.signWith ?? KEY!,
  })));
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
  /** Which key the installer trusts: KEY, or the release key of the real install.sh. */
  trusted: "test key" | "release key" = "test key",
): Promise<InstallRun> {
  const bin = `${home}/fake-bin`;
  await Deno.mkdir(bin, { recursive: true });
  const installer = `${home}/install.sh`;
  if (trusted === "test key") await writePinnedInstaller(installer, KEY!.publicKey);
  else await Deno.copyFile(INSTALLER, installer);
  await Deno.writeTextFile(
    `${bin}/uname`,
    `#!/bin/sh\ncase "$1" in\n  -s) echo '${platform.os}' ;;\n  -m) echo '${platform.arch}' ;;\n  *) echo '${platform.os}' ;;\nesac\n`,
  );
  await Deno.chmod(`${bin}/uname`, 0o755);
  const { code, stderr } = await new Deno.Command("sh", {
    args: [installer],
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
      "/latest/download/checksums.txt.sig",
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
      "/download/v1.2.3/checksums.txt.sig",
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

Deno.test({
  name: "install.sh is POSIX sh that shellcheck finds nothing in",
  ignore: !(await testsWith("shellcheck", posix)),
  fn: async () => {
    const run = await new Deno.Command("shellcheck", {
      args: ["--shell=sh", "--severity=style", INSTALLER],
      stdout: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stdout));
  },
});

/** A PATH dir with the tools install.sh uses, and no ssh-keygen. */
async function toolsWithoutSshKeygen(home: string): Promise<string> {
  const dir = `${home}/tools`;
  await Deno.mkdir(dir);
  const tools = ["sh", "curl", "sha256sum", "cut", "awk", "mktemp", "rm", "mkdir", "cp"];
  for (const tool of [...tools, "chmod", "mv", "grep", "head", "ldd"]) {
    const which = await new Deno.Command("sh", {
      args: ["-c", `command -v ${tool}`],
      stdout: "piped",
    }).output();
    const path = new TextDecoder().decode(which.stdout).trim();
    if (path) await Deno.symlink(path, `${dir}/${tool}`);
  }
  return dir;
}

Deno.test({
  name: "install.sh verifies the signature of checksums.txt and says so in one line",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "v1.2.3", version: "1.2.3" }]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
      DISTROPACK_VERSION: "1.2.3",
      DISTROPACK_REQUIRE_SIGNATURE: "1",
    });
    assert.equal(run.code, 0, run.stderr);
    const verified = run.stderr.split("\n").filter((line) => line.startsWith("Signature"));
    assert.equal(verified.length, 1, run.stderr);
    assert.match(
      verified[0],
      /^Signature verified: checksums\.txt is signed by the distropack-cli release key SHA256:/,
    );
    assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), true);
  },
});

Deno.test({
  name:
    "install.sh refuses a swapped checksums.txt whose checksums match a swapped binary, and installs nothing",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([
      { tag: "latest", version: "9.9.9", swapAfterSigning: true },
    ]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /install\.sh: error: the signature of checksums\.txt does not verify against the distropack-cli release key .*; refusing to install/,
    );
    assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), false);
  },
});

Deno.test({
  name:
    "install.sh as published trusts only its pinned release key: a release signed by another key is refused",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
      // No variable names a key: these change nothing.
      DISTROPACK_SIGNING_KEY: KEY!.publicKey,
      SIGNING_KEY: KEY!.publicKey,
    }, "release key");
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the signature of checksums\.txt does not verify/);
    assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), false);
  },
});

Deno.test({
  name:
    "install.sh installs an unsigned release with a note, and refuses it when a signature is required",
  ignore: !posix,
  fn: async (t) => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9", unsigned: true }]);
    await t.step("not required", async () => {
      await using home = await tempDir("distropack-install-");
      const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
        DISTROPACK_DOWNLOAD_URL: server.url,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stderr,
        /Signature not verified: .* has no checksums\.txt\.sig; the binary is checked against checksums\.txt only \(DISTROPACK_REQUIRE_SIGNATURE=1 makes this an error\)/,
      );
    });
    await t.step("DISTROPACK_REQUIRE_SIGNATURE=1", async () => {
      await using home = await tempDir("distropack-install-");
      const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
        DISTROPACK_DOWNLOAD_URL: server.url,
        DISTROPACK_REQUIRE_SIGNATURE: "1",
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(
        run.stderr,
        /has no checksums\.txt\.sig, so the signature of checksums\.txt cannot be verified, and DISTROPACK_REQUIRE_SIGNATURE=1 requires it: install a signed release/,
      );
      assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), false);
    });
  },
});

Deno.test({
  name:
    "install.sh without ssh-keygen says it did not verify, and fails when a signature is required",
  ignore: !posix,
  fn: async (t) => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    for (const required of ["0", "1"]) {
      await t.step(`DISTROPACK_REQUIRE_SIGNATURE=${required}`, async () => {
        await using home = await tempDir("distropack-install-");
        const tools = await toolsWithoutSshKeygen(home.path);
        const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
          DISTROPACK_DOWNLOAD_URL: server.url,
          DISTROPACK_REQUIRE_SIGNATURE: required,
          PATH: `${home.path}/fake-bin:${tools}`,
        });
        const installed = await exists(`${home.path}/.local/bin/distropack-cli`);
        if (required === "0") {
          assert.equal(run.code, 0, run.stderr);
          assert.match(
            run.stderr,
            /Signature not verified: ssh-keygen \(OpenSSH\) is not installed/,
          );
          assert.equal(installed, true);
        } else {
          assert.equal(run.code, 1, run.stderr);
          assert.match(
            run.stderr,
            /ssh-keygen \(OpenSSH\) is not installed, so .* requires it: install OpenSSH's client/,
          );
          assert.equal(installed, false);
        }
      });
    }
  },
});

Deno.test({
  name: "install.sh refuses a DISTROPACK_REQUIRE_SIGNATURE other than 1 or 0 before downloading",
  ignore: !posix,
  fn: async () => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    await using home = await tempDir("distropack-install-");
    const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
      DISTROPACK_DOWNLOAD_URL: server.url,
      DISTROPACK_REQUIRE_SIGNATURE: "yes",
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /DISTROPACK_REQUIRE_SIGNATURE must be 1 or 0, not 'yes'/);
    assert.deepEqual(server.requests, []);
  },
});

Deno.test("the release key pinned in install.sh is one ed25519 public key", async () => {
  const key = await pinnedKey();
  assert.match(
    key,
    /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} distropack-cli release$/,
  );
});

Deno.test({
  name: "install.sh treats an ssh-keygen older than OpenSSH 8.1 as no verifier",
  ignore: !posix,
  fn: async (t) => {
    await using server = await releaseServer([{ tag: "latest", version: "9.9.9" }]);
    for (const required of ["0", "1"]) {
      await t.step(`DISTROPACK_REQUIRE_SIGNATURE=${required}`, async () => {
        await using home = await tempDir("distropack-install-");
        await Deno.mkdir(`${home.path}/fake-bin`);
        await Deno.writeTextFile(
          `${home.path}/fake-bin/ssh-keygen`,
          "#!/bin/sh\necho 'ssh-keygen: illegal option -- Y' >&2\nexit 1\n",
          { mode: 0o755 },
        );
        const run = await install(home.path, { os: "Linux", arch: "x86_64" }, {
          DISTROPACK_DOWNLOAD_URL: server.url,
          DISTROPACK_REQUIRE_SIGNATURE: required,
        });
        assert.equal(run.code, required === "0" ? 0 : 1, run.stderr);
        assert.match(run.stderr, /this ssh-keygen is older than OpenSSH 8\.1/);
      });
    }
  },
});
