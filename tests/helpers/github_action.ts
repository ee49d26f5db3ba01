/**
 * The GitHub Action (action.yml), run the way the runner runs a composite
 * action: each `run:` step in order under `bash --noprofile --norc -eo
 * pipefail`, with the `${{ }}` expressions of action.yml evaluated by a tiny
 * evaluator that knows only what action.yml may use (an unknown expression
 * fails the test: action_expressions.ts), and GITHUB_OUTPUT, GITHUB_PATH, GITHUB_ENV,
 * GITHUB_STEP_SUMMARY and RUNNER_TOOL_CACHE as temp files and dirs.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { ACTION_DIR } from "./action_release.ts";
import { type Context, evaluate, parseFileCommands } from "./action_expressions.ts";
import { type TempDir, tempDir } from "./temp.ts";

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
  with?: Record<string, unknown>;
  if?: string;
  [other: string]: unknown;
}

export interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export async function readAction(dir = ACTION_DIR): Promise<Action> {
  return parse(await Deno.readTextFile(`${dir}/action.yml`)) as Action;
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** The environment of the workflow step that uses the action. */
  env?: Record<string, string>;
  runner: Runner;
  /** Run the steps up to and including this one. */
  until?: string;
  actionDir?: string;
  github?: Record<string, string>;
  /** The Actions cache of the workflow run (a dir, shared by attempts); the runner's own if unset. */
  cache?: string;
}

export interface ActionRun {
  /** The failing step's exit code, or 0. */
  code: number;
  /** Everything the steps printed, stdout and stderr. */
  log: string;
  outputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  /** What the steps added to GITHUB_PATH. */
  path: string[];
  summary: string;
}

/** A runner's dirs: workspace, temp, tool cache and home, all under one temp dir. */
export interface Runner extends AsyncDisposable {
  os: string;
  arch: string;
  root: string;
  workspace: string;
  toolCache: string;
}

export async function makeRunner(os = "Linux", arch = "X64"): Promise<Runner> {
  const dir: TempDir = await tempDir("distropack-action-");
  const runner = {
    os,
    arch,
    root: dir.path,
    workspace: `${dir.path}/workspace`,
    toolCache: `${dir.path}/toolcache`,
    [Symbol.asyncDispose]: () => dir[Symbol.asyncDispose](),
  };
  for (const sub of ["workspace", "toolcache", "temp", "home"]) {
    await Deno.mkdir(`${dir.path}/${sub}`);
  }
  return runner;
}

/** What the steps so far left for the next: outputs, PATH and env additions, the log. */
interface RunState {
  runner: Runner;
  actionDir: string;
  env: Record<string, string>;
  context: Context;
  summary: string;
  addedPath: string[];
  addedEnv: Record<string, string>;
  log: string;
}

/** The context of a run: the inputs with action.yml's defaults, the github and runner contexts. */
function runContext(action: Action, options: RunOptions): Context {
  for (const name of Object.keys(options.inputs)) {
    assert.ok(name in action.inputs, `action.yml has no input '${name}'`);
  }
  // As actionlint checks a workflow's `with:`: an input action.yml requires may not be left out.
  for (const [name, input] of Object.entries(action.inputs)) {
    assert.ok(!input.required || name in options.inputs, `the required input '${name}' is missing`);
  }
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [
      name,
      options.inputs[name] ?? input.default ?? "",
    ]),
  );
  return {
    inputs,
    // No github.action_path: inside a container it names the host's path, so action.yml
    // must not use it (the evaluator fails on it).
    github: { action_ref: "", run_id: "7", job: "release", run_attempt: "1", ...options.github },
    runner: { os: options.runner.os, arch: options.runner.arch },
    // The runner gives the outputs of a step that did not run as empty strings.
    steps: Object.fromEntries(action.runs.steps.flatMap((step) => step.id ? [[step.id, {}]] : [])),
  };
}

/** Runs step `index` as the runner does; returns its exit code. */
async function runStep(step: Step, index: number, state: RunState): Promise<number> {
  const { runner, context } = state;
  const unknown = Object.keys(step).filter((k) =>
    !["id", "name", "shell", "run", "env", "if"].includes(k)
  );
  assert.deepEqual(unknown, [], `step ${index} uses keys this test does not run`);
  assert.equal(step.shell, "bash");
  const files = { output: "output", path: "path", env: "env" };
  for (const [key, name] of Object.entries(files)) {
    const file = `${runner.root}/temp/${name}_${index}`;
    await Deno.writeTextFile(file, "");
    files[key as keyof typeof files] = file;
  }
  const stepEnv = Object.fromEntries(
    Object.entries(step.env ?? {}).map((
      [name, value],
    ) => [name, evaluate(String(value), context)]),
  );
  const script = `${runner.root}/temp/step_${index}.sh`;
  await Deno.writeTextFile(script, evaluate(step.run ?? "", context));
  const env = {
    PATH: [...state.addedPath.toReversed(), Deno.env.get("PATH") ?? ""].join(":"),
    HOME: `${runner.root}/home`,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: runner.workspace,
    GITHUB_ACTION_PATH: state.actionDir,
    GITHUB_OUTPUT: files.output,
    GITHUB_PATH: files.path,
    GITHUB_ENV: files.env,
    GITHUB_STEP_SUMMARY: state.summary,
    RUNNER_OS: runner.os,
    RUNNER_ARCH: runner.arch,
    RUNNER_TEMP: `${runner.root}/temp`,
    RUNNER_TOOL_CACHE: runner.toolCache,
    ...state.env,
    ...state.addedEnv,
    ...stepEnv,
  };
  const result = await new Deno.Command("bash", {
    args: ["--noprofile", "--norc", "-eo", "pipefail", script],
    env,
    clearEnv: true,
    cwd: runner.workspace,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  state.log += decoder.decode(result.stdout) + decoder.decode(result.stderr);
  if (step.id) context.steps[step.id] = parseFileCommands(await Deno.readTextFile(files.output));
  state.addedPath.push(...(await Deno.readTextFile(files.path)).split("\n").filter(Boolean));
  Object.assign(state.addedEnv, parseFileCommands(await Deno.readTextFile(files.env)));
  return result.code;
}

/**
 * actions/cache/restore and actions/cache/save, as the runner runs them, on
 * a dir of entries named by key: restore takes the exact key, else the
 * newest entry whose key starts with a restore key; save never overwrites an
 * entry and only warns when the path is missing, as actions/cache does.
 */
function cacheStep(step: Step, state: RunState, home: string, cache: string): number {
  const given = (step.with ?? {}) as Record<string, string>;
  const value = (name: string) => evaluate(String(given[name] ?? ""), state.context);
  const path = value("path").replace(/^~\//, `${home}/`);
  const key = value("key");
  Deno.mkdirSync(cache, { recursive: true });
  const entries = [...Deno.readDirSync(cache)].map((entry) => entry.name);
  if (step.uses === "actions/cache/restore@v4") {
    const prefix = value("restore-keys");
    const hit = entries.includes(key)
      ? key
      : entries.filter((name) => prefix !== "" && name.startsWith(prefix)).sort((a, b) =>
        Deno.statSync(`${cache}/${b}`).mtime!.getTime() -
        Deno.statSync(`${cache}/${a}`).mtime!.getTime()
      )[0];
    if (!hit) {
      state.log += `Cache not found for input keys: ${key}\n`;
      return 0;
    }
    Deno.mkdirSync(path.replace(/\/[^/]*$/, ""), { recursive: true });
    Deno.copyFileSync(`${cache}/${hit}`, path);
    state.log += `Cache restored from key: ${hit}\n`;
    return 0;
  }
  assert.equal(step.uses, "actions/cache/save@v4", `step uses ${step.uses}`);
  if (entries.includes(key)) {
    state.log += `Warning: Cache entry ${key} exists already\n`;
    return 0;
  }
  try {
    Deno.copyFileSync(path, `${cache}/${key}`);
    state.log += `Cache saved with key: ${key}\n`;
  } catch {
    state.log += "Warning: Path Validation Error: Path(s) specified in the action for caching " +
      "do(es) not exist, hence no cache is being saved.\n";
  }
  return 0;
}

/**
 * Runs the action's steps in order, as the runner does: after the first that
 * fails only `if: always()` steps, up to `options.until`.
 */
export async function runAction(options: RunOptions): Promise<ActionRun> {
  const actionDir = options.actionDir ?? ACTION_DIR;
  const action = await readAction(actionDir);
  assert.equal(action.runs.using, "composite");
  const context = runContext(action, options);
  const summary = `${options.runner.root}/step_summary.md`;
  await Deno.writeTextFile(summary, "");
  const state: RunState = {
    runner: options.runner,
    actionDir,
    env: options.env ?? {},
    context,
    summary,
    addedPath: [],
    addedEnv: {},
    log: "",
  };
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    assert.ok(step.if === undefined || step.if === "always()", `step ${index}: if: ${step.if}`);
    // After a failed step only `if: always()` steps run, as on a runner.
    if (code !== 0 && step.if !== "always()") continue;
    const cache = options.cache ?? `${options.runner.root}/cache`;
    const stepCode = step.uses
      ? cacheStep(step, state, `${options.runner.root}/home`, cache)
      : await runStep(step, index, state);
    if (code === 0) code = stepCode;
    if (code === 0 && step.id && step.id === options.until) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, { value }]) => [name, evaluate(value, context)]),
  );
  return {
    code,
    log: state.log,
    outputs,
    steps: context.steps,
    path: state.addedPath,
    summary: await Deno.readTextFile(summary),
  };
}

export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
