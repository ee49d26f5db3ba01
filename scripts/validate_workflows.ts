// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Checks the GitHub workflows, the example workflows users copy
 * (examples/ci/.github/workflows) and a root action.yml, when there is one,
 * against the Actions schemas, so a broken workflow fails `deno task ci`
 * and not the first tag or a user's first run. Needs Node: the validator
 * comes from npm.
 *
 *   deno task validate
 */
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const VALIDATOR = "@action-validator/cli@0.6.0";
/** Ships GitLab's CI schema and checks a pipeline against it while listing its jobs. */
const GITLAB_VALIDATOR = "npm:gitlab-ci-local@4.75.1";
const GITLAB_EXAMPLE = "examples/ci/.gitlab-ci.yml";

/** The files to validate under `root`, relative to it, in a stable order. */
export async function validationTargets(root: string): Promise<string[]> {
  const targets: string[] = [];
  for (const folder of [".github/workflows", "examples/ci/.github/workflows"]) {
    targets.push(...(await workflowsIn(root, folder)).sort());
  }
  for (const name of ["action.yml", "action.yaml"]) {
    const stat = await Deno.stat(`${root}/${name}`).catch(() => undefined);
    if (stat?.isFile) targets.push(name);
  }
  return targets;
}

/** The workflow files directly in `root/folder`, relative to `root`; none when it is missing. */
async function workflowsIn(root: string, folder: string): Promise<string[]> {
  const found: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${root}/${folder}`)) {
      if (entry.isFile && /\.ya?ml$/.test(entry.name)) found.push(`${folder}/${entry.name}`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return found;
}

/** The validator for one file; npx is a .cmd script on Windows, which needs cmd to run. */
function validator(file: string): Deno.Command {
  const args = ["--yes", VALIDATOR, file];
  return Deno.build.os === "windows"
    ? new Deno.Command("cmd", { args: ["/c", "npx", ...args], cwd: REPO_ROOT })
    : new Deno.Command("npx", { args, cwd: REPO_ROOT });
}

/**
 * The GitLab example against GitLab's schema, as a tag pipeline. It runs on
 * Deno, outside the project's config and lock: it needs newer JavaScript than
 * the Node that npx may find. Its state goes to dist/, which git ignores.
 */
function gitlabValidator(): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: [
      ...["run", "--allow-all", "--no-config", "--no-lock", GITLAB_VALIDATOR],
      ...["--cwd", "examples/ci", "--state-dir", "../../dist/gitlab-ci-local"],
      ...["--list", "--variable", "CI_COMMIT_TAG=v1.2.3"],
    ],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  });
}

if (import.meta.main) {
  const targets = await validationTargets(REPO_ROOT);
  if (targets.length === 0) {
    console.error("No workflow found under .github/workflows.");
    Deno.exitCode = 1;
  }
  for (const file of targets) {
    const { success } = await validator(file).spawn().status;
    if (!success) {
      console.error(`${file} is not a valid workflow or action: see the validator's output above.`);
      Deno.exitCode = 1;
    } else {
      console.error(`valid: ${file}`);
    }
  }
  if (await Deno.stat(`${REPO_ROOT}${GITLAB_EXAMPLE}`).catch(() => undefined)) {
    const { success, stdout, stderr } = await gitlabValidator().output();
    if (!success) {
      const text = new TextDecoder();
      console.error(text.decode(stdout) + text.decode(stderr));
      console.error(`${GITLAB_EXAMPLE} does not pass GitLab's CI schema: see the output above.`);
      Deno.exitCode = 1;
    } else {
      console.error(`valid: ${GITLAB_EXAMPLE}`);
    }
  }
}
