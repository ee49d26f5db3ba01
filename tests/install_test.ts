/**
 * install.sh: what it installs where, for which platform, and what it refuses
 * (./helpers/installer.ts runs it). Its signature checks: install_signature_test.ts.
 */
import assert from "node:assert/strict";
import { testsWith } from "./helpers/tools.ts";
import {
  exists,
  fakeBinary,
  install,
  INSTALLER,
  KEY,
  posix,
  type Release,
  releaseServer,
} from "./helpers/installer.ts";
import { tempDir } from "./helpers/temp.ts";

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

/** An install.sh run that fails, installs nothing and says why. */
interface Refusal {
  name: string;
  releases: Release[];
  arch?: string;
  env?: Record<string, string>;
  trusted?: "release key";
  says: RegExp[];
  /** It stops before downloading anything. */
  downloadsNothing?: boolean;
}

const REFUSALS: Refusal[] = [
  {
    name: "install.sh refuses a binary whose checksum does not match and installs nothing",
    releases: [{ tag: "latest", version: "9.9.9", corruptChecksums: true }],
    arch: "aarch64",
    says: [/checksum mismatch for distropack-cli-linux-aarch64/, /refusing to install/],
  },
  {
    name: "install.sh says which version was not found",
    releases: [{ tag: "latest", version: "9.9.9" }],
    env: { DISTROPACK_VERSION: "v0.0.1" },
    says: [/could not download .*\/download\/v0\.0\.1\/distropack-cli-linux-x86_64/],
  },
  {
    name:
      "install.sh refuses a swapped checksums.txt whose checksums match a swapped binary, and installs nothing",
    releases: [{ tag: "latest", version: "9.9.9", swapAfterSigning: true }],
    says: [
      /install\.sh: error: the signature of checksums\.txt does not verify against the distropack-cli release key .*; refusing to install/,
    ],
  },
  {
    name:
      "install.sh as published trusts only its pinned release key: a release signed by another key is refused",
    releases: [{ tag: "latest", version: "9.9.9" }],
    // No variable names a key: these change nothing.
    env: posix ? { DISTROPACK_SIGNING_KEY: KEY!.publicKey, SIGNING_KEY: KEY!.publicKey } : {},
    trusted: "release key",
    says: [/the signature of checksums\.txt does not verify/],
  },
  {
    name: "install.sh refuses a DISTROPACK_REQUIRE_SIGNATURE other than 1 or 0 before downloading",
    releases: [{ tag: "latest", version: "9.9.9" }],
    env: { DISTROPACK_REQUIRE_SIGNATURE: "yes" },
    says: [/DISTROPACK_REQUIRE_SIGNATURE must be 1 or 0, not 'yes'/],
    downloadsNothing: true,
  },
];

for (const refusal of REFUSALS) {
  Deno.test({
    name: refusal.name,
    ignore: !posix,
    fn: async () => {
      await using server = await releaseServer(refusal.releases);
      await using home = await tempDir("distropack-install-");
      const run = await install(
        home.path,
        { os: "Linux", arch: refusal.arch ?? "x86_64" },
        { DISTROPACK_DOWNLOAD_URL: server.url, ...refusal.env },
        refusal.trusted,
      );
      assert.equal(run.code, 1, run.stderr);
      for (const says of refusal.says) assert.match(run.stderr, says);
      assert.equal(await exists(`${home.path}/.local/bin/distropack-cli`), false);
      if (refusal.downloadsNothing) assert.deepEqual(server.requests, []);
    },
  });
}
