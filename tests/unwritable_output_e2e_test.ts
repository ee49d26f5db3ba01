/**
 * Output that cannot be written, for the real process: its streams
 * redirected by a shell to /dev/full or a reader that has gone, GITHUB_OUTPUT
 * at /dev/full. One `Error:` line, never a stack trace, and the exit code of
 * how the run ended (6 when only the result was lost).
 */
import assert from "node:assert/strict";
import { ExitCode } from "../src/errors.ts";
import { apiEnv } from "./helpers/fake_server.ts";
import { githubFiles } from "./helpers/github.ts";
import { cliInvocation, type CliRun, REPO_ROOT } from "./helpers/process.ts";
import { tempHome } from "./helpers/temp.ts";
import { assertNoCrash, failingBuild, STDOUT_FULL } from "./helpers/lost_output.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

// Spawned: the real process, its streams redirected by a shell.

/** Runs the CLI through bash with `redirect` after its command line (`>/dev/full`, `| true`). */
async function runRedirected(
  args: string[],
  redirect: string,
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  const invocation = await cliInvocation(args, options.env);
  const command = new Deno.Command("bash", {
    args: ["-c", `"$@" ${redirect}`, "bash", invocation.program, ...invocation.args],
    env: invocation.env,
    clearEnv: true,
    cwd: options.cwd ?? REPO_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const { code, stdout, stderr } = await command.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

const linux = Deno.build.os === "linux";

Deno.test({
  name:
    "e2e: publish --json > /dev/full whose build fails exits 4, and GitHub gets its annotations and outputs",
  ignore: !linux,
  fn: async () => {
    await using home = await tempHome();
    await using server = failingBuild();
    await Deno.writeTextFile(`${home.path}/CHANGELOG.md`, "# 1.0\n");
    const github = await githubFiles(home.path);
    const result = await runRedirected(
      [
        "publish",
        "--json",
        "--package-id",
        "p",
        "--version",
        "1.0",
        "--file",
        "changelog=CHANGELOG.md",
        ...FAST,
      ],
      ">/dev/full",
      { env: apiEnv(server, home, github.env), cwd: home.path },
    );
    assert.equal(result.code, ExitCode.BuildFailed, result.stderr);
    assertNoCrash(result.stderr);
    assert.match(result.stderr, /^Error: 1 of 2 build jobs failed: rpm\.$/m);
    assert.match(
      result.stderr,
      /^::error title=distropack-cli::Build job rpm \(j-2\) failed: no changelog$/m,
    );
    assert.ok(result.stderr.includes(`${STDOUT_FULL}\n`), result.stderr);
    assert.match(await github.output(), /^status<<(\S+)\nfailed\n\1$/m);
    assert.match(await github.summary(), /^### distropack-cli publish: a build failed\n/);
  },
});

Deno.test({
  name:
    "e2e: GITHUB_OUTPUT=/dev/full is one error line and exit 6; the step summary is still written",
  ignore: !linux,
  fn: async () => {
    await using cli = await fakeCli({ jobIds: ["j-1"] });
    const github = await githubFiles(cli.home);
    const result = await runRedirected(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      "",
      { env: cli.env({ ...github.env, GITHUB_OUTPUT: "/dev/full" }) },
    );
    assert.equal(result.code, ExitCode.OutputLost, result.stderr);
    assertNoCrash(result.stderr);
    assert.equal(result.stderr.split("\n").filter((l) => l.startsWith("Error:")).length, 1);
    assert.match(
      result.stderr,
      /^Error: Could not write the step outputs to GITHUB_OUTPUT \(\/dev\/full\): a device, not a file the CLI writes to\.$/m,
    );
    assert.match(await github.summary(), /^### distropack-cli build: all builds finished\n/);
  },
});

Deno.test({
  name: "e2e: --version and --help > /dev/full say so in one line and exit 6",
  ignore: !linux,
  fn: async () => {
    for (const args of [["--version"], ["--help"]]) {
      const result = await runRedirected(args, ">/dev/full");
      assert.equal(result.code, ExitCode.OutputLost, result.stderr);
      assert.equal(result.stderr, `${STDOUT_FULL}\n`);
    }
  },
});

Deno.test({
  name: "e2e: a failed build with stderr at /dev/full still exits 4 with its result on stdout",
  ignore: !linux,
  fn: async () => {
    await using home = await tempHome();
    await using server = failingBuild();
    const result = await runRedirected(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      "2>/dev/full",
      { env: apiEnv(server, home) },
    );
    assert.equal(result.code, ExitCode.BuildFailed);
    assert.match(result.stdout, /^rpm +failed +j-2$/m);
  },
});

Deno.test({
  name: "e2e: a reader that has gone (| true) ends the run quietly, with its own exit code",
  ignore: !linux,
  fn: async () => {
    await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
    const result = await runRedirected(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      '2>&1 | true; exit "${PIPESTATUS[0]}"',
      { env: cli.env() },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
  },
});
