/**
 * The steps each CI runs for its example under examples/ci/, as
 * ./ci_examples.ts runs them: the jobs in order, matrix legs expanded, with
 * the environment that CI sets, each step reduced to its distropack-cli lines.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { type FakeServer, TOKEN } from "./fake_server.ts";
import { REPO_ROOT } from "./process.ts";
import {
  cliLines,
  cliSteps,
  type Env,
  EXAMPLES,
  legs,
  MANIFEST_IDS,
  PACKAGE_ID,
  type Step,
  type Trigger,
} from "./ci_examples.ts";

/** Where a run's steps are: the workspace with its `distropack-cli`, and the fake server. */
export interface Place {
  ws: { path: string; bin: string };
  server: FakeServer;
}

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
export async function githubSteps(
  file: string,
  trigger: Trigger,
  { ws, server }: Place,
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

/** The GitLab pipeline's jobs in stage order, each parallel matrix leg its own job. */
export async function gitlabSteps(trigger: Trigger, { server }: Place): Promise<Step[]> {
  const steps: Step[] = [];
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
    .filter(([name, job]) => !name.startsWith(".") && typeof job === "object" && "script" in job)
    .sort(([, a], [, b]) => stages.indexOf(a.stage as string) - stages.indexOf(b.stage as string));
  for (const [, job] of jobs) {
    assert.equal(job.extends, ".distropack", "every job gets the CLI and the rules");
    const parallel = job.parallel as { matrix: Array<Record<string, unknown[]>> } | undefined;
    for (const matrix of parallel ? parallel.matrix.flatMap(legs) : [{}]) {
      const script = (job.script as string[]).join("\n");
      for (const step of cliSteps([{ shell: "sh", script, env: { ...env, ...matrix } }])) {
        steps.push(step);
      }
    }
  }
  return steps;
}

/** The CircleCI workflow the trigger runs: its jobs, each matrix leg, pipeline parameters filled in. */
export async function circleciSteps(trigger: Trigger, { server }: Place): Promise<Step[]> {
  const steps: Step[] = [];
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
          steps.push(found);
        }
      }
    }
  }
  return steps;
}

/** Each `sh '...'` of the Jenkinsfile in order, the matrix ones once per ARCH value. */
export async function jenkinsSteps(trigger: Trigger, { server }: Place): Promise<Step[]> {
  const steps: Step[] = [];
  const text = await Deno.readTextFile(`${EXAMPLES}/jenkins/Jenkinsfile`);
  const packageId = /DISTROPACK_PACKAGE_ID = '([^']+)'/.exec(text)?.[1];
  assert.equal(packageId, PACKAGE_ID);
  assert.match(text, /DISTROPACK_API_TOKEN = credentials\('distropack-api-token'\)/);
  const arches = /values ('[^\n]+)/.exec(text)![1].match(/'([^']+)'/g)!.map((v) => v.slice(1, -1));
  const env: Env = {
    CI: "true",
    JENKINS_URL: "http://jenkins.invalid/",
    DISTROPACK_API_URL: server.url,
    DISTROPACK_API_TOKEN: TOKEN,
    DISTROPACK_PACKAGE_ID: packageId!,
    ...("tag" in trigger ? { TAG_NAME: trigger.tag, VERSION: "" } : { VERSION: trigger.manual }),
  };
  // Each `sh '...'` in order; those of the matrix run once per ARCH value.
  for (const [, script] of text.matchAll(/\bsh '([^']*(?:'[^'\n]*'[^']*)*)'/g)) {
    for (const arch of script.includes("$ARCH") ? arches : [undefined]) {
      const found = cliSteps([{
        shell: "sh",
        script,
        env: { ...env, ...(arch ? { ARCH: arch } : {}) },
      }]);
      steps.push(...found);
    }
  }
  return steps;
}

/** The Azure pipeline's stages and jobs in order, matrix legs expanded, macros and secrets as Azure maps them. */
export async function azureSteps(trigger: Trigger, { server }: Place): Promise<Step[]> {
  const steps: Step[] = [];
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
            steps.push(found);
          }
        }
      }
    }
  }
  return steps;
}
