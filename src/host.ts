/** Everything a run touches outside its own code: main.ts gives the real ones, tests fakes. */
import type { Env } from "./settings/env.ts";
import type { OsName } from "./settings/paths.ts";

/** Standard input as the CLI needs it; injected so tests can feed it. */
export interface Stdin {
  isTerminal(): boolean;
  /** Null when the process has no usable standard input. */
  readable: ReadableStream<Uint8Array> | null;
  /** Switches the terminal to raw mode (no echo) for secret prompts. */
  setRaw(raw: boolean): void;
}

/** Where text goes; tests capture it and main.ts writes to the real streams. */
export interface Streams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stderrIsTerminal: boolean;
}

export interface Host extends Streams {
  env: Env;
  os: OsName;
  cwd: string;
  stdin: Stdin;
  /**
   * Aborted on SIGINT or SIGTERM, with the signal's name as its reason.
   * Reading it starts the listening: only src/program/invoke.ts does, when a
   * command first takes `ctx.signal`.
   */
  signal: AbortSignal;
  /** Waits `ms`, or rejects as soon as `signal` aborts. Tests pass a fake clock. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Milliseconds on a clock that only moves forward, the clock `sleep` moves
   * (`performance.now()`): every duration (timeouts, heartbeats, pauses,
   * timings, rates) is measured on it, so setting the wall clock (NTP on a
   * fresh VM, a laptop woken up) ends no wait and skews no figure.
   */
  monotonic: () => number;
  /**
   * Milliseconds since the epoch: the wall clock, which can jump. Only for
   * real dates (an HTTP-date Retry-After, GitLab's section timestamps).
   */
  now: () => number;
  /** The terminal's width in columns, when stderr is a terminal. */
  columns?: () => number | undefined;
  /** Fetch for the API client; the runtime's when omitted. */
  fetch?: typeof fetch;
}
