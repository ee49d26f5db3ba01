/**
 * A re-run of the job that used the action: the release state the first
 * attempt saved in the Actions cache is restored, so nothing is built twice.
 */
import assert from "node:assert/strict";
import { cliBinary, posix, release } from "./helpers/action_release.ts";
import { makeRunner, runAction } from "./helpers/github_action.ts";
import { FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { cliInvocation } from "./helpers/process.ts";
import { releaseServer } from "./helpers/release_server.ts";
import { tempDir } from "./helpers/temp.ts";

/** How the release binaries run the CLI. */
const CLI = await cliInvocation([]);

Deno.test({
  name:
    "a re-run of the job restores the release state the first attempt saved: nothing is built twice",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    await using shared = await tempDir("distropack-actions-cache-");
    const attempt = async (n: number, inputs: Record<string, string> = {}) => {
      // Each attempt runs on a fresh runner: only the Actions cache of the run is shared.
      await using runner = await makeRunner();
      await Deno.writeTextFile(`${runner.workspace}/CHANGELOG.md`, "changes");
      const mark = server.requests.length;
      const run = await runAction({
        runner,
        cache: shared.path,
        github: { run_attempt: String(n) },
        inputs: {
          "api-token": TOKEN,
          "api-url": server.url,
          "package-id": "pkg-1",
          version: "1.4.0",
          files: "changelog=CHANGELOG.md",
          "cli-version": "1.2.3",
          ...inputs,
        },
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      });
      const sent = server.requests.slice(mark);
      const triggers = sent.filter((r) => r.endpoint === "build_package").length;
      const uploads = sent.filter((r) => r.endpoint === "upload_file").length;
      return { run, triggers, uploads };
    };
    await t.step(
      "the first attempt times out waiting; the state is saved all the same",
      async () => {
        server.script("j-1", "running");
        const first = await attempt(1, { timeout: "0.2" });
        assert.equal(first.run.code, 5, first.run.log);
        assert.deepEqual([first.triggers, first.uploads], [1, 1]);
        assert.match(first.run.log, /Cache saved with key: distropack-release-state-7-release--1/);
      },
    );
    await t.step("the re-run resumes the same job and triggers nothing", async () => {
      server.script("j-1", "finished");
      const second = await attempt(2);
      assert.equal(second.run.code, 0, second.run.log);
      assert.deepEqual([second.triggers, second.uploads], [0, 0]);
      assert.match(
        second.run.log,
        /Cache restored from key: distropack-release-state-7-release--1/,
      );
      assert.match(second.run.log, /already built by an earlier run \(jobs j-1\)/);
      assert.deepEqual(second.run.outputs, {
        version: "1.4.0",
        "job-ids": "j-1",
        status: "finished",
        digests: "",
      });
      assert.match(second.run.summary, /already built by an earlier run/);
    });
  },
});
