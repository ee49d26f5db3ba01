/**
 * The GitHub Action (action.yml), run the way the runner runs a composite
 * action: each `run:` step in order under `bash --noprofile --norc -eo
 * pipefail`, with the `${{ }}` expressions of action.yml evaluated by a tiny
 * evaluator that knows only what action.yml may use (an unknown expression
 * fails the test), and GITHUB_OUTPUT, GITHUB_PATH, GITHUB_ENV,
 * GITHUB_STEP_SUMMARY and RUNNER_TOOL_CACHE as temp files and dirs. Releases
 * come from a local server in GitHub's layout; their "binary" is a script
 * that runs the CLI from source with the compiled binary's permission set.
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { TARGETS } from "../scripts/release_assets.ts";
import { cliInvocation, REPO_ROOT } from "./helpers/process.ts";
import { FakeServer, sha256, TOKEN } from "./helpers/fake_server.ts";
import { type Release, releaseServer } from "./helpers/release_server.ts";
import { makeSigningKey, writePinnedInstaller } from "./helpers/signing.ts";
import { type TempDir, tempDir } from "./helpers/temp.ts";

const SOURCE_DIR = REPO_ROOT.replace(/\/$/, "");
const posix = Deno.build.os !== "windows";

/** The key the releases of these tests are signed with. */
const KEY = posix ? await makeSigningKey() : undefined;

/**
 * A copy of the action (action.yml, deno.json, install.sh) whose install.sh trusts KEY, the
 * one way a key can be pinned; `version` replaces the CLI version in its deno.json.
 */
async function actionCopy(dir: string, version?: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.copyFile(`${SOURCE_DIR}/action.yml`, `${dir}/action.yml`);
  const denoJson = await Deno.readTextFile(`${SOURCE_DIR}/deno.json`);
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    version ? denoJson.replace(/^ {2}"version": "[^"]*"/m, `  "version": "${version}"`) : denoJson,
  );
  await writePinnedInstaller(`${dir}/install.sh`, KEY!.publicKey);
  return dir;
}

const ACTION_DIR = posix
  ? await actionCopy(await Deno.makeTempDir({ prefix: "distropack-action-copy-" }))
  : SOURCE_DIR;
globalThis.addEventListener("unload", () => {
  if (ACTION_DIR !== SOURCE_DIR) Deno.removeSync(ACTION_DIR, { recursive: true });
});

interface Step {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  [other: string]: unknown;
}

interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

async function readAction(dir = ACTION_DIR): Promise<Action> {
  return parse(await Deno.readTextFile(`${dir}/action.yml`)) as Action;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  runner: Record<string, string>;
  steps: Record<string, Record<string, string>>;
}

/** One context lookup, e.g. `inputs.files` or `steps.install.outputs.bin`; nothing else. */
function lookup(expression: string, context: Context): string {
  const match = /^(inputs|github|runner|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?$/.exec(
    expression.trim(),
  );
  const known = match && (match[1] === "steps") === (match[3] !== undefined);
  const [, scope, name, output] = match ?? [];
  const value = !known
    ? undefined
    : scope === "steps"
    ? (context.steps[name] ? context.steps[name][output] ?? "" : undefined)
    : context[scope as "inputs" | "github" | "runner"][name];
  if (value === undefined) {
    throw new Error(
      `action.yml uses \${{ ${expression.trim()} }}, which this test cannot evaluate`,
    );
  }
  return value;
}

function evaluate(text: string, context: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expression) => lookup(expression, context));
}

/** Reads `name=value` and `name<<DELIMITER` blocks, the runner's file-command format. */
function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      values[heredoc[1]] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (lines[i].includes("=")) {
      values[lines[i].slice(0, lines[i].indexOf("="))] = lines[i].slice(lines[i].indexOf("=") + 1);
    }
  }
  return values;
}

interface RunOptions {
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

interface ActionRun {
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
interface Runner extends AsyncDisposable {
  os: string;
  arch: string;
  root: string;
  workspace: string;
  toolCache: string;
}

async function makeRunner(os = "Linux", arch = "X64"): Promise<Runner> {
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

async function runAction(options: RunOptions): Promise<ActionRun> {
  const actionDir = options.actionDir ?? ACTION_DIR;
  const action = await readAction(actionDir);
  assert.equal(action.runs.using, "composite");
  const { runner } = options;
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
  const context: Context = {
    inputs,
    // No github.action_path: inside a container it names the host's path, so action.yml
    // must not use it (the evaluator fails on it).
    github: { action_ref: "", run_id: "7", job: "release", run_attempt: "1", ...options.github },
    runner: { os: runner.os, arch: runner.arch },
    // The runner gives the outputs of a step that did not run as empty strings.
    steps: Object.fromEntries(action.runs.steps.flatMap((step) => step.id ? [[step.id, {}]] : [])),
  };
  const summary = `${runner.root}/step_summary.md`;
  await Deno.writeTextFile(summary, "");
  const addedPath: string[] = [];
  const addedEnv: Record<string, string> = {};
  let log = "";
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const unknown = Object.keys(step).filter((k) =>
      !["id", "name", "shell", "run", "env", "uses", "with", "if"].includes(k)
    );
    assert.deepEqual(unknown, [], `step ${index} uses keys this test does not run`);
    assert.ok(step.if === undefined || step.if === "always()", `step ${index}: if: ${step.if}`);
    // After a failed step only `if: always()` steps run, as on a runner.
    if (code !== 0 && step.if !== "always()") continue;
    if (step.uses) {
      log += cacheStep(
        step,
        context,
        `${runner.root}/home`,
        options.cache ?? `${runner.root}/cache`,
      );
      continue;
    }
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
      PATH: [...addedPath.toReversed(), Deno.env.get("PATH") ?? ""].join(":"),
      HOME: `${runner.root}/home`,
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: runner.workspace,
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_OUTPUT: files.output,
      GITHUB_PATH: files.path,
      GITHUB_ENV: files.env,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_OS: runner.os,
      RUNNER_ARCH: runner.arch,
      RUNNER_TEMP: `${runner.root}/temp`,
      RUNNER_TOOL_CACHE: runner.toolCache,
      ...options.env,
      ...addedEnv,
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
    log += decoder.decode(result.stdout) + decoder.decode(result.stderr);
    if (step.id) context.steps[step.id] = parseFileCommands(await Deno.readTextFile(files.output));
    addedPath.push(...(await Deno.readTextFile(files.path)).split("\n").filter(Boolean));
    Object.assign(addedEnv, parseFileCommands(await Deno.readTextFile(files.env)));
    if (result.code !== 0) {
      code = result.code;
      continue;
    }
    if (step.id && step.id === options.until) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, { value }]) => [name, evaluate(value, context)]),
  );
  return {
    code,
    log,
    outputs,
    steps: context.steps,
    path: addedPath,
    summary: await Deno.readTextFile(summary),
  };
}

/**
 * actions/cache/restore and actions/cache/save, as the runner runs them, on
 * a dir of entries named by key: restore takes the exact key, else the
 * newest entry whose key starts with a restore key; save never overwrites an
 * entry and only warns when the path is missing, as actions/cache does.
 */
function cacheStep(step: Step, context: Context, home: string, cache: string): string {
  const given = (step.with ?? {}) as Record<string, string>;
  const value = (name: string) => evaluate(String(given[name] ?? ""), context);
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
    if (!hit) return `Cache not found for input keys: ${key}\n`;
    Deno.mkdirSync(path.replace(/\/[^/]*$/, ""), { recursive: true });
    Deno.copyFileSync(`${cache}/${hit}`, path);
    return `Cache restored from key: ${hit}\n`;
  }
  assert.equal(step.uses, "actions/cache/save@v4", `step uses ${step.uses}`);
  if (entries.includes(key)) return `Warning: Cache entry ${key} exists already\n`;
  try {
    Deno.copyFileSync(path, `${cache}/${key}`);
  } catch {
    return "Warning: Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.\n";
  }
  return `Cache saved with key: ${key}\n`;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A release binary: answers `--version` as release `version` would, and runs
 * everything else with the CLI from source (or DISTROPACK_CLI_BIN) with the
 * compiled binary's permission set, in the environment the step gives it.
 */
async function cliBinary(version: string, asset: string): Promise<string> {
  const { program, args, env } = await cliInvocation([]);
  const denoDir = env.DENO_DIR ? `DENO_DIR=${shellQuote(env.DENO_DIR)}\nexport DENO_DIR\n` : "";
  return `#!/bin/sh
# ${asset}
if [ "$*" = --version ]; then echo 'distropack-cli ${version}'; exit 0; fi
${denoDir}exec ${[program, ...args].map(shellQuote).join(" ")} "$@"
`;
}

/** A release binary that records its arguments and the token it got, one a line, in `log`. */
function recordingBinary(version: string, log: string): string {
  return `#!/bin/sh
if [ "$*" = --version ]; then echo 'distropack-cli ${version}'; exit 0; fi
printf '%s\\n' "$@" > ${shellQuote(`${log}.args`)}
printf '%s' "$DISTROPACK_API_TOKEN|\${DISTROPACK_API_URL-unset}|\${INPUT_API_TOKEN-unset}" > ${
    shellQuote(`${log}.env`)
  }
`;
}

async function release(
  tag: string,
  version: string,
  options: Partial<Release> & { script?: (asset: string) => Promise<string> | string } = {},
): Promise<Release> {
  const make = options.script ?? ((asset: string) => cliBinary(version, asset));
  const scripts = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const target of TARGETS) {
    scripts.set(target.binary, new TextEncoder().encode(await make(target.binary)));
  }
  return { tag, binary: (asset) => scripts.get(asset)!, signWith: KEY, ...options };
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

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
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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

Deno.test({
  name: "the action turns its inputs into publish's arguments and its environment",
  ignore: !posix,
  fn: async (t) => {
    await using runner = await makeRunner();
    const log = `${runner.root}/binary`;
    await using releases = await releaseServer([
      await release("latest", "2.0.0", { script: () => recordingBinary("2.0.0", log) }),
    ]);
    const env = { DISTROPACK_DOWNLOAD_URL: releases.url };
    await t.step("every input, and files as slot=path lines, handed over as they are", async () => {
      const files =
        "source-tarball = dist/my app.tar.gz\r\n\n# a comment\nchangelog=CHANGELOG.md\n";
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
    });
    await t.step("files as JSON, and the token from the environment", async () => {
      const files = '\n  {"source-tarball": "a.tar.gz"}\n';
      const run = await runAction({
        runner,
        env: { ...env, DISTROPACK_API_TOKEN: TOKEN },
        inputs: { "api-token": "", files, "cli-version": "latest" },
      });
      assert.equal(run.code, 0, run.log);
      assert.equal(await Deno.readTextFile(`${log}.args`), `publish\n--files\n${files}\n`);
      assert.equal(await Deno.readTextFile(`${log}.env`), `${TOKEN}|unset|unset`);
    });
    await t.step("build-only true hands over --build-only and no --files", async () => {
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
    });
    await t.step("no api-token input: the token comes from the step's environment", async () => {
      const run = await runAction({
        runner,
        env: { ...env, DISTROPACK_API_TOKEN: TOKEN },
        inputs: { files: "deb=a.deb", "cli-version": "latest" },
      });
      assert.equal(run.code, 0, run.log);
      assert.equal(await Deno.readTextFile(`${log}.env`), `${TOKEN}|unset|unset`);
      assert.ok(run.log.includes(`::add-mask::${TOKEN}\n`));
    });
    await t.step("bad inputs stop the action before the CLI runs", async () => {
      const missing =
        /::error title=distropack-cli publish::the files input is empty or missing \(is its name spelled files\?\), so there is nothing to upload; nothing was built\. Give the files, or set build-only true to build the version from the files already on the server$/m;
      const cases: { inputs: Record<string, string>; error: RegExp }[] = [
        { inputs: { wait: "yes", files: "a=b" }, error: /wait must be true or false, not 'yes'/ },
        { inputs: { "api-token": "" }, error: /the api-token input is empty/ },
        // Left out, or misspelled (the runner then only warns): files is empty.
        { inputs: {}, error: missing },
        { inputs: { files: "\n  \r\n" }, error: missing },
        { inputs: { files: "# source-tarball=a.tar.gz\n  # changelog=CHANGES\n" }, error: missing },
        {
          inputs: { build: "false" },
          error:
            /the files input is empty or missing .*: build false only uploads, so give the files/,
        },
        {
          inputs: { "build-only": "yes" },
          error: /build-only must be true or false, not 'yes'/,
        },
        {
          inputs: { "build-only": "true", files: "deb=a.deb" },
          error: /build-only true uploads nothing, so it takes no files/,
        },
        {
          inputs: { "build-only": "true", build: "false" },
          error: /build-only true and build false leave nothing to do/,
        },
      ];
      for (const { inputs, error } of cases) {
        await Deno.remove(`${log}.args`).catch(() => {});
        const run = await runAction({
          runner,
          env,
          inputs: { "api-token": TOKEN, "cli-version": "latest", ...inputs },
        });
        assert.equal(run.code, 1);
        assert.match(run.log, /::error title=distropack-cli publish::/);
        assert.match(run.log, error);
        assert.equal(await exists(`${log}.args`), false);
      }
    });
  },
});

Deno.test({
  name: "the action refuses a binary whose checksum does not match, before anything is uploaded",
  ignore: !posix,
  fn: async (t) => {
    for (
      const [what, options, message] of [
        [
          "a wrong checksum",
          { corruptChecksums: true },
          /checksum mismatch for distropack-cli-linux-x86_64/,
        ],
        [
          "a missing entry",
          { omitChecksums: true },
          /checksums\.txt has no entry for distropack-cli-linux-x86_64/,
        ],
      ] as const
    ) {
      await t.step(what, async () => {
        await using runner = await makeRunner();
        await using releases = await releaseServer([await release("v1.2.3", "1.2.3", options)]);
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
            files: "source-tarball=a.tar.gz",
            "cli-version": "v1.2.3",
          },
        });
        assert.equal(run.code, 1);
        assert.match(run.log, message);
        assert.match(
          run.log,
          /::error title=distropack-cli install::could not install distropack-cli v1\.2\.3/,
        );
        assert.deepEqual(server.requests, []);
        assert.equal(
          await exists(`${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`),
          false,
        );
        assert.equal(await exists(`${runner.toolCache}/distropack-cli/1.2.3/x64.complete`), false);
        assert.deepEqual(run.path, []);
      });
    }
  },
});

Deno.test({
  name: "the action runs the pinned version even when another version is in the tool cache",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([
      await release("latest", "9.9.9"),
      await release("v1.2.3", "1.2.3"),
    ]);
    const other = `${runner.toolCache}/distropack-cli/9.9.9/x64`;
    await Deno.mkdir(other, { recursive: true });
    await Deno.writeTextFile(`${other}/distropack-cli`, "#!/bin/sh\nexit 7\n", { mode: 0o755 });
    await Deno.writeTextFile(`${other}.complete`, "");
    const run = await runAction({
      runner,
      until: "install",
      env: { DISTROPACK_DOWNLOAD_URL: releases.url },
      inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
    });
    assert.equal(run.code, 0, run.log);
    const dir = `${runner.toolCache}/distropack-cli/1.2.3/x64`;
    assert.deepEqual(releases.requests, [
      "/download/v1.2.3/distropack-cli-linux-x86_64",
      "/download/v1.2.3/checksums.txt",
      "/download/v1.2.3/checksums.txt.sig",
    ]);
    assert.deepEqual(run.steps.install, { version: "1.2.3", bin: `${dir}/distropack-cli` });
    assert.deepEqual(run.path, [dir]);
    assert.match(await Deno.readTextFile(`${dir}/distropack-cli`), /echo 'distropack-cli 1\.2\.3'/);
    assert.equal(await Deno.readTextFile(`${other}/distropack-cli`), "#!/bin/sh\nexit 7\n");
  },
});

Deno.test({
  name: "the action's next run takes the binary from the tool cache without downloading",
  ignore: !posix,
  fn: async (t) => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([
      await release("latest", "2.0.0"),
      await release("v1.2.3", "1.2.3"),
    ]);
    const install = (version: string) =>
      runAction({
        runner,
        until: "install",
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": version },
      });
    await t.step("a pinned version", async () => {
      assert.equal((await install("1.2.3")).code, 0);
      assert.equal(releases.requests.length, 3);
      releases.requests.length = 0;
      const again = await install("v1.2.3");
      assert.equal(again.code, 0, again.log);
      assert.deepEqual(releases.requests, []);
      assert.match(again.log, /Using distropack-cli 1\.2\.3 from the tool cache/);
      assert.equal(
        again.steps.install.bin,
        `${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`,
      );
    });
    await t.step("latest is cached under the version it turned out to be", async () => {
      const latest = await install("latest");
      assert.equal(latest.code, 0, latest.log);
      assert.deepEqual(releases.requests, [
        "/latest/download/distropack-cli-linux-x86_64",
        "/latest/download/checksums.txt",
        "/latest/download/checksums.txt.sig",
      ]);
      const dir = `${runner.toolCache}/distropack-cli/2.0.0/x64`;
      assert.deepEqual(latest.steps.install, { version: "2.0.0", bin: `${dir}/distropack-cli` });
      assert.deepEqual(
        (await Array.fromAsync(Deno.readDir(`${runner.toolCache}/distropack-cli`))).map((e) =>
          e.name
        )
          .sort(),
        ["1.2.3", "2.0.0"],
      );
      releases.requests.length = 0;
      const pinned = await install("2.0.0");
      assert.equal(pinned.code, 0, pinned.log);
      assert.deepEqual(releases.requests, []);
    });
  },
});

Deno.test({
  name: "the action picks the binary for the runner's OS and CPU",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
    const cases = [
      ["Linux", "X64", "distropack-cli-linux-x86_64", "x64/distropack-cli"],
      ["Linux", "ARM64", "distropack-cli-linux-aarch64", "arm64/distropack-cli"],
      ["macOS", "X64", "distropack-cli-macos-x86_64", "x64/distropack-cli"],
      ["macOS", "ARM64", "distropack-cli-macos-aarch64", "arm64/distropack-cli"],
      ["Windows", "X64", "distropack-cli-windows-x86_64.exe", "x64/distropack-cli.exe"],
    ];
    for (const [os, arch, asset, installed] of cases) {
      await t.step(`${os} ${arch}`, async () => {
        await using runner = await makeRunner(os, arch);
        releases.requests.length = 0;
        const run = await runAction({
          runner,
          until: "install",
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
        });
        assert.equal(run.code, 0, run.log);
        assert.deepEqual(releases.requests, [
          `/download/v1.2.3/${asset}`,
          "/download/v1.2.3/checksums.txt",
          "/download/v1.2.3/checksums.txt.sig",
        ]);
        const bin = `${runner.toolCache}/distropack-cli/1.2.3/${installed}`;
        assert.equal(run.steps.install.bin, bin);
        assert.match(
          await Deno.readTextFile(bin),
          new RegExp(`# ${asset.replaceAll(".", "\\.")}\n`),
        );
      });
    }
    await t.step("Windows ARM64 has no binary", async () => {
      await using runner = await makeRunner("Windows", "ARM64");
      releases.requests.length = 0;
      const run = await runAction({
        runner,
        env: { DISTROPACK_DOWNLOAD_URL: releases.url },
        inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
      });
      assert.equal(run.code, 1);
      assert.match(
        run.log,
        /::error title=distropack-cli install::no distropack-cli binary for Windows ARM64/,
      );
      assert.deepEqual(releases.requests, []);
    });
  },
});

Deno.test({
  name:
    "a pin by SHA, branch or tag installs the CLI version of the action's own commit; only latest floats",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([
      await release("latest", "2.0.0"),
      await release("v1.2.3", "1.2.3"),
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
  name: "the action fails on a missing file, naming it, before anything is uploaded",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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
        files: "source-tarball=a.tar.gz\nchangelog=docs/CHANGES.md",
        "cli-version": "1.2.3",
      },
    });
    assert.notEqual(run.code, 0, run.log);
    assert.match(run.log, /docs\/CHANGES\.md/);
    assert.deepEqual(server.requests, []);
  },
});

Deno.test("action.yml reads its own path from GITHUB_ACTION_PATH, never github.action_path", async () => {
  const text = await Deno.readTextFile(`${SOURCE_DIR}/action.yml`);
  assert.doesNotMatch(text, /github\.action_path/);
  assert.match(text, /\$GITHUB_ACTION_PATH|\$\{GITHUB_ACTION_PATH/);
});

Deno.test({
  name:
    "in a container job, where the host's action path does not exist, the action installs from GITHUB_ACTION_PATH",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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

Deno.test({
  name: "the action always verifies the signature: it refuses an unsigned or a swapped release",
  ignore: !posix,
  fn: async (t) => {
    const cases = [
      {
        what: "signed",
        options: {},
        code: 0,
        log: /Signature verified: checksums\.txt is signed by the distropack-cli release key/,
      },
      {
        what: "unsigned",
        options: { signWith: undefined },
        code: 1,
        log: /has no checksums\.txt\.sig, so .* DISTROPACK_REQUIRE_SIGNATURE=1 requires it/,
      },
      {
        what: "checksums.txt and binary swapped after signing",
        options: { swapAfterSigning: true },
        code: 1,
        log: /the signature of checksums\.txt does not verify/,
      },
    ];
    for (const { what, options, code, log } of cases) {
      await t.step(what, async () => {
        await using runner = await makeRunner();
        await using releases = await releaseServer([await release("v1.2.3", "1.2.3", options)]);
        const run = await runAction({
          runner,
          until: "install",
          env: { DISTROPACK_DOWNLOAD_URL: releases.url },
          inputs: { "api-token": TOKEN, "cli-version": "1.2.3" },
        });
        assert.equal(run.code, code, run.log);
        assert.match(run.log, log);
        const installed = `${runner.toolCache}/distropack-cli/1.2.3/x64/distropack-cli`;
        assert.equal(await exists(installed), code === 0);
      });
    }
  },
});

Deno.test({
  name: "the build and summary inputs turn into --no-build and --no-summary",
  ignore: !posix,
  fn: async (t) => {
    await using runner = await makeRunner();
    const log = `${runner.root}/binary`;
    await using releases = await releaseServer([
      await release("latest", "2.0.0", { script: () => recordingBinary("2.0.0", log) }),
    ]);
    const env = { DISTROPACK_DOWNLOAD_URL: releases.url };
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

Deno.test({
  name:
    "a matrix fans in: legs with build false only upload, a run without files builds nothing, build-only builds once",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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
  name: "the action's files lines are read by the CLI, which names a bad line in its annotation",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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
        files: "# the release\nsource-tarball = a.tar.gz\nchangelog\n",
        "cli-version": "1.2.3",
      },
    });
    assert.equal(run.code, 2, run.log);
    assert.match(
      run.log,
      /::error title=distropack-cli::--files line 3 \("changelog"\) is not slot=path\./,
    );
    assert.deepEqual(server.requests, []);
  },
});

Deno.test({
  name: "the action's target takes any lower-case name the server may know, as the CLI does",
  ignore: !posix,
  fn: async () => {
    await using runner = await makeRunner();
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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

Deno.test({
  name:
    "a re-run of the job restores the release state the first attempt saved: nothing is built twice",
  ignore: !posix,
  fn: async (t) => {
    await using releases = await releaseServer([await release("v1.2.3", "1.2.3")]);
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
