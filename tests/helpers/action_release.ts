/**
 * Releases of the CLI for tests/action*_test.ts, in GitHub's layout (served by
 * ./release_server.ts), signed with a test key, and a copy of the action
 * whose install.sh trusts that key. A release's "binary" is a script that
 * answers `--version` as that release would and runs everything else with the
 * CLI as a test file starts it: a test whose action runs the CLI imports
 * `cliInvocation` from ./process.ts, which is how `deno task test:bundle`
 * finds it.
 */
import { TARGETS } from "../../scripts/release_assets.ts";
import { type Invocation, REPO_ROOT } from "./process.ts";
import type { Release } from "./release_server.ts";
import { makeSigningKey, writePinnedInstaller } from "./signing.ts";

export const SOURCE_DIR = REPO_ROOT.replace(/\/$/, "");
export const posix = Deno.build.os !== "windows";

/** The key the releases of these tests are signed with. */
const KEY = posix ? await makeSigningKey() : undefined;

/**
 * A copy of the action (action.yml, deno.json, install.sh) whose install.sh trusts KEY, the
 * one way a key can be pinned; `version` replaces the CLI version in its deno.json.
 */
export async function actionCopy(dir: string, version?: string): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.copyFile(`${SOURCE_DIR}/action.yml`, `${dir}/action.yml`);
  const denoJson = await Deno.readTextFile(`${SOURCE_DIR}/deno.json`);
  await Deno.writeTextFile(
    `${dir}/deno.json`,
    version ? denoJson.replace(/^ {2}"version": "[^"]*"/m, `  "version": "${version}"`) : denoJson,
  );
  await writePinnedInstaller(`${dir}/install.sh`, KEY!.publicKey);
  return dir;
}

export const ACTION_DIR = posix
  ? await actionCopy(await Deno.makeTempDir({ prefix: "distropack-action-copy-" }))
  : SOURCE_DIR;
globalThis.addEventListener("unload", () => {
  if (ACTION_DIR !== SOURCE_DIR) Deno.removeSync(ACTION_DIR, { recursive: true });
});

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The release binaries of `version`: each answers `--version` as that release
 * would, and runs everything else with the CLI as `invocation` starts it (from
 * source, the bundle or DISTROPACK_CLI_BIN, with the compiled binary's
 * permission set), in the environment the step gives it.
 */
export function cliBinary(invocation: Invocation, version: string): (asset: string) => string {
  const { program, args, env } = invocation;
  const denoDir = env.DENO_DIR ? `DENO_DIR=${shellQuote(env.DENO_DIR)}\nexport DENO_DIR\n` : "";
  return (asset) =>
    `#!/bin/sh
# ${asset}
if [ "$*" = --version ]; then echo 'distropack-cli ${version}'; exit 0; fi
${denoDir}exec ${[program, ...args].map(shellQuote).join(" ")} "$@"
`;
}

/** A release binary that records its arguments and the token it got, one a line, in `log`. */
export function recordingBinary(version: string, log: string): string {
  return `#!/bin/sh
if [ "$*" = --version ]; then echo 'distropack-cli ${version}'; exit 0; fi
printf '%s\\n' "$@" > ${shellQuote(`${log}.args`)}
printf '%s' "$DISTROPACK_API_TOKEN|\${DISTROPACK_API_URL-unset}|\${INPUT_API_TOKEN-unset}" > ${
    shellQuote(`${log}.env`)
  }
`;
}

/** A release `tag` whose binary for each target is `binary(asset)`, signed with the test key. */
export async function release(
  tag: string,
  binary: (asset: string) => Promise<string> | string,
  options: Partial<Release> = {},
): Promise<Release> {
  const scripts = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const target of TARGETS) {
    scripts.set(target.binary, new TextEncoder().encode(await binary(target.binary)));
  }
  return { tag, binary: (asset) => scripts.get(asset)!, signWith: KEY, ...options };
}
