/**
 * The entry point, and the only place that exits the process: it wires the
 * real streams, environment and Ctrl-C into `run` and exits with its code.
 */
import type { Env } from "./src/settings/env.ts";
import type { StopSignal } from "./src/errors.ts";
import { PROGRAM_NAME, VERSION } from "./src/version.ts";

/**
 * Writes all of `text`, or throws: src/output/output.ts decides what a
 * failed write means (a closed pipe ends the stream quietly; a full disk is
 * said on stderr and in the exit code).
 */
function writer(stream: typeof Deno.stdout): (text: string) => void {
  const encoder = new TextEncoder();
  return (text) => {
    const bytes = encoder.encode(text);
    for (let written = 0; written < bytes.length;) {
      written += stream.writeSync(bytes.subarray(written));
    }
  };
}

// `--version` alone needs none of the command tree.
if (Deno.args.length === 1 && (Deno.args[0] === "--version" || Deno.args[0] === "-V")) {
  try {
    writer(Deno.stdout)(`${PROGRAM_NAME} ${VERSION}\n`);
    Deno.exit(0);
  } catch {
    // Not written (a closed pipe, a full disk): the run below writes it again and says how it went.
  }
}
// Past --version only: the runner brings the whole command tree.
const { run, sleep } = await import("./src/program/run.ts");

// Ctrl-C, and SIGTERM, which is how CI systems and `docker stop` cancel a
// job: both stop the run the same way, so it can say what was left running.
// Listened for once a command first takes the signal, to talk to the server
// or wait on it: help, usage errors and local commands end without it.
let interrupt: AbortController | undefined;
function listenForStop(): AbortSignal {
  if (interrupt) return interrupt.signal;
  const controller = interrupt = new AbortController();
  const stop = (signal: StopSignal) => () => controller.abort(signal);
  Deno.addSignalListener("SIGINT", stop("SIGINT"));
  // Windows delivers only SIGINT and SIGBREAK to Deno.
  if (Deno.build.os === "windows") Deno.addSignalListener("SIGBREAK", stop("SIGTERM"));
  else Deno.addSignalListener("SIGTERM", stop("SIGTERM"));
  return controller.signal;
}

const stderrIsTerminal = Deno.stderr.isTerminal();
const code = await run(Deno.args, {
  env: ((name) => Deno.env.get(name)) satisfies Env,
  os: Deno.build.os,
  get cwd() {
    return Deno.cwd();
  },
  stdout: writer(Deno.stdout),
  stderr: writer(Deno.stderr),
  stderrIsTerminal,
  stdin: {
    isTerminal: () => Deno.stdin.isTerminal(),
    get readable() {
      return Deno.stdin.readable;
    },
    setRaw: (raw) => Deno.stdin.setRaw(raw),
  },
  get signal() {
    return listenForStop();
  },
  sleep,
  monotonic: () => performance.now(),
  now: Date.now,
  columns: () => stderrIsTerminal ? Deno.consoleSize().columns : undefined,
});
Deno.exit(code);
