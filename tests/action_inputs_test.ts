/**
 * The GitHub Action's inputs as `publish` gets them: arguments and environment,
 * recorded by a release binary that only writes them down, and the inputs
 * the action refuses before the CLI runs.
 */
import assert from "node:assert/strict";
import { posix, recordingBinary, release } from "./helpers/action_release.ts";
import { exists, makeRunner, runAction, type Runner } from "./helpers/github_action.ts";
import { TOKEN } from "./helpers/fake_server.ts";
import { releaseServer } from "./helpers/release_server.ts";

/**
 * A runner whose `latest` release binary records what it is given: its
 * arguments in `${log}.args`, its token and URL in `${log}.env`.
 */
async function recordingAction(): Promise<
  AsyncDisposable & { runner: Runner; log: string; env: Record<string, string> }
> {
  const runner = await makeRunner();
  const log = `${runner.root}/binary`;
  const releases = await releaseServer([
    await release("latest", () => recordingBinary("2.0.0", log)),
  ]);
  return {
    runner,
    log,
    env: { DISTROPACK_DOWNLOAD_URL: releases.url },
    async [Symbol.asyncDispose]() {
      await releases[Symbol.asyncDispose]();
      await runner[Symbol.asyncDispose]();
    },
  };
}

Deno.test({
  name:
    "the action hands every input over as publish's arguments, files as slot=path lines as they are",
  ignore: !posix,
  fn: async () => {
    await using recording = await recordingAction();
    const { runner, env, log } = recording;
    const files = "source-tarball = dist/my app.tar.gz\r\n\n# a comment\nchangelog=CHANGELOG.md\n";
    const run = await runAction({
      runner,
      env,
      inputs: {
        "api-token": TOKEN,
        "api-url": "http://127.0.0.1:1",
        "package-id": "pkg 1",
        version: "1.0.0",
        files,
        target: "deb",
        wait: "false",
        timeout: "30m",
        "cli-version": "latest",
      },
    });
    assert.equal(run.code, 0, run.log);
    assert.equal(
      await Deno.readTextFile(`${log}.args`),
      [
        "publish",
        ...["--package-id", "pkg 1", "--version", "1.0.0", "--target", "deb"],
        ...["--timeout", "30m", "--no-wait"],
        ...["--files", files],
        "",
      ].join("\n"),
    );
    assert.equal(await Deno.readTextFile(`${log}.env`), `${TOKEN}|http://127.0.0.1:1|unset`);
    assert.equal(run.log.split(TOKEN).length, 2, "the token appears only in the mask command");
    assert.ok(run.log.includes(`::add-mask::${TOKEN}\n`));
  },
});

Deno.test({
  name: "the action hands files as JSON over, and the token from the environment",
  ignore: !posix,
  fn: async () => {
    await using recording = await recordingAction();
    const { runner, env, log } = recording;
    const files = '\n  {"source-tarball": "a.tar.gz"}\n';
    const run = await runAction({
      runner,
      env: { ...env, DISTROPACK_API_TOKEN: TOKEN },
      inputs: { "api-token": "", files, "cli-version": "latest" },
    });
    assert.equal(run.code, 0, run.log);
    assert.equal(await Deno.readTextFile(`${log}.args`), `publish\n--files\n${files}\n`);
    assert.equal(await Deno.readTextFile(`${log}.env`), `${TOKEN}|unset|unset`);
  },
});

Deno.test({
  name: "the action's build-only true hands over --build-only and no --files",
  ignore: !posix,
  fn: async () => {
    await using recording = await recordingAction();
    const { runner, env, log } = recording;
    for (const files of ["", "\n# nothing to upload\n  \n"]) {
      const run = await runAction({
        runner,
        env,
        inputs: {
          "api-token": TOKEN,
          "cli-version": "latest",
          version: "1.0.0",
          "build-only": "true",
          files,
        },
      });
      assert.equal(run.code, 0, run.log);
      assert.equal(
        await Deno.readTextFile(`${log}.args`),
        "publish\n--version\n1.0.0\n--build-only\n",
      );
    }
  },
});

Deno.test({
  name: "with no api-token input the action takes the token from the step's environment",
  ignore: !posix,
  fn: async () => {
    await using recording = await recordingAction();
    const { runner, env, log } = recording;
    const run = await runAction({
      runner,
      env: { ...env, DISTROPACK_API_TOKEN: TOKEN },
      inputs: { files: "deb=a.deb", "cli-version": "latest" },
    });
    assert.equal(run.code, 0, run.log);
    assert.equal(await Deno.readTextFile(`${log}.env`), `${TOKEN}|unset|unset`);
    assert.ok(run.log.includes(`::add-mask::${TOKEN}\n`));
  },
});

const MISSING_FILES =
  /::error title=distropack-cli publish::the files input is empty or missing \(is its name spelled files\?\), so there is nothing to upload; nothing was built\. Give the files, or set build-only true to build the version from the files already on the server$/m;

/** Inputs the action refuses before the CLI runs, with what its error says. */
const BAD_INPUTS: { what: string; inputs: Record<string, string>; error: RegExp }[] = [
  {
    what: "wait yes",
    inputs: { wait: "yes", files: "a=b" },
    error: /wait must be true or false, not 'yes'/,
  },
  {
    what: "an empty api-token",
    inputs: { "api-token": "" },
    error: /the api-token input is empty/,
  },
  // Left out, or misspelled (the runner then only warns): files is empty.
  { what: "no files", inputs: {}, error: MISSING_FILES },
  { what: "blank files", inputs: { files: "\n  \r\n" }, error: MISSING_FILES },
  {
    what: "files that are all comments",
    inputs: { files: "# source-tarball=a.tar.gz\n  # changelog=CHANGES\n" },
    error: MISSING_FILES,
  },
  {
    what: "build false without files",
    inputs: { build: "false" },
    error: /the files input is empty or missing .*: build false only uploads, so give the files/,
  },
  {
    what: "build-only yes",
    inputs: { "build-only": "yes" },
    error: /build-only must be true or false, not 'yes'/,
  },
  {
    what: "build-only true with files",
    inputs: { "build-only": "true", files: "deb=a.deb" },
    error: /build-only true uploads nothing, so it takes no files/,
  },
  {
    what: "build-only true and build false",
    inputs: { "build-only": "true", build: "false" },
    error: /build-only true and build false leave nothing to do/,
  },
];

for (const { what, inputs, error } of BAD_INPUTS) {
  Deno.test({
    name: `a bad input stops the action before the CLI runs: ${what}`,
    ignore: !posix,
    fn: async () => {
      await using recording = await recordingAction();
      const { runner, env, log } = recording;
      const run = await runAction({
        runner,
        env,
        inputs: { "api-token": TOKEN, "cli-version": "latest", ...inputs },
      });
      assert.equal(run.code, 1);
      assert.match(run.log, /::error title=distropack-cli publish::/);
      assert.match(run.log, error);
      assert.equal(await exists(`${log}.args`), false);
    },
  });
}

Deno.test({
  name: "the build and summary inputs turn into --no-build and --no-summary",
  ignore: !posix,
  fn: async (t) => {
    await using recording = await recordingAction();
    const { runner, env, log } = recording;
    const inputs = { "api-token": TOKEN, "cli-version": "latest", files: "deb=a.deb" };
    await t.step("false", async () => {
      const run = await runAction({
        runner,
        env,
        inputs: { ...inputs, build: "false", summary: "false" },
      });
      assert.equal(run.code, 0, run.log);
      const args = (await Deno.readTextFile(`${log}.args`)).split("\n");
      assert.ok(args.includes("--no-build"), args.join(" "));
      assert.ok(args.includes("--no-summary"), args.join(" "));
    });
    await t.step("true, the default", async () => {
      const run = await runAction({ runner, env, inputs });
      assert.equal(run.code, 0, run.log);
      const args = (await Deno.readTextFile(`${log}.args`)).split("\n");
      assert.ok(!args.includes("--no-build") && !args.includes("--no-summary"), args.join(" "));
    });
    await t.step("anything else", async () => {
      for (const name of ["build", "summary"]) {
        const run = await runAction({ runner, env, inputs: { ...inputs, [name]: "no" } });
        assert.equal(run.code, 1);
        assert.match(run.log, new RegExp(`${name} must be true or false, not 'no'`));
      }
    });
  },
});
