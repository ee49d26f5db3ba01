/**
 * Runs the real CLI as a process, the way users run it: from source with
 * exactly the compiled binary's permission set, the bundle named by
 * DISTROPACK_CLI_BUNDLE (e.g. dist/bundle/main.js, from the repository root;
 * `deno task test:bundle`) run the same way, or the binary named by
 * DISTROPACK_CLI_BIN. Each run gets a clean environment: only what the test
 * passes, plus PATH and what the Deno runtime itself needs.
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BINARY = Deno.env.get("DISTROPACK_CLI_BIN");
const BUNDLE = Deno.env.get("DISTROPACK_CLI_BUNDLE");
/** The module `deno run` starts: the bundle's entry, or main.ts. */
const ENTRY = BUNDLE
  ? (isAbsolute(BUNDLE) ? BUNDLE : join(REPO_ROOT, BUNDLE))
  : `${REPO_ROOT}main.ts`;

let denoDir: Promise<string> | undefined;
/** The Deno cache of the test runner, so a CLI run with a temp HOME needs no downloads. */
export function runnerDenoDir(): Promise<string> {
  denoDir ??= (async () => {
    const fromEnv = Deno.env.get("DENO_DIR");
    if (fromEnv) return fromEnv;
    const { stdout } = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
      stderr: "null",
    }).output();
    return JSON.parse(new TextDecoder().decode(stdout)).denoDir as string;
  })();
  return denoDir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** The environment the CLI sees (on top of PATH and the runtime's needs). */
  env?: Record<string, string>;
  /** Text for stdin; "null" gives no stdin at all; omitted means an empty pipe that closes. */
  stdin?: string | "null";
  cwd?: string;
  /** Aborts the run (the process is killed). */
  signal?: AbortSignal;
}

/** The program, arguments and environment that start the CLI. */
export interface Invocation {
  program: string;
  args: string[];
  env: Record<string, string>;
}

/** How to start the CLI with `args`. */
export async function cliInvocation(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<Invocation> {
  const env: Record<string, string> = {
    PATH: Deno.env.get("PATH") ?? "",
    ...(Deno.build.os === "windows" ? { SystemRoot: Deno.env.get("SystemRoot") ?? "" } : {}),
    ...extraEnv,
  };
  if (BINARY) return { program: BINARY, args, env };
  env.DENO_DIR = await runnerDenoDir();
  return {
    program: Deno.execPath(),
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--permission-set=cli",
      `--config=${REPO_ROOT}deno.json`,
      ENTRY,
      ...args,
    ],
    env,
  };
}

/** The command that starts the CLI, for tests that need to drive the process themselves. */
export async function cliCommand(
  args: string[],
  options: Omit<CliOptions, "stdin"> & { stdin?: "piped" | "null" } = {},
  io: { stdout?: "piped" | "null" | "inherit"; stderr?: "piped" | "null" | "inherit" } = {},
): Promise<Deno.Command> {
  const invocation = await cliInvocation(args, options.env);
  return new Deno.Command(invocation.program, {
    args: invocation.args,
    env: invocation.env,
    clearEnv: true,
    cwd: options.cwd ?? REPO_ROOT,
    stdin: options.stdin ?? "piped",
    stdout: io.stdout ?? "piped",
    stderr: io.stderr ?? "piped",
    signal: options.signal,
  });
}

/** Runs the CLI to completion and returns its exit code and output. */
export async function runProcess(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const stdinMode = options.stdin === "null" ? "null" : "piped";
  const command = await cliCommand(args, { ...options, stdin: stdinMode });
  const child = command.spawn();
  if (stdinMode === "piped") {
    const writer = child.stdin.getWriter();
    if (options.stdin) await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}
