/**
 * How the GitHub Action installs the CLI: the release binary for the runner,
 * checked against its signed checksums, kept in the tool cache.
 */
import assert from "node:assert/strict";
import { cliBinary, posix, release } from "./helpers/action_release.ts";
import { exists, makeRunner, runAction } from "./helpers/github_action.ts";
import { FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { cliInvocation } from "./helpers/process.ts";
import { releaseServer } from "./helpers/release_server.ts";

/** How the release binaries run the CLI. */
const CLI = await cliInvocation([]);

Deno.test({
  name: "the action refuses a binary whose checksum does not match, before anything is uploaded",
  ignore: !posix,
  fn: async (t) => {
    for (
      const [what, options, message] of [
        [
          "a wrong checksum",
          { corruptChecksums: true },
          /checksum mismatch for distropack-cli-linux-x86_64/,
        ],
        [
          "a missing entry",
          { omitChecksums: true },
          /checksums\.txt has no entry for distropack-cli-linux-x86_64/,
        ],
      ] as const
    ) {
      await t.step(what, async () => {
        await using runner = await makeRunner();
        await using releases = await releaseServer([
          await release("v1.2.3", cliBinary(CLI, "1.2.3"), options),
        ]);
        await using server = FakeServer.start();
        await Deno.writeTextFile(`${runner.workspace}/a.tar.gz`, "tarball");
        const run = await runAction({
          runner,
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: {
            "api-token": TOKEN,
            "api-url": server.url,
            "package-id": "p",
            version: "1.0.0",
            files: "source-tarball=a.tar.gz",
            "cli-version": "v1.2.3",
          },
        });
        assert.equal(run.code, 1);
        assert.match(run.log, message);
        assert.match(
          run.log,
          /::error title=distropack-cli install::could not install distropack-cli v1\.2\.3/,
        );
        assert.deepEqual(server.requests, []);
        assert.equal(
          await exists(`${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`),
          false,
        );
        assert.equal(await exists(`${runner.toolCache}/distropack-cli/1.2.3/x64.complete`), false);
        assert.deepEqual(run.path, []);
      });
    }
  },
});

Deno.test({
  name: "the action runs the pinned version even when another version is in the tool cache",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([
      await release("latest", cliBinary(CLI, "9.9.9")),
      await release("v1.2.3", cliBinary(CLI, "1.2.3")),
    ]);
    const other = `${runner.toolCache}/distropack-cli/9.9.9/x64`;
    await Deno.mkdir(other, { recursive: true });
    await Deno.writeTextFile(`${other}/distropack-cli`, "#!/bin/sh\nexit 7\n", { mode: 0o755 });
    await Deno.writeTextFile(`${other}.complete`, "");
    const run = await runAction({
      runner,
      until: "install",
      env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
    });
    assert.equal(run.code, 0, run.log);
    const dir = `${runner.toolCache}/distropack-cli/1.2.3/x64`;
    assert.deepEqual(releases.requests, [
      "/download/v1.2.3/distropack-cli-linux-x86_64",
      "/download/v1.2.3/checksums.txt",
      "/download/v1.2.3/checksums.txt.sig",
    ]);
    assert.deepEqual(run.steps.install, { version: "1.2.3", bin: `${dir}/distropack-cli` });
    assert.deepEqual(run.path, [dir]);
    assert.match(await Deno.readTextFile(`${dir}/distropack-cli`), /echo 'distropack-cli 1\.2\.3'/);
    assert.equal(await Deno.readTextFile(`${other}/distropack-cli`), "#!/bin/sh\nexit 7\n");
  },
});

Deno.test({
  name: "the action's next run takes the binary from the tool cache without downloading",
  ignore: !posix,
  fn: async (t) => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([
      await release("latest", cliBinary(CLI, "2.0.0")),
      await release("v1.2.3", cliBinary(CLI, "1.2.3")),
    ]);
    const install = (version: string) =>
      runAction({
        runner,
        until: "install",
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": version },
      });
    await t.step("a pinned version", async () => {
      assert.equal((await install("1.2.3")).code, 0);
      assert.equal(releases.requests.length, 3);
      releases.requests.length = 0;
      const again = await install("v1.2.3");
      assert.equal(again.code, 0, again.log);
      assert.deepEqual(releases.requests, []);
      assert.match(again.log, /Using distropack-cli 1\.2\.3 from the tool cache/);
      assert.equal(
        again.steps.install.bin,
        `${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`,
      );
    });
    await t.step("latest is cached under the version it turned out to be", async () => {
      const latest = await install("latest");
      assert.equal(latest.code, 0, latest.log);
      assert.deepEqual(releases.requests, [
        "/latest/download/distropack-cli-linux-x86_64",
        "/latest/download/checksums.txt",
        "/latest/download/checksums.txt.sig",
      ]);
      const dir = `${runner.toolCache}/distropack-cli/2.0.0/x64`;
      assert.deepEqual(latest.steps.install, { version: "2.0.0", bin: `${dir}/distropack-cli` });
      assert.deepEqual(
        (await Array.fromAsync(Deno.readDir(`${runner.toolCache}/distropack-cli`))).map((e) =>
          e.name
        )
          .sort(),
        ["1.2.3", "2.0.0"],
      );
      releases.requests.length = 0;
      const pinned = await install("2.0.0");
      assert.equal(pinned.code, 0, pinned.log);
      assert.deepEqual(releases.requests, []);
    });
  },
});

Deno.test({
  name: "the action picks the binary for the runner's OS and CPU",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    const cases = [
      ["Linux", "X64", "distropack-cli-linux-x86_64", "x64/distropack-cli"],
      ["Linux", "ARM64", "distropack-cli-linux-aarch64", "arm64/distropack-cli"],
      ["macOS", "X64", "distropack-cli-macos-x86_64", "x64/distropack-cli"],
      ["macOS", "ARM64", "distropack-cli-macos-aarch64", "arm64/distropack-cli"],
      ["Windows", "X64", "distropack-cli-windows-x86_64.exe", "x64/distropack-cli.exe"],
    ];
    for (const [os, arch, asset, installed] of cases) {
      await t.step(`${os} ${arch}`, async () => {
        await using runner = await makeRunner(os, arch);
        releases.requests.length = 0;
        const run = await runAction({
          runner,
          until: "install",
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
        });
        assert.equal(run.code, 0, run.log);
        assert.deepEqual(releases.requests, [
          `/download/v1.2.3/${asset}`,
          "/download/v1.2.3/checksums.txt",
          "/download/v1.2.3/checksums.txt.sig",
        ]);
        const bin = `${runner.toolCache}/distropack-cli/1.2.3/${installed}`;
        assert.equal(run.steps.install.bin, bin);
        assert.match(
          await Deno.readTextFile(bin),
          new RegExp(`# ${asset.replaceAll(".", "\\.")}\n`),
        );
      });
    }
    await t.step("Windows ARM64 has no binary", async () => {
      await using runner = await makeRunner("Windows", "ARM64");
      releases.requests.length = 0;
      const run = await runAction({
        runner,
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
      });
      assert.equal(run.code, 1);
      assert.match(
        run.log,
        /::error title=distropack-cli install::no distropack-cli binary for Windows ARM64/,
      );
      assert.deepEqual(releases.requests, []);
    });
  },
});

Deno.test({
  name: "the action always verifies the signature: it refuses an unsigned or a swapped release",
  ignore: !posix,
  fn: async (t) => {
    const cases = [
      {
        what: "signed",
        options: {},
        code: 0,
        log: /Signature verified: checksums\.txt is signed by the distropack-cli release key/,
      },
      {
        what: "unsigned",
        options: { signWith: undefined },
        code: 1,
        log: /has no checksums\.txt\.sig, so .* DISTROPACK_REQUIRE_SIGNATURE=1 requires it/,
      },
      {
        what: "checksums.txt and binary swapped after signing",
        options: { swapAfterSigning: true },
        code: 1,
        log: /the signature of checksums\.txt does not verify/,
      },
    ];
    for (const { what, options, code, log } of cases) {
      await t.step(what, async () => {
        await using runner = await makeRunner();
        await using releases = await releaseServer([
          await release("v1.2.3", cliBinary(CLI, "1.2.3"), options),
        ]);
        const run = await runAction({
          runner,
          until: "install",
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
        });
        assert.equal(run.code, code, run.log);
        assert.match(run.log, log);
        const installed = `${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`;
        assert.equal(await exists(installed), code === 0);
      });
    }
  },
});
