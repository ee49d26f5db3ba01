/** Deps for running `run()` in-process with captured output and a given environment. */
import type { Deps } from "../../src/deps.ts";
import { sleep } from "../../src/sleep.ts";
import { envFromRecord } from "../../src/config/env.ts";

export interface Captured {
  deps: Deps;
  stdout: () => string;
  stderr: () => string;
}

export function captureDeps(env: Record<string, string> = {}, stdinText = ""): Captured {
  let out = "";
  let err = "";
  const deps: Deps = {
    env: envFromRecord(env),
    os: Deno.build.os,
    cwd: Deno.cwd(),
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stderrIsTerminal: false,
    stdin: {
      isTerminal: () => false,
      readable: new Blob([stdinText]).stream(),
      setRaw: () => {},
    },
    signal: new AbortController().signal,
    sleep,
    now: Date.now,
  };
  return { deps, stdout: () => out, stderr: () => err };
}
