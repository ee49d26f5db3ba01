/**
 * The CI examples under examples/ci/, run for real: each example's
 * distropack-cli lines run under the shell its CI uses, in the order its jobs
 * run, matrix legs included, with the environment that CI sets on a tag build
 * (or on a manual run with a version), against the fake DistroPack server
 * (./helpers/ci_examples.ts, ./helpers/ci_pipelines.ts). The `distropack-cli`
 * they call is the CLI from source with the compiled binary's permission set.
 * Install and build steps are skipped: the test writes the files a build would
 * leave in dist/.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { cliInvocation, REPO_ROOT } from "./helpers/process.ts";
import {
  assertFanIn,
  BINARIES,
  EXAMPLES,
  PACKAGE_ID,
  posix,
  runStep,
  type Step,
  type Trigger,
  version,
  workspace,
} from "./helpers/ci_examples.ts";
import {
  azureSteps,
  circleciSteps,
  githubSteps,
  gitlabSteps,
  jenkinsSteps,
  type Place,
} from "./helpers/ci_pipelines.ts";

/** How the examples' `distropack-cli` runs the CLI. */
const CLI = await cliInvocation([]);

/** One example as its CI runs it: its steps, then what else the run must have left. */
interface Pipeline {
  name: string;
  steps: (trigger: Trigger, place: Place) => Promise<Step[]>;
  /** Checks of the steps before they run. */
  before?: (steps: Step[]) => void;
  /** Checks after the run, beside the uploads and the build. */
  after?: (trigger: Trigger, ws: { path: string }) => Promise<void>;
}

const PIPELINES: Pipeline[] = [
  {
    name:
      "the GitHub workflow with the plain CLI uploads each matrix leg's binary, then builds once",
    steps: (trigger, place) =>
      githubSteps(`${EXAMPLES}/.github/workflows/cli-packages.yml`, trigger, place),
  },
  {
    name:
      "the GitHub workflow with the action uploads in each matrix leg with build false, then builds once with build-only",
    steps: (trigger, place) =>
      githubSteps(`${EXAMPLES}/.github/workflows/action-packages.yml`, trigger, place),
    before(steps) {
      assert.equal(steps.length, 3, "the action runs in each of the two legs, then once to build");
      assert.deepEqual(steps.map((step) => step.env.INPUT_BUILD), ["false", "false", "true"]);
      assert.deepEqual(steps.map((step) => step.env.INPUT_FILES === ""), [false, false, true]);
      // The build after the legs asks for it: no files alone would fail the step.
      assert.deepEqual(steps.map((step) => step.env.INPUT_BUILD_ONLY), ["false", "false", "true"]);
    },
    async after(trigger, ws) {
      const outputs = await Deno.readTextFile(`${ws.path}/github_output`);
      // name<<delimiter, the value, the delimiter: the multi-line form of a step output.
      const statuses = [...outputs.matchAll(/^status<<(\S+)\n(.*)\n\1$/gm)].map((m) => m[2]);
      assert.deepEqual(statuses, ["uploaded", "uploaded", "finished"]);
      const versions = [...outputs.matchAll(/^version<<(\S+)\n(.*)\n\1$/gm)].map((m) => m[2]);
      assert.deepEqual(versions, Array(3).fill(version(trigger)));
      // summary: false in the legs: only the build writes the step summary, once.
      const summary = await Deno.readTextFile(`${ws.path}/github_summary`);
      assert.equal(summary.split(version(trigger)).length > 1, true, summary);
      assert.equal(summary.match(/^#+ /gm)?.length, 1, summary);
    },
  },
  {
    name: "the GitLab pipeline uploads each matrix job's binary, then builds once",
    steps: gitlabSteps,
  },
  {
    name: "the CircleCI config uploads each matrix job's binary, then builds once",
    steps: circleciSteps,
  },
  {
    name: "the Jenkinsfile uploads each matrix cell's binary, then builds once",
    steps: jenkinsSteps,
  },
  {
    name: "the Azure pipeline uploads each matrix job's binary, then builds once",
    steps: azureSteps,
  },
];

for (const trigger of [{ tag: "v1.2.3" }, { manual: "2.0.0" }] as Trigger[]) {
  const how = "tag" in trigger ? "on a tag push" : "on a manual run with a version";
  for (const pipeline of PIPELINES) {
    Deno.test({
      name: `${pipeline.name}, ${how}`,
      ignore: !posix,
      async fn() {
        await using ws = await workspace(CLI);
        await using server = FakeServer.start();
        const steps = await pipeline.steps(trigger, { ws, server });
        pipeline.before?.(steps);
        for (const step of steps) await runStep(ws, step);
        assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
        await pipeline.after?.(trigger, ws);
      },
    });
  }
}

// Any other CI: generic-ci.sh.
for (
  const variable of ["CI_COMMIT_TAG", "DRONE_TAG", "BUILDKITE_TAG", "BITBUCKET_TAG", "TAG_NAME"]
) {
  Deno.test({
    name: `generic-ci.sh publishes the tarball and the changelog with the version from ${variable}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace(CLI);
      await using server = FakeServer.start();
      await runStep(ws, {
        shell: "sh",
        script: `"${EXAMPLES}/generic-ci.sh"`,
        env: {
          CI: "true",
          DISTROPACK_API_URL: server.url,
          DISTROPACK_API_TOKEN: TOKEN,
          DISTROPACK_PACKAGE_ID: PACKAGE_ID,
          [variable]: "v1.2.3",
        },
      });
      assertFanIn(server, ws.files, {
        version: "1.2.3",
        slots: { "source-tarball": "dist/myapp-1.2.3.tar.gz", changelog: "CHANGELOG.md" },
      });
      const document = JSON.parse(await Deno.readTextFile(`${ws.path}/distropack.json`));
      assert.equal(document.version, "1.2.3");
      assert.equal(document.version_source, variable);
      assert.equal(document.build.all_finished, true);
    },
  });
}

Deno.test({
  name: "generic-ci.sh takes the version as its argument, and names a missing token",
  ignore: !posix,
  async fn() {
    await using ws = await workspace(CLI);
    await using server = FakeServer.start();
    const env = { DISTROPACK_API_URL: server.url, DISTROPACK_PACKAGE_ID: PACKAGE_ID };
    await runStep(ws, {
      shell: "sh",
      script: `"${EXAMPLES}/generic-ci.sh" 2.0.0`,
      env: { ...env, DISTROPACK_API_TOKEN: TOKEN },
    });
    assertFanIn(server, ws.files, {
      version: "2.0.0",
      slots: { "source-tarball": "dist/myapp-2.0.0.tar.gz", changelog: "CHANGELOG.md" },
    });
    const missing = await new Deno.Command("sh", {
      args: [`${EXAMPLES}/generic-ci.sh`, "2.0.0"],
      cwd: ws.path,
      clearEnv: true,
      env: { PATH: `${ws.path}/bin:${Deno.env.get("PATH")}`, ...env },
      stderr: "piped",
    }).output();
    assert.notEqual(missing.code, 0);
    assert.match(new TextDecoder().decode(missing.stderr), /DISTROPACK_API_TOKEN/);
  },
});

Deno.test("every CI the docs name has a guide and a tested example", async () => {
  const index = await Deno.readTextFile(`${REPO_ROOT}docs/ci/README.md`);
  for (
    const [guide, example] of [
      ["github-actions.md", ".github/workflows/action-packages.yml"],
      ["github-actions.md#the-plain-cli", ".github/workflows/cli-packages.yml"],
      ["gitlab.md", ".gitlab-ci.yml"],
      ["circleci.md", ".circleci/config.yml"],
      ["jenkins.md", "jenkins/Jenkinsfile"],
      ["azure-pipelines.md", "azure-pipelines.yml"],
      ["other.md", "generic-ci.sh"],
    ]
  ) {
    assert.ok(index.includes(`(${guide})`), `docs/ci/README.md does not link ${guide}`);
    assert.ok(
      index.includes(`(../../examples/ci/${example})`),
      `docs/ci/README.md lacks ${example}`,
    );
    await Deno.stat(`${REPO_ROOT}docs/ci/${guide.replace(/#.*/, "")}`);
    await Deno.stat(`${EXAMPLES}/${example}`);
  }
});

Deno.test("every file under examples/ci is run by a test here, and every YAML one parses", async () => {
  const tested = new Set([
    ".github/workflows/action-packages.yml",
    ".github/workflows/cli-packages.yml",
    ".github/workflows/manifest-packages.yml",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "jenkins/Jenkinsfile",
    "azure-pipelines.yml",
    "generic-ci.sh",
  ]);
  const found: string[] = [];
  async function walk(dir: string) {
    for await (const entry of Deno.readDir(`${EXAMPLES}/${dir}`)) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path);
      else found.push(path);
    }
  }
  await walk("");
  assert.deepEqual(
    found.sort(),
    [...tested].sort(),
    "an example without a test, or a test without its example",
  );
  for (const file of found.filter((name) => /\.ya?ml$/.test(name))) {
    assert.equal(typeof parseYaml(await Deno.readTextFile(`${EXAMPLES}/${file}`)), "object", file);
  }
});
