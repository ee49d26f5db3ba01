/**
 * The CI examples under examples/ci/ and the commands the docs show, run for
 * real: each example's distropack-cli lines run under the shell its CI uses,
 * in the order its jobs run, matrix legs included, with the environment that
 * CI sets on a tag build (or on a manual run with a version), against the
 * fake DistroPack server. The `distropack-cli` they call is the CLI from
 * source with the compiled binary's permission set. Install and build steps
 * are skipped: the test writes the files a build would leave in dist/.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { locate } from "../src/cli/locate.ts";
import { readCommand, readGlobals } from "../src/cli/parse.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { FakeServer, sha256, TOKEN } from "./helpers/fake_server.ts";
import { cliInvocation, REPO_ROOT } from "./helpers/process.ts";
import { type TempDir, tempDir } from "./helpers/temp.ts";

const EXAMPLES = `${REPO_ROOT}examples/ci`;
const PACKAGE_ID = "550e8400-e29b-41d4-a716-446655440000";
const posix = Deno.build.os !== "windows";

type Env = Record<string, string>;

/** A step of a CI job: a script for `shell`, in an environment. */
interface Step {
  shell: "bash" | "sh";
  script: string;
  env: Env;
}

/** How a build was started: by a tag push, or by hand with a version. */
type Trigger = { tag: string } | { manual: string };

// ---- running ------------------------------------------------------------------------------

/** A workspace: the files a build leaves, and a `distropack-cli` on PATH that runs the source. */
async function workspace(): Promise<TempDir & { bin: string; files: Record<string, Uint8Array> }> {
  const dir = await tempDir("distropack-example-");
  const files: Record<string, Uint8Array> = {
    "dist/myapp-linux-amd64.tar.gz": crypto.getRandomValues(new Uint8Array(40_000)),
    "dist/myapp-linux-arm64.tar.gz": crypto.getRandomValues(new Uint8Array(30_000)),
    "dist/myapp-1.2.3.tar.gz": crypto.getRandomValues(new Uint8Array(20_000)),
    "dist/myapp-2.0.0.tar.gz": crypto.getRandomValues(new Uint8Array(20_000)),
    "CHANGELOG.md": new TextEncoder().encode("# 1.2.3\n"),
  };
  await Deno.mkdir(`${dir.path}/dist`);
  await Deno.mkdir(`${dir.path}/home`);
  await Deno.mkdir(`${dir.path}/bin`);
  for (const [name, bytes] of Object.entries(files)) {
    await Deno.writeFile(`${dir.path}/${name}`, bytes);
  }
  const { program, args, env } = await cliInvocation([]);
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(env).filter(([name]) => name !== "PATH")
    .map(([name, value]) => `export ${name}=${quote(value)}\n`).join("");
  const bin = `${dir.path}/bin/distropack-cli`;
  await Deno.writeTextFile(
    bin,
    `#!/bin/sh\n${exports}exec ${[program, ...args].map(quote).join(" ")} "$@"\n`,
  );
  await Deno.chmod(bin, 0o755);
  return { ...dir, bin, files };
}

/** Runs one step in the workspace with only the given environment (and PATH, HOME). */
async function runStep(ws: { path: string }, step: Step): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command(step.shell, {
    args: ["-c", step.script],
    cwd: ws.path,
    clearEnv: true,
    env: {
      PATH: `${ws.path}/bin:${Deno.env.get("PATH")}`,
      HOME: `${ws.path}/home`,
      ...step.env,
    },
  }).output();
  const text = new TextDecoder();
  assert.equal(
    code,
    0,
    `${step.script}\nexited ${code}\n${text.decode(stdout)}\n${text.decode(stderr)}`,
  );
}

/**
 * The lines of a script that run distropack-cli (a line continued with a
 * trailing backslash counts as one); install and build lines are left out.
 */
function cliLines(script: string): string {
  return script.replace(/\\\n\s*/g, " ").split("\n")
    .filter((line) => /^\s*distropack-cli\s/.test(line)).join("\n");
}

/** The steps whose script runs distropack-cli, reduced to those lines. */
function cliSteps(steps: Step[]): Step[] {
  return steps.map((step) => ({ ...step, script: cliLines(step.script) }))
    .filter((step) => step.script !== "");
}

/** Every combination of a matrix's values: {a: [1, 2], b: [3]} gives {a: 1, b: 3}, {a: 2, b: 3}. */
function legs(matrix: Record<string, unknown[]> | undefined): Env[] {
  let all: Env[] = [{}];
  for (const [name, values] of Object.entries(matrix ?? {})) {
    all = all.flatMap((leg) => values.map((value) => ({ ...leg, [name]: String(value) })));
  }
  return all;
}

function version(trigger: Trigger): string {
  return "tag" in trigger ? trigger.tag.replace(/^v/, "") : trigger.manual;
}

/** What a fan-in run must have sent: each binary once, into its slot, then one build. */
function assertFanIn(
  server: FakeServer,
  files: Record<string, Uint8Array>,
  expected: { version: string; slots: Record<string, string> },
) {
  const uploads = server.to("upload_file");
  assert.deepEqual(
    uploads.map((upload) => upload.query.get("accessName")).sort(),
    Object.keys(expected.slots).sort(),
  );
  for (const upload of uploads) {
    const path = expected.slots[upload.query.get("accessName")!];
    assert.equal(upload.query.get("packageId"), PACKAGE_ID);
    assert.equal(
      upload.file?.sha256,
      sha256(files[path]),
      `slot ${upload.query.get("accessName")}`,
    );
    assert.equal(upload.headers.authorization, `Bearer ${TOKEN}`);
  }
  const builds = server.requests.filter((r) => r.endpoint.startsWith("build_package"));
  assert.equal(builds.length, 1, "one build, started once");
  assert.equal(builds[0].query.get("packageId"), PACKAGE_ID);
  assert.equal(builds[0].fields.version, expected.version);
  const lastUpload = server.requests.lastIndexOf(uploads.at(-1)!);
  assert.ok(server.requests.indexOf(builds[0]) > lastUpload, "the build starts after every upload");
}

/** The ids of the packages of examples/distropack.toml, as the CI's variables hold them. */
const MANIFEST_IDS = {
  DISTROPACK_PACKAGE_ID_MYAPP: PACKAGE_ID,
  DISTROPACK_PACKAGE_ID_MYAPP_BIN: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
};

const BINARIES = {
  "binary-amd64": "dist/myapp-linux-amd64.tar.gz",
  "binary-arm64": "dist/myapp-linux-arm64.tar.gz",
};

// ---- GitHub Actions ------------------------------------------------------------------------

interface Workflow {
  env?: Env;
  jobs: Record<string, {
    env?: Env;
    strategy?: { matrix?: Record<string, unknown[]> };
    steps: Array<{ id?: string; run?: string; uses?: string; env?: Env; with?: Env }>;
  }>;
}

/** `${{ expr }}` evaluated against the few contexts the examples use; anything else fails. */
function expand(text: string, context: Record<string, Env>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
    const [scope, ...rest] = expression.split(".");
    const value = context[scope]?.[rest.join(".")];
    assert.ok(value !== undefined, `the test does not know \${{ ${expression} }}`);
    return value;
  });
}

function githubEnv(trigger: Trigger, dir: string): Env {
  return {
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: `${dir}/github_output`,
    GITHUB_STEP_SUMMARY: `${dir}/github_summary`,
    ...("tag" in trigger
      ? { GITHUB_EVENT_NAME: "push", GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: trigger.tag }
      : {
        GITHUB_EVENT_NAME: "workflow_dispatch",
        GITHUB_REF_TYPE: "branch",
        GITHUB_REF_NAME: "main",
      }),
  };
}

async function readActionYml() {
  return parseYaml(await Deno.readTextFile(`${REPO_ROOT}action.yml`)) as {
    inputs: Record<string, { default?: string }>;
    runs: { steps: Array<{ id?: string; run?: string; env?: Env }> };
  };
}

/** The steps of a workflow in order, matrix legs expanded, with `uses:` of the action run too. */
async function workflowSteps(
  file: string,
  trigger: Trigger,
  ws: { path: string; bin: string },
  server: FakeServer,
): Promise<Step[]> {
  const workflow = parseYaml(await Deno.readTextFile(file)) as Workflow;
  const action = await readActionYml();
  const publish = action.runs.steps.find((step) => step.id === "publish")!;
  const steps: Step[] = [];
  for (const job of Object.values(workflow.jobs)) {
    for (const matrix of legs(job.strategy?.matrix)) {
      const context = {
        secrets: { DISTROPACK_API_TOKEN: TOKEN },
        vars: { DISTROPACK_PACKAGE_ID: PACKAGE_ID, ...MANIFEST_IDS },
        inputs: { version: "manual" in trigger ? trigger.manual : "" },
        matrix,
      };
      const expandAll = (env: Env = {}) =>
        Object.fromEntries(Object.entries(env).map(([k, v]) => [k, expand(String(v), context)]));
      const base = {
        ...githubEnv(trigger, ws.path),
        DISTROPACK_API_URL: server.url,
        ...expandAll(workflow.env),
        ...expandAll(job.env),
      };
      for (const step of job.steps) {
        if (step.uses?.startsWith("distropack/distropack-cli@")) {
          const inputs = expandAll(step.with);
          for (const name of Object.keys(inputs)) {
            assert.ok(name in action.inputs, `${file}: the action has no input '${name}'`);
          }
          const env: Env = { ...base, ...expandAll(step.env), CLI: ws.bin };
          for (const [name, input] of Object.entries(action.inputs)) {
            env[`INPUT_${name.toUpperCase().replaceAll("-", "_")}`] = inputs[name] ??
              input.default ?? "";
          }
          steps.push({ shell: "bash", script: publish.run!, env });
        } else if (step.run) {
          const script = cliLines(step.run);
          if (script) {
            steps.push({
              shell: "bash",
              script: expand(script, context),
              env: { ...base, ...expandAll(step.env) },
            });
          }
        }
      }
    }
  }
  return steps;
}

for (const trigger of [{ tag: "v1.2.3" }, { manual: "2.0.0" }] as Trigger[]) {
  const how = "tag" in trigger ? "on a tag push" : "on a manual run with a version";

  Deno.test({
    name:
      `the GitHub workflow with the plain CLI uploads each matrix leg's binary, then builds once, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      const file = `${EXAMPLES}/.github/workflows/cli-packages.yml`;
      for (const step of await workflowSteps(file, trigger, ws, server)) await runStep(ws, step);
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
    },
  });

  Deno.test({
    name:
      `the GitHub workflow with the action uploads in each matrix leg with build false, then builds once with build-only, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      const file = `${EXAMPLES}/.github/workflows/action-packages.yml`;
      const steps = await workflowSteps(file, trigger, ws, server);
      assert.equal(steps.length, 3, "the action runs in each of the two legs, then once to build");
      assert.deepEqual(steps.map((step) => step.env.INPUT_BUILD), ["false", "false", "true"]);
      assert.deepEqual(steps.map((step) => step.env.INPUT_FILES === ""), [false, false, true]);
      // The build after the legs asks for it: no files alone would fail the step.
      assert.deepEqual(steps.map((step) => step.env.INPUT_BUILD_ONLY), ["false", "false", "true"]);
      for (const step of steps) await runStep(ws, step);
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
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
  });

  // ---- GitLab CI ---------------------------------------------------------------------------

  Deno.test({
    name: `the GitLab pipeline uploads each matrix job's binary, then builds once, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      const config = parseYaml(
        await Deno.readTextFile(`${EXAMPLES}/.gitlab-ci.yml`),
      ) as Record<string, Record<string, unknown>>;
      const env: Env = {
        CI: "true",
        GITLAB_CI: "true",
        DISTROPACK_API_URL: server.url,
        DISTROPACK_API_TOKEN: TOKEN,
        DISTROPACK_PACKAGE_ID: PACKAGE_ID,
        ...config.variables as Env,
        ...("tag" in trigger
          ? { CI_COMMIT_TAG: trigger.tag, CI_PIPELINE_SOURCE: "push" }
          : { CI_PIPELINE_SOURCE: "web", VERSION: trigger.manual }),
      };
      const stages = config.stages as unknown as string[];
      const jobs = Object.entries(config)
        .filter(([name, job]) =>
          !name.startsWith(".") && typeof job === "object" && "script" in job
        )
        .sort(([, a], [, b]) =>
          stages.indexOf(a.stage as string) - stages.indexOf(b.stage as string)
        );
      for (const [, job] of jobs) {
        assert.equal(job.extends, ".distropack", "every job gets the CLI and the rules");
        const parallel = job.parallel as { matrix: Array<Record<string, unknown[]>> } | undefined;
        for (const matrix of parallel ? parallel.matrix.flatMap(legs) : [{}]) {
          const script = (job.script as string[]).join("\n");
          for (const step of cliSteps([{ shell: "sh", script, env: { ...env, ...matrix } }])) {
            await runStep(ws, step);
          }
        }
      }
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
    },
  });

  // ---- CircleCI ----------------------------------------------------------------------------

  Deno.test({
    name: `the CircleCI config uploads each matrix job's binary, then builds once, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      // deno-lint-ignore no-explicit-any
      const config = parseYaml(await Deno.readTextFile(`${EXAMPLES}/.circleci/config.yml`)) as any;
      const pipelineVersion = "manual" in trigger ? trigger.manual : "";
      const workflow = config.workflows["manual" in trigger ? "manual" : "tag"];
      assert.equal(
        "when" in workflow ? workflow.when : workflow.unless,
        "<< pipeline.parameters.version >>",
      );
      const env: Env = {
        CI: "true",
        CIRCLECI: "true",
        DISTROPACK_API_URL: server.url,
        DISTROPACK_API_TOKEN: TOKEN,
        DISTROPACK_PACKAGE_ID: PACKAGE_ID,
        ...("tag" in trigger ? { CIRCLE_TAG: trigger.tag } : { CIRCLE_BRANCH: "main" }),
      };
      for (const entry of workflow.jobs) {
        // deno-lint-ignore no-explicit-any
        const [name, settings] = Object.entries(entry)[0] as [string, Record<string, any>];
        assert.equal(settings.context, "distropack");
        if ("tag" in trigger) assert.equal(settings.filters.tags.only, "/^v.*/");
        const job = config.jobs[name];
        for (const parameters of legs(settings.matrix?.parameters)) {
          const substitute = (text: string) =>
            text.replaceAll("<< pipeline.parameters.version >>", pipelineVersion)
              .replace(/<< parameters\.(\w+) >>/g, (_, p: string) => parameters[p]);
          const jobEnv = Object.fromEntries(
            Object.entries(job.environment ?? {}).map(([k, v]) => [k, substitute(String(v))]),
          );
          for (const step of job.steps) {
            const run = step.run;
            const script = typeof run === "string" ? run : run?.command;
            if (typeof script !== "string") continue;
            for (
              const found of cliSteps([{
                shell: "bash",
                script: substitute(script),
                env: { ...env, ...jobEnv },
              }])
            ) {
              await runStep(ws, found);
            }
          }
        }
      }
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
    },
  });

  // ---- Jenkins -----------------------------------------------------------------------------

  Deno.test({
    name: `the Jenkinsfile uploads each matrix cell's binary, then builds once, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      const text = await Deno.readTextFile(`${EXAMPLES}/jenkins/Jenkinsfile`);
      const packageId = /DISTROPACK_PACKAGE_ID = '([^']+)'/.exec(text)?.[1];
      assert.equal(packageId, PACKAGE_ID);
      assert.match(text, /DISTROPACK_API_TOKEN = credentials\('distropack-api-token'\)/);
      const arches = /values ('[^\n]+)/.exec(text)![1].match(/'([^']+)'/g)!.map((v) =>
        v.slice(1, -1)
      );
      const env: Env = {
        CI: "true",
        JENKINS_URL: "http://jenkins.invalid/",
        DISTROPACK_API_URL: server.url,
        DISTROPACK_API_TOKEN: TOKEN,
        DISTROPACK_PACKAGE_ID: packageId!,
        ...("tag" in trigger
          ? { TAG_NAME: trigger.tag, VERSION: "" }
          : { VERSION: trigger.manual }),
      };
      // Each `sh '...'` in order; those of the matrix run once per ARCH value.
      for (const [, script] of text.matchAll(/\bsh '([^']*(?:'[^'\n]*'[^']*)*)'/g)) {
        for (const arch of script.includes("$ARCH") ? arches : [undefined]) {
          const steps = cliSteps([{
            shell: "sh",
            script,
            env: { ...env, ...(arch ? { ARCH: arch } : {}) },
          }]);
          for (const step of steps) await runStep(ws, step);
        }
      }
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
    },
  });

  // ---- Azure Pipelines ---------------------------------------------------------------------

  Deno.test({
    name: `the Azure pipeline uploads each matrix job's binary, then builds once, ${how}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      // deno-lint-ignore no-explicit-any
      const config = parseYaml(await Deno.readTextFile(`${EXAMPLES}/azure-pipelines.yml`)) as any;
      // The variable group's values, as the Library would give them.
      const group: Env = { DISTROPACK_API_TOKEN: TOKEN, DISTROPACK_PACKAGE_ID: PACKAGE_ID };
      const pipelineVars: Env = Object.fromEntries(
        config.variables.filter((v: { name?: string }) => v.name).map((
          v: Env,
        ) => [v.name, v.value]),
      );
      assert.ok(config.variables.some((v: { group?: string }) => v.group === "distropack"));
      const parameters: Env = { version: "manual" in trigger ? trigger.manual : "" };
      const macros = (text: string) =>
        text.replace(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g, (_, name: string) => parameters[name])
          .replace(/\$\((\w+)\)/g, (_, name: string) => group[name] ?? `$(${name})`);
      // Secret variables are not in the environment unless mapped; the others are.
      const env: Env = {
        TF_BUILD: "True",
        DISTROPACK_API_URL: server.url,
        DISTROPACK_PACKAGE_ID: PACKAGE_ID,
        ...pipelineVars,
        BUILD_SOURCEBRANCH: "tag" in trigger ? `refs/tags/${trigger.tag}` : "refs/heads/main",
      };
      for (const stage of config.stages) {
        for (const job of stage.jobs) {
          const matrix = Object.values(job.strategy?.matrix ?? { one: {} }) as Env[];
          for (const leg of matrix) {
            for (const step of job.steps) {
              const script = step.bash ?? step.script;
              if (typeof script !== "string") continue;
              const stepEnv = Object.fromEntries(
                Object.entries(step.env ?? {}).map(([k, v]) => [k, macros(String(v))]),
              );
              for (
                const found of cliSteps([{
                  shell: "bash",
                  script,
                  env: { ...env, ...leg, ...stepEnv },
                }])
              ) {
                await runStep(ws, found);
              }
            }
          }
        }
      }
      assertFanIn(server, ws.files, { version: version(trigger), slots: BINARIES });
    },
  });
}

// ---- any other CI ------------------------------------------------------------------------------

for (
  const variable of ["CI_COMMIT_TAG", "DRONE_TAG", "BUILDKITE_TAG", "BITBUCKET_TAG", "TAG_NAME"]
) {
  Deno.test({
    name: `generic-ci.sh publishes the tarball and the changelog with the version from ${variable}`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
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
    await using ws = await workspace();
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

// ---- the docs' snippets ------------------------------------------------------------------------

/** The hand-written docs a user copies commands from. */
async function guides(): Promise<string[]> {
  const files = ["README.md", "CONTRIBUTING.md", "SECURITY.md"];
  for (const folder of ["docs", "docs/ci"]) {
    for await (const entry of Deno.readDir(`${REPO_ROOT}${folder}`)) {
      if (entry.isFile && entry.name.endsWith(".md")) files.push(`${folder}/${entry.name}`);
    }
  }
  return files.sort();
}

/** Each fenced block of a Markdown text (in a list item too): its language and its lines. */
function fences(text: string): Array<{ lang: string; lines: string[] }> {
  return [...text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)]
    .map(([, , lang, body]) => ({ lang, lines: dedent(body.replace(/\n$/, "").split("\n")) }));
}

/**
 * A command line as the shell would split it, before expansion: quotes
 * removed, `${X:+...}` taken as set, and cut at a pipe, redirection,
 * `&&`, `;` or comment.
 */
function words(line: string): string[] {
  const text = line.replace(/\$\{\w+:\+([^}]*)\}/g, "$1");
  const found: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      const closing = text.indexOf(char, i + 1);
      const end = closing < 0 ? text.length : closing;
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(char)) {
      if (word !== undefined) found.push(word);
      word = undefined;
    } else if (/[|>;&)]/.test(char) || (char === "#" && word === undefined)) {
      break;
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) found.push(word);
  return found;
}

/** The distropack-cli commands of a block's lines, continuations joined, in any wrapper. */
function commandsIn(lines: string[], console: boolean): Array<{ argv: string[]; next?: string }> {
  const joined = lines.join("\n").replace(/\\\n\s*/g, " ").split("\n");
  const found: Array<{ argv: string[]; next?: string }> = [];
  joined.forEach((line, at) => {
    // `X.Y.Z` is a version placeholder; 'distropack-cli release' is the release key's comment.
    const match = /(?:^|[\s'"`(])(?:~\/\.local\/bin\/)?distropack-cli (?!X\.Y\.Z|release['"])(.*)$/
      .exec(line);
    // In a console transcript, only the prompt's lines are commands; the rest is output.
    if (!match || /^\s*(#|\/\/)/.test(line) || (console && !line.startsWith("$ "))) return;
    found.push({ argv: words(match[1].replace(/'\s*(\}|\))?\s*$/, "")), next: joined[at + 1] });
  });
  return found;
}

/**
 * The commands of a text's inline code spans, outside its fenced blocks: a span that is a command
 * (`distropack-cli config show`), pipes into one or runs one in `$(...)` or `sh '...'`.
 */
function inlineCommands(text: string): string[][] {
  const prose = text.replace(/^( *)```[\s\S]*?^\1```$/gm, "");
  return [...prose.matchAll(/(`+)([^`]+?)\1/g)].flatMap(([, , span]) => {
    const match = /(?:^|\$\(|\|\s*|^sh ')distropack-cli (?!X\.Y\.Z)(.*)$/.exec(
      span.replace(/\s*\n\s*/g, " ").trim(),
    );
    return match ? [words(match[1].replace(/'\s*(\}|\))?\s*$/, ""))] : [];
  });
}

Deno.test("every distropack-cli command in the README and the guides is one the CLI accepts", async () => {
  let checked = 0;
  let inline = 0;
  for (const file of await guides()) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const argv of inlineCommands(text)) {
      try {
        const located = locate(argv, COMMAND_TREE);
        if (located.kind === "command") readCommand(located, COMMAND_TREE);
        if (located.kind === "group") readGlobals(located);
      } catch (error) {
        assert.fail(`${file}: \`distropack-cli ${argv.join(" ")}\`: ${(error as Error).message}`);
      }
      inline++;
    }
    for (const block of fences(text)) {
      // Messages the CLI prints (text), documents (json, toml) hold no command to run.
      if (["text", "json", "toml"].includes(block.lang)) continue;
      for (const { argv, next } of commandsIn(block.lines, block.lang === "console")) {
        // A console transcript may show a mistake and the error it gets.
        if (block.lang === "console" && next?.startsWith("Error:")) continue;
        try {
          const located = locate(argv, COMMAND_TREE);
          if (located.kind === "command") readCommand(located, COMMAND_TREE);
          if (located.kind === "group") readGlobals(located);
        } catch (error) {
          assert.fail(`${file}: distropack-cli ${argv.join(" ")}: ${(error as Error).message}`);
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} commands found in the docs`);
  assert.ok(inline >= 15, `only ${inline} commands found in the docs' inline code`);
});

/** Lines with their common indentation removed. */
function dedent(lines: string[]): string[] {
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length),
  );
  return lines.map((line) => line.slice(indent));
}

Deno.test("every excerpt a guide quotes from examples/ci is in that example, word for word", async () => {
  let quoted = 0;
  for (const file of await guides()) {
    for (const block of fences(await Deno.readTextFile(`${REPO_ROOT}${file}`))) {
      const source = /^(?:#|\/\/) (examples\/ci\/\S+)$/.exec(block.lines[0])?.[1];
      if (!source) continue;
      const example = (await Deno.readTextFile(`${REPO_ROOT}${source}`)).split("\n");
      // The formatter may shift a quoted block left; the lines and their nesting must match.
      const excerpt = dedent(block.lines.slice(1));
      const found = example.some((_, at) =>
        dedent(example.slice(at, at + excerpt.length)).join("\n") === excerpt.join("\n")
      );
      assert.ok(found, `${file} quotes ${source}, which does not hold:\n${excerpt.join("\n")}`);
      quoted++;
    }
  }
  assert.ok(quoted >= 8, `only ${quoted} excerpts found`);
});

Deno.test("the README stays short: at most 250 lines, with a table of contents GitHub shows", async () => {
  const readme = await Deno.readTextFile(`${REPO_ROOT}README.md`);
  assert.ok(readme.split("\n").length <= 251, `README.md has ${readme.split("\n").length} lines`);
  assert.doesNotMatch(readme, /<!--/, "an HTML comment is hidden on GitHub");
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map(([, title]) => title);
  for (const title of headings) {
    const anchor = title.toLowerCase().replace(/[^\w\- ]/g, "").replaceAll(" ", "-");
    assert.match(
      readme,
      new RegExp(`^- \\[${title}\\]\\(#${anchor}\\)$`, "m"),
      `no contents entry for ${title}`,
    );
  }
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

Deno.test("install.md verifies a download by hand with install.sh's release key and namespace", async () => {
  const script = await Deno.readTextFile(`${REPO_ROOT}install.sh`);
  const key = /^SIGNING_KEY="(ssh-ed25519 \S+)[^"]*"$/m.exec(script)?.[1];
  const namespace = /^SIGNING_NAMESPACE="([^"]+)"$/m.exec(script)?.[1];
  assert.ok(key && namespace, "install.sh has no SIGNING_KEY or SIGNING_NAMESPACE line");
  const guide = await Deno.readTextFile(`${REPO_ROOT}docs/install.md`);
  assert.ok(
    guide.includes(
      `echo 'distropack-cli-release namespaces="${namespace}" ${key}' > allowed_signers`,
    ),
    "docs/install.md's allowed-signers line is not install.sh's key",
  );
  assert.ok(
    guide.includes(
      `ssh-keygen -Y verify -f allowed_signers -I distropack-cli-release -n ${namespace} ` +
        "-s checksums.txt.sig < checksums.txt",
    ),
    "docs/install.md's ssh-keygen line is not install.sh's",
  );
});

for (const trigger of [{ tag: "v1.2.3" }, { manual: "2.0.0" }] as Trigger[]) {
  Deno.test({
    name:
      `the GitHub workflow with a manifest publishes both packages of examples/distropack.toml, ${
        "tag" in trigger ? "on a tag push" : "on a manual run with a version"
      }`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace();
      await using server = FakeServer.start();
      server.jobIdsByPackage[MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP] = ["app-deb", "app-rpm"];
      server.jobIdsByPackage[MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN] = ["bin-deb"];
      await Deno.copyFile(`${REPO_ROOT}examples/distropack.toml`, `${ws.path}/distropack.toml`);
      const file = `${EXAMPLES}/.github/workflows/manifest-packages.yml`;
      const steps = await workflowSteps(file, trigger, ws, server);
      assert.equal(steps.length, 1, "the action runs once, for every package");
      await runStep(ws, steps[0]);
      const v = version(trigger);
      const slots = (id: string) =>
        server.to("upload_file").filter((r) => r.query.get("packageId") === id)
          .map((r) => r.query.get("accessName")).sort();
      assert.deepEqual(slots(MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP), [
        "changelog",
        "source-tarball",
      ]);
      assert.deepEqual(slots(MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN), [
        "binary-amd64",
        "binary-arm64",
      ]);
      const tarball = server.to("upload_file").find((r) =>
        r.query.get("accessName") === "source-tarball"
      );
      assert.equal(tarball?.file?.sha256, sha256(ws.files[`dist/myapp-${v}.tar.gz`]));
      const builds = server.to("build_package");
      assert.deepEqual(builds.map((r) => [r.query.get("packageId"), r.fields.version]), [
        [MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP, v],
        [MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN, v],
      ]);
      const outputs = await Deno.readTextFile(`${ws.path}/github_output`);
      assert.match(outputs, /^status<<(\S+)\nfinished\n\1$/m);
      assert.match(outputs, /^job-ids<<(\S+)\napp-deb,app-rpm,bin-deb\n\1$/m);
    },
  });
}
