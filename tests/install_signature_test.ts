/**
 * install.sh checks the signature of checksums.txt against the release key it
 * pins, with ssh-keygen (./helpers/installer.ts runs it).
 */
import assert from "node:assert/strict";
import { exists, install, posix, releaseServer } from "./helpers/installer.ts";
import { pinnedKey } from "./helpers/signing.ts";
import { tempDir } from "./helpers/temp.ts";

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
