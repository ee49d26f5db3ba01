/**
 * The GitHub Action's `manifest` and `packages` inputs: what its publish
 * step hands the CLI. The step's script runs under bash as the runner runs
 * it, with a `CLI` that records its arguments (tests/action_test.ts runs
 * the whole action against real releases).
 */
import assert from "node:assert/strict";
import { parse } from "yaml";
import { REPO_ROOT } from "./helpers/process.ts";
import { tempDir } from "./helpers/temp.ts";

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { steps: Array<{ id?: string; run?: string; env?: Record<string, string> }> };
}

const action = parse(await Deno.readTextFile(`${REPO_ROOT}action.yml`)) as Action;
const publish = action.runs.steps.find((step) => step.id === "publish")!;

/** The arguments the publish step gives the CLI, or its error, for these inputs in `cwd`. */
async function publishArgs(
  cwd: string,
  inputs: Record<string, string>,
): Promise<{ code: number; args: string[]; stdout: string }> {
  const env: Record<string, string> = { DISTROPACK_API_TOKEN: "dp_test_token" };
  for (const [name, value] of Object.entries(publish.env ?? {})) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)?.[1];
    if (input) env[name] = inputs[input] ?? action.inputs[input].default ?? "";
  }
  const log = `${cwd}/.args`;
  env.CLI = `${cwd}/.cli`;
  await Deno.writeTextFile(env.CLI, `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\n`);
  await Deno.chmod(env.CLI, 0o755);
  const run = await new Deno.Command("bash", {
    args: ["--noprofile", "--norc", "-eo", "pipefail", "-c", publish.run!],
    cwd,
    // A runner always has HOME; the step keeps its release state under it.
    env: { PATH: Deno.env.get("PATH")!, HOME: cwd, ...env },
    clearEnv: true,
  }).output();
  const args = await Deno.readTextFile(log).then((text) => text.trimEnd().split("\n"), () => []);
  return { code: run.code, args, stdout: new TextDecoder().decode(run.stdout) };
}

Deno.test({
  name:
    "the action publishes distropack.toml when files is empty, and passes manifest and packages",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using dir = await tempDir();
    const none = await publishArgs(dir.path, {});
    assert.equal(none.code, 1);
    assert.match(none.stdout, /the files input is empty or missing/);

    await Deno.writeTextFile(`${dir.path}/distropack.toml`, "[files]\na = 'b'\n");
    const found = await publishArgs(dir.path, {});
    assert.equal(found.code, 0, found.stdout);
    assert.deepEqual(found.args, ["publish"]);

    const named = await publishArgs(dir.path, {
      manifest: "release/distropack.toml",
      packages: "cli\n daemon ",
      files: "changelog=NEWS.md",
    });
    assert.equal(named.code, 0, named.stdout);
    assert.deepEqual(named.args, [
      "publish",
      "--manifest",
      "release/distropack.toml",
      "--package",
      "cli",
      "--package",
      "daemon",
      "--files",
      "changelog=NEWS.md",
    ]);
  },
});
