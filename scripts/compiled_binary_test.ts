import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { binaryPath, skipReason, smokeProblems } from "./compiled_binary.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const posix = Deno.build.os !== "windows";

const OFFLINE_LOG = `Compile main.ts to dist/distropack-cli
Download https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip
error: Writing deno compile executable to temporary file 'dist/distropack-cli.tmp-3fea'
    1: error sending request for url (https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error (Connect): dns error
`;

Deno.test("a compile that cannot download its runtime is skipped with a reason, except on GitHub Actions", () => {
  const local = skipReason(OFFLINE_LOG, () => undefined);
  assert.match(
    local ?? "",
    /^deno compile cannot download its runtime here \(https:\/\/dl\.deno\.land\/.*denort-x86_64-unknown-linux-gnu\.zip\), so the compiled binary is not tested on this machine; on GitHub Actions it is$/,
  );
  const github = (name: string) => name === "GITHUB_ACTIONS" ? "true" : undefined;
  assert.equal(skipReason(OFFLINE_LOG, github), undefined);
  // Any other failure counts, offline or not.
  assert.equal(
    skipReason('error: Module not found "file:///src/x.ts"', () => undefined),
    undefined,
  );
  assert.equal(
    skipReason(
      "Download https://dl.deno.land/release/v2.9.6/denort-x.zip\nerror: disk full",
      () => undefined,
    ),
    undefined,
  );
});

Deno.test("the compiled binary is dist/distropack-cli, with .exe on Windows", () => {
  assert.equal(binaryPath("linux"), `${REPO_ROOT}dist/distropack-cli`);
  assert.equal(binaryPath("windows"), `${REPO_ROOT}dist/distropack-cli.exe`);
});

/** A stand-in for the binary: the CLI from source with the binary's permission set. */
async function standIn(dir: string, body?: string): Promise<string> {
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  }).output();
  const denoDir = JSON.parse(new TextDecoder().decode(stdout)).denoDir;
  const path = `${dir}/distropack-cli`;
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\n${body ?? ""}\nDENO_DIR='${denoDir}' exec '${Deno.execPath()}' run --quiet ` +
      `--no-prompt --permission-set=cli --config='${REPO_ROOT}deno.json' '${REPO_ROOT}main.ts' "$@"\n`,
    { mode: 0o755 },
  );
  return path;
}

Deno.test({
  name: "the binary checks pass for a working CLI and name each command that fails",
  ignore: !posix,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    try {
      assert.deepEqual(await smokeProblems(await standIn(dir)), []);
      // A binary missing the code of config: its config show fails, the rest answer.
      const broken = await standIn(
        dir,
        '[ "$1" = config ] && { echo "module not found" >&2; exit 1; }',
      );
      assert.deepEqual(await smokeProblems(broken), ["config show: exit 1: module not found"]);
      const leaky = await standIn(
        dir,
        '[ "$1" = config ] && { echo "$DISTROPACK_API_TOKEN"; exit 0; }',
      );
      assert.deepEqual(await smokeProblems(leaky), ["config show printed the token"]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
