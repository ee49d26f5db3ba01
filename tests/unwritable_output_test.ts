/**
 * Output that cannot be written: stdout or stderr on a full disk or a closed
 * pipe, GITHUB_OUTPUT or GITHUB_STEP_SUMMARY that cannot be appended to.
 * Each failure is one `Error:` line where stderr still takes it, never a
 * stack trace; the rest of the report is still written; the exit code says
 * how the run ended (a failed build stays 4), or 6 when all else succeeded
 * but the result was lost. A reader that has gone (`| head -1`) ends nothing.
 */
import assert from "node:assert/strict";
import { run } from "../src/program/run.ts";
import type { Host } from "../src/host.ts";
import { ExitCode } from "../src/errors.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { githubFiles } from "./helpers/github.ts";
import { fakeDeps, type InProcessOptions } from "./helpers/in_process.ts";
import { type CliRun } from "./helpers/process.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";
import { assertNoCrash, failingBuild, FULL, STDOUT_FULL } from "./helpers/lost_output.ts";

const FAST = ["--interval", "0.05"];

/** A stream writer that fails as a full disk does, or as a pipe whose reader has gone. */
function failing(how: "full" | "closed"): { write: (text: string) => void; calls: () => number } {
  let calls = 0;
  return {
    write: () => {
      calls++;
      throw how === "full"
        ? new Error(FULL)
        : new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
    },
    calls: () => calls,
  };
}

/** Runs the CLI in process with stdout or stderr replaced by `write`. */
async function runWith(
  args: string[],
  options: InProcessOptions,
  streams: Partial<Pick<Host, "stdout" | "stderr">>,
): Promise<CliRun> {
  const io = fakeDeps(options);
  const code = await run(args, { ...io.deps, ...streams });
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

Deno.test("a build that fails still exits 4 when its --json document cannot be written", async () => {
  await using home = await tempHome();
  await using server = failingBuild();
  const stdout = failing("full");
  const result = await runWith(
    ["build", "--json", "--package-id", "p", "--version", "1.0", ...FAST],
    { env: apiEnv(server, home) },
    { stdout: stdout.write },
  );
  assert.equal(result.code, ExitCode.BuildFailed, result.stderr);
  assertNoCrash(result.stderr);
  assert.match(result.stderr, /^Error: 1 of 2 build jobs failed: rpm\.$/m);
  assert.ok(result.stderr.endsWith(`${STDOUT_FULL}\n`), result.stderr);
  assert.equal(stdout.calls(), 1, "a failed stream is written no more");
});

Deno.test("a run that otherwise succeeded exits 6 when its result cannot be written to stdout", async (t) => {
  await using home = await tempHome();
  for (const args of [["--json"], []]) {
    await t.step(args.join(" ") || "without --json", async () => {
      await using server = FakeServer.start({ jobIds: ["j-1"] });
      const result = await runWith(
        ["build", ...args, "--package-id", "p", "--version", "1.0", ...FAST],
        { env: apiEnv(server, home) },
        { stdout: failing("full").write },
      );
      assert.equal(result.code, ExitCode.OutputLost, result.stderr);
      assertNoCrash(result.stderr);
      assert.equal(result.stderr.split("\n").filter((l) => l.startsWith("Error:")).length, 1);
      assert.ok(result.stderr.endsWith(`${STDOUT_FULL}\n`), result.stderr);
    });
  }
});

Deno.test("help and the version that cannot be written to stdout exit 6 with one line", async () => {
  for (const args of [["--version"], ["--help"], ["build", "--help"], ["completions", "bash"]]) {
    const result = await runWith(args, {}, { stdout: failing("full").write });
    assert.equal(result.code, ExitCode.OutputLost, args.join(" "));
    assert.equal(result.stderr, `${STDOUT_FULL}\n`);
  }
});

Deno.test("on GitHub Actions a failed build with stdout full still annotates, and writes its summary and outputs", async () => {
  await using home = await tempHome();
  await using server = failingBuild();
  const github = await githubFiles(home.path);
  const result = await runWith(
    ["build", "--json", "--package-id", "p", "--version", "1.0", ...FAST],
    { env: apiEnv(server, home, github.env) },
    { stdout: failing("full").write },
  );
  assert.equal(result.code, ExitCode.BuildFailed, result.stderr);
  assertNoCrash(result.stderr);
  const annotations = result.stderr.split("\n").filter((line) => line.startsWith("::error"));
  assert.deepEqual(annotations, [
    "::error title=distropack-cli::1 of 2 build jobs failed: rpm.",
    "::error title=distropack-cli::Build job rpm (j-2) failed: no changelog",
    `::error title=distropack-cli::Could not write to stdout: ${FULL}.`,
  ]);
  assert.match(await github.output(), /^status<<(\S+)\nfailed\n\1$/m);
  assert.match(await github.summary(), /^### distropack-cli build: a build failed\n/);
});

Deno.test("on GitHub Actions, GITHUB_OUTPUT that cannot be written is one error; the summary is still written", async (t) => {
  await using home = await tempHome();
  await t.step("a run that otherwise succeeded exits 6", async () => {
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    const github = await githubFiles(home.path);
    const result = await runWith(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      { env: apiEnv(server, home, { ...github.env, GITHUB_OUTPUT: "/dev/full" }) },
      {},
    );
    assert.equal(result.code, ExitCode.OutputLost, result.stderr);
    assert.match(result.stdout, /All builds finished successfully!/);
    const message = `Could not write the step outputs to GITHUB_OUTPUT (/dev/full): ${FULL}.`;
    assert.ok(
      result.stderr.endsWith(`Error: ${message}\n::error title=distropack-cli::${message}\n`),
      result.stderr,
    );
    assert.doesNotMatch(result.stderr, /Warning/);
    assert.match(await github.summary(), /^### distropack-cli build: all builds finished\n/);
  });
  await t.step("a failed build stays 4", async () => {
    await using server = failingBuild();
    const github = await githubFiles(home.path);
    const result = await runWith(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      { env: apiEnv(server, home, { ...github.env, GITHUB_OUTPUT: "/dev/full" }) },
      {},
    );
    assert.equal(result.code, ExitCode.BuildFailed, result.stderr);
    assert.match(result.stderr, /^Error: Could not write the step outputs to GITHUB_OUTPUT/m);
    assert.match(await github.summary(), /^### distropack-cli build: a build failed\n/);
  });
});

Deno.test("on GitHub Actions a step summary that cannot be written leaves the outputs written, and exits 6", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  const github = await githubFiles(cli.home);
  const result = await runWith(
    ["build", "--package-id", "p", "--version", "1.0", ...FAST],
    { env: cli.env({ ...github.env, GITHUB_STEP_SUMMARY: "/dev/full" }) },
    {},
  );
  assert.equal(result.code, ExitCode.OutputLost, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(
      `^Error: Could not write the step summary to GITHUB_STEP_SUMMARY \\(/dev/full\\): ${
        FULL.replace(/[()]/g, "\\$&")
      }\\.$`,
      "m",
    ),
  );
  assert.match(await github.output(), /^status<<(\S+)\nfinished\n\1$/m);
});

Deno.test("a closed pipe on stdout ends quietly, with the run's own exit code", async (t) => {
  await using home = await tempHome();
  await t.step("a run that succeeded exits 0", async () => {
    await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
    const stdout = failing("closed");
    const result = await runWith(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      { env: apiEnv(server, home) },
      { stdout: stdout.write },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stderr, /Error/);
    assert.equal(stdout.calls(), 1, "a closed stream is written no more");
  });
  await t.step("a failed build exits 4", async () => {
    await using server = failingBuild();
    const result = await runWith(
      ["build", "--package-id", "p", "--version", "1.0", ...FAST],
      { env: apiEnv(server, home) },
      { stdout: failing("closed").write },
    );
    assert.equal(result.code, ExitCode.BuildFailed, result.stderr);
    assert.match(result.stderr, /^Error: 1 of 2 build jobs failed: rpm\.\n$/m);
    assert.doesNotMatch(result.stderr, /Could not write/);
  });
});

Deno.test("stderr that is closed or full costs neither the result on stdout nor the exit code", async (t) => {
  await using home = await tempHome();
  for (const how of ["closed", "full"] as const) {
    await t.step(how, async () => {
      await using server = failingBuild();
      const github = await githubFiles(home.path);
      const stderr = failing(how);
      const io = fakeDeps({ env: apiEnv(server, home, github.env) });
      const code = await run(
        ["build", "--package-id", "p", "--version", "1.0", ...FAST],
        { ...io.deps, stderr: stderr.write },
      );
      assert.equal(code, ExitCode.BuildFailed);
      assert.match(io.stdout(), /^rpm +failed +j-2$/m);
      assert.equal(stderr.calls(), 1, "a failed stream is written no more");
      // The CI files are written all the same.
      assert.match(await github.output(), /^status<<(\S+)\nfailed\n\1$/m);
    });
  }
});
