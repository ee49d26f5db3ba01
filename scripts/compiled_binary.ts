// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * The compiled binary, tested as users get it: compiles it for this machine
 * with `deno task compile`, checks that it answers `--version`, `--help` and
 * `config show` (modules that load on first use must be inside it), then runs
 * the test suite against it (DISTROPACK_CLI_BIN), whose end-to-end tests
 * spawn it.
 *
 *   deno task binary              # compile, check, run the suite against the binary
 *   deno task binary --no-tests   # compile and check only
 *
 * Where `deno compile` cannot download its runtime (denort), e.g. offline, it
 * says so and skips; on GitHub Actions it fails instead, so CI always runs it.
 */
import { fileURLToPath } from "node:url";
import { VERSION } from "../src/version.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Where `deno task compile` writes the binary for this OS. */
export function binaryPath(os: typeof Deno.build.os = Deno.build.os): string {
  return `${REPO_ROOT}dist/distropack-cli${os === "windows" ? ".exe" : ""}`;
}

/**
 * Why a failed compile may be skipped: the runtime could not be downloaded,
 * and this is not GitHub Actions. undefined: the failure counts.
 */
export function skipReason(compileLog: string, env: (name: string) => string | undefined) {
  if (env("GITHUB_ACTIONS") === "true") return undefined;
  const download = /Download\S*\s+(\S*denort\S*)/.exec(compileLog)?.[1];
  const offline = /error sending request|dns error|Connect|timed out|network/i.test(compileLog);
  if (!download || !offline) return undefined;
  return `deno compile cannot download its runtime here (${download}), ` +
    "so the compiled binary is not tested on this machine; on GitHub Actions it is";
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(binary: string, args: string[], env: Record<string, string>): Promise<Run> {
  const { code, stdout, stderr } = await new Deno.Command(binary, {
    args,
    // Windows programs may need SystemRoot even in an otherwise empty environment.
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      SystemRoot: Deno.env.get("SystemRoot") ?? "",
      NO_COLOR: "1",
      ...env,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** What is wrong with `binary`'s `--version`, `--help` and `config show`: one line each. */
export async function smokeProblems(binary: string): Promise<string[]> {
  const home = await Deno.makeTempDir({ prefix: "distropack-binary-" });
  try {
    const env = { HOME: home, APPDATA: home, USERPROFILE: home };
    const problems: string[] = [];
    const version = await run(binary, ["--version"], env);
    if (version.code !== 0 || version.stdout.trim() !== `distropack-cli ${VERSION}`) {
      problems.push(`--version: exit ${version.code}, printed '${version.stdout.trim()}'`);
    }
    const help = await run(binary, ["--help"], env);
    if (help.code !== 0 || !/^Usage: distropack-cli/m.test(help.stdout)) {
      problems.push(`--help: exit ${help.code}: ${help.stderr.trim().split("\n")[0]}`);
    }
    const token = "dp_binary_check_Xq7Lm2Rk9Vt4Wz8N";
    const show = await run(binary, ["config", "show"], { ...env, DISTROPACK_API_TOKEN: token });
    if (show.code !== 0 || show.stdout.trim() === "") {
      problems.push(`config show: exit ${show.code}: ${show.stderr.trim().split("\n")[0]}`);
    }
    if ((show.stdout + show.stderr).includes(token)) problems.push("config show printed the token");
    return problems;
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

async function task(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["task", ...args],
    cwd: REPO_ROOT,
    env,
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  // Shown as it comes, and kept to tell a missing runtime from a real failure.
  let stderr = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stderr) {
    const text = decoder.decode(chunk, { stream: true });
    stderr += text;
    await Deno.stderr.write(chunk);
  }
  const { code } = await child.status;
  return { code, stdout: "", stderr };
}

if (import.meta.main) {
  const compiled = await task(["compile"]);
  const binary = binaryPath();
  if (compiled.code !== 0) {
    const reason = skipReason(compiled.stderr, (name) => Deno.env.get(name));
    if (reason) {
      console.error(`skipped: ${reason}`);
      Deno.exit(0);
    }
    console.error("deno task compile failed: see above.");
    Deno.exit(1);
  }
  const problems = await smokeProblems(binary);
  for (const problem of problems) console.error(`${binary}: ${problem}`);
  if (problems.length > 0) Deno.exit(1);
  console.error(`ok: ${binary} answers --version, --help and config show`);
  if (!Deno.args.includes("--no-tests")) {
    const tests = await task(["test"], { DISTROPACK_CLI_BIN: binary });
    Deno.exit(tests.code);
  }
}
