import type { Env } from "./config/env.ts";
import {
  type ConfigLocation,
  configLocation,
  noLocationHint,
  type OsName,
} from "./config/paths.ts";
import { type ConfigFile, readConfigFile } from "./config/file.ts";
import { type ResolvedSettings, resolveSettings } from "./config/resolve.ts";
import { ConfigFileError } from "./errors.ts";
import type { Output, Streams } from "./output/output.ts";

/** Standard input as the CLI needs it; injected so tests can feed it. */
export interface Stdin {
  isTerminal(): boolean;
  /** Null when the process has no usable standard input. */
  readable: ReadableStream<Uint8Array> | null;
  /** Switches the terminal to raw mode (no echo) for secret prompts. */
  setRaw(raw: boolean): void;
}

/** Everything a run touches outside its own code. main.ts gives the real ones. */
export interface Deps extends Streams {
  env: Env;
  os: OsName;
  cwd: string;
  stdin: Stdin;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** Waits `ms`, or rejects as soon as `signal` aborts. Tests pass a fake clock. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch; the clock `sleep` moves. */
  now: () => number;
  /** The terminal's width in columns, when stderr is a terminal. */
  columns?: () => number | undefined;
  /** Fetch for the API client; the runtime's when omitted. */
  fetch?: typeof fetch;
}

/** Options that apply to every command. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

/** What a command handler receives instead of importing singletons. */
export class Context {
  #file: Promise<ConfigFile | null> | undefined;

  constructor(
    readonly deps: Deps,
    readonly output: Output,
    readonly globals: GlobalOptions,
  ) {}

  get env(): Env {
    return this.deps.env;
  }

  /** Where the config file is, or would be. */
  location(): ConfigLocation {
    return configLocation({
      os: this.deps.os,
      env: this.deps.env,
      flagPath: this.globals.config,
      cwd: this.deps.cwd,
    });
  }

  /** The config path for commands that write; fails when nothing says where. */
  writablePath(): string {
    const { path } = this.location();
    if (path === null) throw new ConfigFileError(noLocationHint(this.deps.os));
    return path;
  }

  /**
   * The config file, read once per run (null when there is no location).
   * Warns when other users can read it.
   */
  readConfig(): Promise<ConfigFile | null> {
    this.#file ??= (async () => {
      const { path } = this.location();
      if (path === null) return null;
      const file = await readConfigFile(path);
      if (file.insecureMode !== undefined) {
        this.output.warn(
          `${path} can be read by other users (mode ${
            file.insecureMode.toString(8).padStart(4, "0")
          }). Fix it with: chmod 600 '${path}'`,
        );
      }
      return file;
    })();
    return this.#file;
  }

  /**
   * The API client for the settings in force. Fails before any request when
   * the base URL is unsafe or no token is set. Loaded on first use, so
   * commands that never talk to the server do not pay for it.
   */
  async api(): Promise<import("./api/client.ts").ApiClient> {
    const { connect } = await import("./connect.ts");
    const { deps, output } = this;
    return connect({
      settings: await this.settings(),
      configPath: this.location().path,
      env: deps.env,
      os: deps.os,
      signal: deps.signal,
      sleep: deps.sleep,
      now: deps.now,
      fetch: deps.fetch,
      log: { debug: (text) => output.debug(text), notice: (text) => output.info(text) },
    });
  }

  /** The settings in force, with where each came from. */
  async settings(): Promise<ResolvedSettings & { file: ConfigFile | null }> {
    const file = await this.readConfig();
    return { ...resolveSettings(this.deps.env, file?.values ?? {}), file };
  }
}
