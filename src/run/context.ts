/** What a command handler receives instead of importing singletons. */
import type { ApiClient } from "../api/client.ts";
import { type ConfigFile, insecureModeWarning, readConfigFile } from "../settings/file.ts";
import { type ConfigLocation, configLocation, noLocationHint } from "../settings/paths.ts";
import { type ResolvedSettings, resolveSettings } from "../settings/resolve.ts";
import type { Host } from "../host.ts";
import { ConfigFileError } from "../errors.ts";
import type { Output } from "../output/output.ts";
import type { Terminal } from "../terminal.ts";

export class Context {
  #file: Promise<ConfigFile | null> | undefined;
  #location: ConfigLocation | undefined;
  readonly #clients: ApiClient[] = [];

  constructor(
    readonly deps: Host,
    readonly output: Output,
    readonly terminal: Terminal,
    /** `--config`: the output mode (`--json`, `--quiet`, `--debug`) is the output's. */
    readonly configFlag: string | undefined,
    /** Takes the run's stop signal (src/program/invoke.ts): see `signal`. */
    readonly takeSignal: () => AbortSignal,
  ) {}

  /**
   * Aborted on Ctrl-C or SIGTERM. They are listened for from the first time
   * a command takes this, to talk to the server or wait on it or on input: a command that
   * never does ends in milliseconds, and its run pays nothing for listening.
   */
  get signal(): AbortSignal {
    return this.takeSignal();
  }

  get env(): Host["env"] {
    return this.deps.env;
  }

  /** Where the config file is, or would be: worked out once per run. */
  location(): ConfigLocation {
    return this.#location ??= configLocation({
      os: this.deps.os,
      env: this.deps.env,
      flagPath: this.configFlag,
      cwd: this.deps.cwd,
      exists: isThere,
    });
  }

  /** The config path for commands that write; fails when nothing says where. */
  writablePath(): string {
    const location = this.location();
    if (location.path === null) {
      throw new ConfigFileError(noLocationHint(location, this.deps.os));
    }
    return location.path;
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
      const warning = insecureModeWarning(file);
      if (warning !== undefined) this.output.warn(warning);
      return file;
    })();
    return this.#file;
  }

  /** The settings in force, with where each came from. */
  async settings(): Promise<ResolvedSettings & { file: ConfigFile | null }> {
    const file = await this.readConfig();
    return { ...resolveSettings(this.deps.env, file?.values ?? {}), file };
  }

  /**
   * The API client for the settings in force. Fails before any request when
   * the base URL is unsafe or no token is set.
   */
  async api(): Promise<ApiClient> {
    const { deps, output } = this;
    // The HTTP client (and its way to node:http): loaded only by commands that talk to the server.
    const { connect } = await import("./connect.ts");
    const client = await connect({
      settings: await this.settings(),
      configPath: this.location().path,
      env: deps.env,
      os: deps.os,
      signal: this.signal,
      sleep: deps.sleep,
      monotonic: deps.monotonic,
      now: deps.now,
      fetch: deps.fetch,
      log: { debug: (text) => output.debug(text), notice: (text) => output.info(text) },
      warn: (text) => output.warn(text),
    });
    this.#clients.push(client);
    return client;
  }

  /** Releases what the run opened (the API clients' kept connections). */
  close(): void {
    for (const client of this.#clients.splice(0)) client.close();
  }
}

/**
 * Whether anything is at `path`: a file, a link (dangling too) or something
 * unusable, which reading it then reports.
 */
function isThere(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}
