/**
 * The set-up most behaviour tests share: a temp HOME, the fake DistroPack
 * server, and the environment that points the CLI at both. Dispose it with
 * `await using`: the server closes and the home goes.
 *
 *     await using cli = await fakeCli({ jobIds: ["j-1"] });
 *     const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
 *     assert.equal(cli.server.requests.length, 2);
 */
import type { CliRun } from "./process.ts";
import type { InProcessOptions } from "./in_process.ts";
import { runInProcess } from "./in_process.ts";
import type { FakeServerOptions } from "./fake_server.ts";
import { apiEnv, FakeServer } from "./fake_server.ts";
import { tempHome } from "./temp.ts";

export interface FakeCli extends AsyncDisposable {
  /** The temp HOME (also APPDATA and USERPROFILE). */
  readonly home: string;
  /** The environment that points at the temp home alone: no server, no token. */
  readonly homeEnv: Record<string, string>;
  readonly server: FakeServer;
  /** The environment of a run: the home, the server's URL and token, then `extra` over them. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** Runs the CLI in this process with `env()`; `options.env` is added over it. */
  run(argv: string[], options?: InProcessOptions): Promise<CliRun>;
}

/** A temp home and a fake server started with `server`, for one test. */
export async function fakeCli(server: FakeServerOptions = {}): Promise<FakeCli> {
  const home = await tempHome();
  const fake = FakeServer.start(server);
  const env = (extra: Record<string, string> = {}) => apiEnv(fake, home, extra);
  return {
    home: home.path,
    homeEnv: home.env,
    server: fake,
    env,
    run: (argv, options = {}) => runInProcess(argv, { ...options, env: env(options.env) }),
    async [Symbol.asyncDispose]() {
      await fake[Symbol.asyncDispose]();
      await home[Symbol.asyncDispose]();
    },
  };
}
