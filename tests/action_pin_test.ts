/**
 * Which CLI version the GitHub Action installs: the one of the action's own
 * commit, wherever it is checked out, unless cli-version says otherwise.
 */
import assert from "node:assert/strict";
import { actionCopy, cliBinary, posix, release } from "./helpers/action_release.ts";
import { makeRunner, runAction } from "./helpers/github_action.ts";
import { TOKEN } from "./helpers/fake_server.ts";
import { cliInvocation } from "./helpers/process.ts";
import { releaseServer } from "./helpers/release_server.ts";
import { tempDir } from "./helpers/temp.ts";

/** How the release binaries run the CLI. */
const CLI = await cliInvocation([]);

Deno.test({
  name:
    "a pin by SHA, branch or tag installs the CLI version of the action's own commit; only latest floats",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([
      await release("latest", cliBinary(CLI, "2.0.0")),
      await release("v1.2.3", cliBinary(CLI, "1.2.3")),
    ]);
    // The runner checks an action out to .../_actions/<owner>/<repo>/<ref>; this commit's
    // deno.json says 1.2.3, while the mirror's latest release is 2.0.0.
    await using checkout = await tempDir("distropack-action-checkout-");
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const pinned = await actionCopy(
      `${checkout.path}/_actions/distropack/distropack-cli/${sha}`,
      "1.2.3",
    );
    const cases: { what: string; ref: string; input?: string; fetched: string }[] = [
      { what: "@<commit SHA>", ref: sha, fetched: "/download/v1.2.3/" },
      { what: "@main", ref: "main", fetched: "/download/v1.2.3/" },
      { what: "@v1", ref: "v1", fetched: "/download/v1.2.3/" },
      {
        what: "@<SHA> with cli-version 1.2.3",
        ref: sha,
        input: "1.2.3",
        fetched: "/download/v1.2.3/",
      },
      {
        what: "@<SHA> with cli-version latest",
        ref: sha,
        input: "latest",
        fetched: "/latest/download/",
      },
    ];
    for (const { what, ref, input, fetched } of cases) {
      await t.step(what, async () => {
        await using runner = await makeRunner();
        releases.requests.length = 0;
        const run = await runAction({
          runner,
          until: "install",
          github: { action_ref: ref },
          actionDir: pinned,
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN, ...(input ? { "cli-version": input } : {}) },
        });
        assert.equal(run.code, 0, run.log);
        assert.deepEqual(releases.requests.map((path) => path.replace(/[^/]+$/, "")), [
          fetched,
          fetched,
          fetched,
        ]);
        assert.equal(
          run.steps.install.version,
          fetched === "/latest/download/" ? "2.0.0" : "1.2.3",
        );
      });
    }
    await t.step(
      "a commit whose CLI version is not released says where the version came from",
      async () => {
        await using runner = await makeRunner();
        const unreleased = await actionCopy(`${checkout.path}/unreleased`, "1.3.0");
        const run = await runAction({
          runner,
          actionDir: unreleased,
          github: { action_ref: sha },
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN },
        });
        assert.equal(run.code, 1);
        assert.match(
          run.log,
          /::error title=distropack-cli install::could not install distropack-cli v1\.3\.0 \(the version of this action's commit; set cli-version to run another\)/,
        );
      },
    );
    await t.step("a cli-version that is not a release", async () => {
      await using runner = await makeRunner();
      releases.requests.length = 0;
      const run = await runAction({
        runner,
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": "../../1.2.3" },
      });
      assert.equal(run.code, 1);
      assert.match(run.log, /cli-version '\.\.\/\.\.\/1\.2\.3' is not a release/);
      assert.deepEqual(releases.requests, []);
    });
    await t.step("an input with a line break cannot forge a workflow command", async () => {
      await using runner = await makeRunner();
      const run = await runAction({
        runner,
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": "x\n::error title=forged::y" },
      });
      assert.equal(run.code, 1);
      assert.match(run.log, /cli-version 'x%0A::error title=forged::y' is not a release/);
      const forged = run.log.split("\n").filter((line) => line.trimStart().startsWith("::error"));
      assert.equal(forged.length, 1, run.log);
    });
  },
});

Deno.test({
  name:
    "in a container job, where the host's action path does not exist, the action installs from GITHUB_ACTION_PATH",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    const run = await runAction({
      runner,
      until: "install",
      // What the github context would say inside a container: the host's path.
      github: { action_path: "/home/runner/work/_actions/distropack/distropack-cli/v1" },
      env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
    });
    assert.equal(run.code, 0, run.log);
    assert.equal(run.steps.install.version, "1.2.3");
  },
});
