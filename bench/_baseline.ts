/**
 * `--baseline <ref>`: an earlier commit of the CLI, extracted with
 * `git archive` into the scratch directory and cached once, so its start-up
 * can be measured in the same rounds as the current tree's.
 */

/** An earlier commit's tree, ready to run. */
export interface BaselineTree {
  /** The commit, abbreviated as git abbreviates it. */
  commit: string;
  /** Where its tree was extracted: the CLI runs from there, with its own deno.json. */
  dir: string;
}

const decoder = new TextDecoder();
const lastLines = (text: string) => text.trim().split("\n").slice(-10).join("\n");

/** The commit `ref` names in `repo`, abbreviated; throws when there is none. */
async function resolve(repo: string, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new Error(`--baseline: not a git ref: ${ref}`);
  const { success, stdout, stderr } = await new Deno.Command("git", {
    args: ["-C", repo, "rev-parse", "--verify", "--short", `${ref}^{commit}`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const commit = decoder.decode(stdout).trim();
  if (!success || !commit) {
    throw new Error(
      `--baseline: ${ref} names no commit in ${repo}\n${lastLines(decoder.decode(stderr))}`,
    );
  }
  return commit;
}

/** `git -C repo archive commit | tar -x -f - -C dir`, as two processes piped together. */
async function extract(repo: string, commit: string, dir: string): Promise<void> {
  await Deno.mkdir(dir);
  const git = new Deno.Command("git", {
    args: ["-C", repo, "archive", commit],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const tar = new Deno.Command("tar", {
    // `-f -`: bsdtar (Windows) reads a tape device by default, not stdin.
    args: ["-x", "-f", "-", "-C", dir],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // A tar that stops early breaks the pipe; its own status says why.
  const piped = git.stdout.pipeTo(tar.stdin).catch(() => {});
  const [gitErrors, tarErrors] = await Promise.all(
    [git.stderr, tar.stderr].map((stream) => new Response(stream).text()),
  );
  const [gitStatus, tarStatus] = await Promise.all([git.status, tar.status]);
  await piped;
  if (!gitStatus.success) {
    throw new Error(`--baseline: git archive ${commit} failed\n${lastLines(gitErrors)}`);
  }
  if (!tarStatus.success) {
    throw new Error(`--baseline: tar could not extract ${commit}\n${lastLines(tarErrors)}`);
  }
}

/**
 * The tree of the commit `ref` names, extracted into `${scratch}/baseline`,
 * with its dependencies cached (`deno cache main.ts`, in `env`, which names
 * the DENO_DIR the runs use), so no run of it downloads or compiles anything
 * the current tree's runs do not.
 */
export async function baselineTree(
  repo: string,
  ref: string,
  scratch: string,
  env: Record<string, string>,
): Promise<BaselineTree> {
  const commit = await resolve(repo, ref);
  const dir = `${scratch}/baseline`;
  await extract(repo, commit, dir);
  const cached = await new Deno.Command(Deno.execPath(), {
    args: ["cache", "--quiet", "main.ts"],
    cwd: dir,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!cached.success) {
    const output = decoder.decode(cached.stdout) + decoder.decode(cached.stderr);
    throw new Error(`--baseline: deno cache main.ts failed at ${commit}\n${lastLines(output)}`);
  }
  return { commit, dir };
}
