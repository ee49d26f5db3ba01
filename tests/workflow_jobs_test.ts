/**
 * The workflow jobs that only GitHub runs in full, checked here: release signing (its step
 * script is run here with a key made by the test), provenance, the Action in a container job,
 * and the compiled binary on every push. `deno task validate` checks them against the schema.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { REPO_ROOT } from "./helpers/process.ts";
import { makeSigningKey, writePinnedInstaller } from "./helpers/signing.ts";
import { tempDir } from "./helpers/temp.ts";

const posix = Deno.build.os !== "windows";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

interface Job {
  needs?: string | string[];
  permissions?: string | Record<string, string>;
  container?: string | { image: string };
  strategy?: { matrix: { os: string[] } };
  steps: Step[];
}

async function workflow(
  name: string,
): Promise<{ on: Record<string, unknown>; jobs: Record<string, Job> }> {
  return parse(await Deno.readTextFile(`${REPO_ROOT}.github/workflows/${name}`));
}

Deno.test({
  name: "release.yml signs checksums.txt and refuses a key that install.sh would not verify",
  ignore: !posix,
  fn: async (t) => {
    const { jobs } = await workflow("release.yml");
    const sign = jobs.release.steps.find((step) => step.name === "Sign checksums.txt");
    assert.ok(sign?.run, "the release job has a Sign checksums.txt step");
    assert.equal(sign.env?.RELEASE_SIGNING_KEY, "${{ secrets.RELEASE_SIGNING_KEY }}");
    const names = jobs.release.steps.map((step) => step.name ?? step.uses);
    assert.ok(names.indexOf("Checksums") < names.indexOf("Sign checksums.txt"));
    assert.ok(names.indexOf("Sign checksums.txt") < names.indexOf("Publish"));
    const key = await makeSigningKey();
    const other = await makeSigningKey();
    const runStep = async (secret: string, pinned: string) => {
      await using dir = await tempDir("distropack-release-");
      await Deno.mkdir(`${dir.path}/dist`);
      await Deno.mkdir(`${dir.path}/temp`);
      await Deno.writeTextFile(`${dir.path}/dist/checksums.txt`, `${"ab".repeat(32)}  x\n`);
      await writePinnedInstaller(`${dir.path}/install.sh`, pinned);
      await Deno.writeTextFile(`${dir.path}/step.sh`, sign.run!);
      const { code, stdout, stderr } = await new Deno.Command("bash", {
        args: ["-e", "step.sh"],
        cwd: dir.path,
        env: {
          PATH: Deno.env.get("PATH") ?? "",
          RUNNER_TEMP: `${dir.path}/temp`,
          RELEASE_SIGNING_KEY: secret,
        },
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const signature = await Deno.readTextFile(`${dir.path}/dist/checksums.txt.sig`).catch(() =>
        ""
      );
      const leftovers = [...Deno.readDirSync(`${dir.path}/temp`)].map((entry) => entry.name);
      const log = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      return { code, log, signature, leftovers };
    };
    await t.step("the key pinned in install.sh", async () => {
      const run = await runStep(key.privateKey, key.publicKey);
      assert.equal(run.code, 0, run.log);
      assert.match(run.signature, /^-----BEGIN SSH SIGNATURE-----/);
      assert.match(run.log, /Good "distropack-release" signature for distropack-cli-release/);
      assert.ok(!run.leftovers.includes("release_key"), "the private key is removed");
    });
    await t.step("another key", async () => {
      const run = await runStep(other.privateKey, key.publicKey);
      assert.notEqual(run.code, 0, run.log);
    });
    await t.step("no secret", async () => {
      const run = await runStep("", key.publicKey);
      assert.equal(run.code, 1);
      assert.match(
        run.log,
        /::error title=release signing::the RELEASE_SIGNING_KEY secret is not set/,
      );
    });
  },
});

Deno.test("release.yml attests the binaries' provenance before it publishes them with the signature", async () => {
  const { jobs } = await workflow("release.yml");
  const attest = jobs.provenance.steps.find((step) =>
    step.uses?.startsWith("actions/attest-build-provenance@")
  );
  assert.equal(attest?.with?.["subject-path"], "dist/distropack-cli-*");
  assert.deepEqual(jobs.release.needs, ["binaries", "provenance"]);
  const publish = jobs.release.steps.find((step) => step.name === "Publish");
  // dist/* holds checksums.txt.sig beside the binaries, archives and checksums.txt.
  assert.match(publish?.run ?? "", /gh release create "\$GITHUB_REF_NAME" dist\/\* /);
  assert.equal(
    jobs.provenance.steps.some((step) => step.uses?.startsWith("actions/checkout")),
    false,
  );
});

Deno.test("action-test.yml runs uses: ./ inside a debian:bookworm-slim container", async () => {
  const { jobs } = await workflow("action-test.yml");
  const job = jobs.container;
  assert.equal(job.container, "debian:bookworm-slim");
  assert.ok(job.steps.some((step) => step.uses === "./"), "a step uses ./");
  const setup = job.steps[0].run ?? "";
  assert.match(setup, /openssh-client/);
  assert.match(setup, /curl/);
  // Both jobs pin the test key into the checkout's install.sh through the release server.
  for (const name of ["action", "container"]) {
    const start = jobs[name].steps.find((step) => /action_server\.ts/.test(step.run ?? ""));
    assert.match(start?.run ?? "", /"\$RUNNER_TEMP\/fake-ready" install\.sh/, name);
  }
});

Deno.test("ci.yml compiles the binary on each runner OS on every push and pull request and tests it", async () => {
  const ci = await workflow("ci.yml");
  assert.ok("push" in ci.on && "pull_request" in ci.on);
  const job = ci.jobs.binary;
  assert.deepEqual(job.strategy?.matrix.os, ["ubuntu-latest", "macos-latest", "windows-latest"]);
  const step = job.steps.find((s) => s.run === "deno task binary");
  assert.ok(step, "a step runs deno task binary");
  assert.equal(step.if, undefined);
  const { tasks } = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  assert.equal(tasks.binary, "deno run --allow-all scripts/compiled_binary.ts");
});

Deno.test({
  name:
    "the action workflow's release server signs its release, and the install.sh it pins installs it with a signature required",
  ignore: !posix,
  fn: async () => {
    await using dir = await tempDir("distropack-action-server-");
    const binary = `${dir.path}/binary`;
    await Deno.writeTextFile(binary, "#!/bin/sh\necho 'distropack-cli 0.0.0-test'\n");
    const envFile = `${dir.path}/env`;
    const ready = `${dir.path}/ready`;
    const installer = `${dir.path}/install.sh`;
    const server = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        `${REPO_ROOT}tests/helpers/action_server.ts`,
        binary,
        envFile,
        ready,
        installer,
      ],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      for (let i = 0; i < 200 && !(await Deno.stat(ready).then(() => true, () => false)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const env = Object.fromEntries(
        (await Deno.readTextFile(envFile)).trim().split("\n").map((line) =>
          line.split(/=(.*)/s, 2)
        ),
      );
      const { code, stderr } = await new Deno.Command("sh", {
        args: [installer],
        env: {
          PATH: Deno.env.get("PATH") ?? "",
          HOME: dir.path,
          DISTROPACK_DOWNLOAD_URL: env.DISTROPACK_DOWNLOAD_URL,
          DISTROPACK_VERSION: `v${env.CLI_VERSION}`,
          DISTROPACK_INSTALL_DIR: `${dir.path}/bin`,
          DISTROPACK_TARGET: "linux-x86_64",
          DISTROPACK_REQUIRE_SIGNATURE: "1",
        },
        clearEnv: true,
        stdout: "null",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(stderr);
      assert.equal(code, 0, log);
      assert.match(log, /Signature verified/);
    } finally {
      server.kill();
      await server.status;
    }
  },
});
