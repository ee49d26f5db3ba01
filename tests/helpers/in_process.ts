/**
 * Runs the CLI in this process through `run(argv, deps)`: the same code
 * path as the binary after main.ts, with the environment, stdin, working
 * directory and stop signal given by the test, and output captured. Most
 * behaviour tests use this; tests/e2e_test.ts spawns the real process
 * (`runProcess` in ./process.ts).
 */
import { run } from "../../src/program/run.ts";
import type { Host } from "../../src/host.ts";
import { sleep as realSleep } from "../../src/sleep.ts";
import type { CliRun } from "./process.ts";
import { REPO_ROOT } from "./process.ts";

export interface InProcessOptions {
  /** The environment the CLI sees, and nothing else. */
  env?: Record<string, string>;
  /** Text for stdin; "null" gives no stdin at all; omitted means an empty pipe. */
  stdin?: string | "null";
  cwd?: string;
  /** Stops the run as SIGINT does (or as its reason names: "SIGTERM"). */
  signal?: AbortSignal;
  /** Pretend stderr is a terminal of this many columns (live views draw). */
  terminalColumns?: number;
  /** The OS whose conventions the CLI follows (`windows`: its paths); this machine's when omitted. */
  os?: Host["os"];
  /**
   * A clock for `sleep` and `monotonic` (the one `sleep` moves), and the wall
   * clock `now` (the real one when omitted); the real ones when omitted.
   */
  clock?: { sleep: Host["sleep"]; monotonic: () => number; now?: () => number };
}

/** The one fake of the dependencies: the given environment and stdin, captured output. */
export function fakeDeps(
  options: InProcessOptions = {},
): { deps: Host; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const env = options.env ?? {};
  const terminal = options.terminalColumns !== undefined;
  const deps: Host = {
    env: (name) => env[name],
    os: options.os ?? Deno.build.os,
    cwd: options.cwd ?? REPO_ROOT,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTerminal: terminal,
    stdin: {
      isTerminal: () => false,
      readable: options.stdin === "null" ? null : new Blob([options.stdin ?? ""]).stream(),
      setRaw: () => {},
    },
    signal: options.signal ?? new AbortController().signal,
    sleep: options.clock?.sleep ?? realSleep,
    monotonic: options.clock?.monotonic ?? (() => performance.now()),
    now: options.clock?.now ?? Date.now,
    columns: terminal ? () => options.terminalColumns : undefined,
  };
  return { deps, stdout: () => stdout, stderr: () => stderr };
}

/** Runs the CLI in this process and returns its exit code and captured output. */
export async function runInProcess(
  args: string[],
  options: InProcessOptions = {},
): Promise<CliRun> {
  const io = fakeDeps(options);
  const code = await run(args, io.deps);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}
