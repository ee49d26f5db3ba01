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
import { type TempDir, tempDir } from "./helpers/temp.ts";

/** How the release binaries run the CLI. */
const CLI = await cliInvocation([]);

const SHA = "0123456789abcdef0123456789abcdef01234567";

/** The mirror of these tests: its latest release is 2.0.0, and it has v1.2.3. */
async function mirror() {
  return releaseServer([
    await release("latest", cliBinary(CLI, "2.0.0")),
    await release("v1.2.3", cliBinary(CLI, "1.2.3")),
  ]);
}

/**
 * The action checked out as the runner does, to .../_actions/<owner>/<repo>/<SHA>, from a
 * commit whose deno.json says `version`.
 */
async function checkout(version: string): Promise<TempDir & { actionDir: string }> {
  const dir = await tempDir("distropack-action-checkout-");
  const actionDir = await actionCopy(
    `${dir.path}/_actions/distropack/distropack-cli/${SHA}`,
    version,
  );
  return { ...dir, actionDir };
}

/** Pins of the action (1.2.3 in its deno.json), and where the CLI they install comes from. */
const PINS: { what: string; ref: string; input?: string; fetched: string }[] = [
  { what: "@<commit SHA>", ref: SHA, fetched: "/download/v1.2.3/" },
  { what: "@main", ref: "main", fetched: "/download/v1.2.3/" },
  { what: "@v1", ref: "v1", fetched: "/download/v1.2.3/" },
  { what: "@<SHA> with cli-version 1.2.3", ref: SHA, input: "1.2.3", fetched: "/download/v1.2.3/" },
  {
    what: "@<SHA> with cli-version latest",
    ref: SHA,
    input: "latest",
    fetched: "/latest/download/",
  },
];

for (const { what, ref, input, fetched } of PINS) {
  Deno.test({
    name:
      `a pin by SHA, branch or tag installs the CLI version of the action's own commit; only latest floats: ${what}`,
    ignore: !posix,
    fn: async () => {
      await using releases = await mirror();
      await using pinned = await checkout("1.2.3");
      await using runner = await makeRunner();
      const run = await runAction({
        runner,
        until: "install",
        github: { action_ref: ref },
        actionDir: pinned.actionDir,
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, ...(input ? { "cli-version": input } : {}) },
      });
      assert.equal(run.code, 0, run.log);
      assert.deepEqual(releases.requests.map((path) => path.replace(/[^/]+$/, "")), [
        fetched,
        fetched,
        fetched,
      ]);
      assert.equal(run.steps.install.version, fetched === "/latest/download/" ? "2.0.0" : "1.2.3");
    },
  });
}

Deno.test({
  name: "an action commit whose CLI version is not released says where the version came from",
  ignore: !posix,
  fn: async () => {
    await using releases = await mirror();
    await using unreleased = await checkout("1.3.0");
    await using runner = await makeRunner();
    const run = await runAction({
      runner,
      actionDir: unreleased.actionDir,
      github: { action_ref: SHA },
      env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      inputs: { "api-token": TOKEN },
    });
    assert.equal(run.code, 1);
    assert.match(
      run.log,
      /::error title=distropack-cli install::could not install distropack-cli v1\.3\.0 \(the version of this action's commit; set cli-version to run another\)/,
    );
  },
});

Deno.test({
  name: "a cli-version that is not a release is refused before any download",
  ignore: !posix,
  fn: async () => {
    await using releases = await mirror();
    await using runner = await makeRunner();
    const run = await runAction({
      runner,
      env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      inputs: { "api-token": TOKEN, "cli-version": "../../1.2.3" },
    });
    assert.equal(run.code, 1);
    assert.match(run.log, /cli-version '\.\.\/\.\.\/1\.2\.3' is not a release/);
    assert.deepEqual(releases.requests, []);
  },
});

Deno.test({
  name: "a cli-version with a line break cannot forge a workflow command",
  ignore: !posix,
  fn: async () => {
    await using releases = await mirror();
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
