/**
 * The GitHub Action (action.yml) as a workflow uses it: its inputs handed to
 * `publish` against the fake server, run by ./helpers/github_action.ts with a
 * release from ./helpers/action_release.ts.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { cliBinary, posix, release, SOURCE_DIR } from "./helpers/action_release.ts";
import { type Action, makeRunner, runAction } from "./helpers/github_action.ts";
import { FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { cliInvocation } from "./helpers/process.ts";
import { releaseServer } from "./helpers/release_server.ts";

/** How the release binaries run the CLI. */
const CLI = await cliInvocation([]);

Deno.test("action.yml expands no input inside a run script and passes the token only through env", async () => {
  const text = await Deno.readTextFile(`${SOURCE_DIR}/action.yml`);
  const action = parse(text) as Action;
  for (const step of action.runs.steps) {
    assert.doesNotMatch(step.run ?? "", /\$\{\{/, `step '${step.name}' has an expression in run`);
  }
  assert.equal((text.match(/inputs\.api-token/g) ?? []).length, 1);
  const publish = action.runs.steps.find((step) => step.id === "publish");
  assert.equal(publish?.env?.INPUT_API_TOKEN, "${{ inputs.api-token }}");
  // Every input is used by some step, and every output comes from publish's own outputs.
  for (const name of Object.keys(action.inputs)) {
    assert.match(text, new RegExp(`\\$\\{\\{ inputs\\.${name} \\}\\}`), name);
  }
  assert.deepEqual(
    Object.values(action.outputs).map((output) => output.value),
    ["version", "job-ids", "status", "digests"].map((name) =>
      `\${{ steps.publish.outputs.${name} }}`
    ),
  );
});

Deno.test({
  name:
    "the action installs the release binary, publishes the files and reads publish's outputs back",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
    await Deno.mkdir(`${runner.workspace}/dist`);
    await Deno.writeTextFile(`${runner.workspace}/dist/app-1.4.0.tar.gz`, "tarball");
    await Deno.writeTextFile(`${runner.workspace}/CHANGELOG.md`, "changes");
    const run = await runAction({
      runner,
      inputs: {
        "api-token": TOKEN,
        "api-url": server.url,
        "package-id": "pkg-1",
        files: '{"source-tarball": "dist/app-1.4.0.tar.gz", "changelog": "CHANGELOG.md"}',
        "cli-version": "1.2.3",
      },
      env: {
        DISTROPACK_DOWNLOAD_URL: releases.url,
        GITHUB_REF_TYPE: "tag",
        GITHUB_REF_NAME: "v1.4.0",
      },
    });
    assert.equal(run.code, 0, run.log);
    assert.deepEqual(run.outputs, {
      version: "1.4.0",
      "job-ids": "j-1,j-2",
      status: "finished",
      digests: `source-tarball=${sha256(new TextEncoder().encode("tarball"))}\n` +
        `changelog=${sha256(new TextEncoder().encode("changes"))}`,
    });
    const uploads = server.to("upload_file").map((r) => r.query.get("accessName")).sort();
    assert.deepEqual(uploads, ["changelog", "source-tarball"]);
    assert.deepEqual(server.to("build_package")[0].fields, { version: "1.4.0" });
    assert.deepEqual(run.path, [`${runner.toolCache}/distropack-cli/1.2.3/x64`]);
    assert.notEqual(run.summary, "");
    assert.equal(run.log.split(TOKEN).length, 2, "the token appears only in the mask command");
    assert.ok(run.log.includes(`::add-mask::${TOKEN}\n`));
  },
});

Deno.test("action.yml reads its own path from GITHUB_ACTION_PATH, never github.action_path", async () => {
  const text = await Deno.readTextFile(`${SOURCE_DIR}/action.yml`);
  assert.doesNotMatch(text, /github\.action_path/);
  assert.match(text, /\$GITHUB_ACTION_PATH|\$\{GITHUB_ACTION_PATH/);
});

Deno.test({
  name:
    "a matrix fans in: legs with build false only upload, a run without files builds nothing, build-only builds once",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    const inputs = {
      "api-token": TOKEN,
      "api-url": server.url,
      "package-id": "pkg-1",
      version: "1.4.0",
      "cli-version": "1.2.3",
    };
    const env = { DISTROPACK_DOWNLOAD_URL: releases.url };
    for (const arch of ["amd64", "arm64"]) {
      await Deno.writeTextFile(`${runner.workspace}/app_${arch}.deb`, arch);
      const leg = await runAction({
        runner,
        env,
        inputs: { ...inputs, build: "false", files: `deb-${arch}=app_${arch}.deb` },
      });
      assert.equal(leg.code, 0, leg.log);
      assert.equal(leg.outputs.status, "uploaded");
    }
    assert.equal(server.to("upload_file").length, 2);
    assert.deepEqual(server.to("build_package"), []);
    // files left out, as in the official action's workflows that required it: no build.
    const forgotten = await runAction({ runner, env, inputs });
    assert.equal(forgotten.code, 1, forgotten.log);
    assert.match(forgotten.log, /::error title=distropack-cli publish::the files input is empty/);
    assert.equal(forgotten.outputs.status, "");
    assert.equal(server.requests.length, 2, "nothing sent");
    const fanIn = await runAction({ runner, env, inputs: { ...inputs, "build-only": "true" } });
    assert.equal(fanIn.code, 0, fanIn.log);
    assert.deepEqual(fanIn.outputs, {
      version: "1.4.0",
      "job-ids": "j-1",
      status: "finished",
      digests: "",
    });
    assert.equal(server.to("upload_file").length, 2);
    assert.equal(server.to("build_package").length, 1);
  },
});

Deno.test({
  name: "the action's target takes any lower-case name the server may know, as the CLI does",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", cliBinary(CLI, "1.2.3"))]);
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    const inputs = {
      "api-token": TOKEN,
      "api-url": server.url,
      "package-id": "pkg-1",
      version: "1.4.0",
      "build-only": "true",
      "cli-version": "1.2.3",
    };
    const env = { DISTROPACK_DOWNLOAD_URL: releases.url };
    const apk = await runAction({ runner, env, inputs: { ...inputs, target: "apk" } });
    assert.equal(apk.code, 0, apk.log);
    assert.match(apk.log, /Note: target 'apk' is not one this release knows \(deb, rpm, pacman\)/);
    assert.equal(server.requests[0].rawQuery, "packageId=pkg-1&distroType=apk");
    const upper = await runAction({ runner, env, inputs: { ...inputs, target: "APK" } });
    assert.equal(upper.code, 2, upper.log);
    assert.match(upper.log, /::error title=distropack-cli::.*Target names are lower case/);
    assert.equal(server.to("build_package_single").length, 1, "nothing more sent");
  },
});

/** Files the CLI refuses, when the action hands them over, before anything is uploaded. */
const REFUSED_FILES: Array<{ name: string; files: string; code?: number; log: RegExp }> = [
  {
    name: "the action's files lines are read by the CLI, which names a bad line in its annotation",
    files: "# the release\nsource-tarball = a.tar.gz\nchangelog\n",
    code: 2,
    log: /::error title=distropack-cli::--files line 3 \("changelog"\) is not slot=path\./,
  },
  {
    name: "the action fails on a missing file, naming it, before anything is uploaded",
    files: "source-tarball=a.tar.gz\nchangelog=docs/CHANGES.md",
    log: /docs\/CHANGES\.md/,
  },
];

for (const { name, files, code, log } of REFUSED_FILES) {
  Deno.test({
    name,
    ignore: !posix,
    fn: async () => {
      await using runner = await makeRunner();
      await using releases = await releaseServer([
        await release("v1.2.3", cliBinary(CLI, "1.2.3")),
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
          files,
          "cli-version": "1.2.3",
        },
      });
      if (code === undefined) assert.notEqual(run.code, 0, run.log);
      else assert.equal(run.code, code, run.log);
      assert.match(run.log, log);
      assert.deepEqual(server.requests, []);
    },
  });
}
