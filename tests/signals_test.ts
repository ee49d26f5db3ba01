/**
 * Stop signals sent to the real process, the way CI systems (SIGTERM) and
 * people (Ctrl-C, SIGINT) stop it: the run ends with 143 or 130 and says
 * what was left running or unfinished.
 */
import assert from "node:assert/strict";
import { cliCommand } from "./helpers/process.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { tempDir, tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];
const decoder = new TextDecoder();

/** Starts the CLI, waits until `ready`, sends `signal`, and returns how the process ended. */
async function signalled(
  args: string[],
  env: Record<string, string>,
  ready: () => Promise<void>,
  signal: Deno.Signal,
): Promise<{ code: number; signal: Deno.Signal | null; stdout: string; stderr: string }> {
  const child = (await cliCommand(args, { env, stdin: "null" })).spawn();
  await ready();
  child.kill(signal);
  const { code, signal: killedBy, stdout, stderr } = await child.output();
  return { code, signal: killedBy, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** `build` of two jobs that keep running, sent `signal` once its wait is under way. */
async function signalledBuild(flags: string[], signal: Deno.Signal) {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-1", "running");
  server.script("j-2", "queued");
  // Two polls: the wait is under way, not starting.
  let polls = 0;
  const ready = () =>
    server.waitFor((request) => request.endpoint === "build_status" && ++polls >= 2);
  return await signalled(
    ["build", ...flags, "--package-id", "p", "--version", "1", ...FAST],
    apiEnv(server, home),
    ready,
    signal,
  );
}

Deno.test({
  name: "SIGTERM while build waits exits 143 with the job ids and the command to resume",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const run = await signalledBuild([], "SIGTERM");
    assert.equal(run.code, 143, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    assert.match(run.stderr, /Job ids: j-1, j-2\./);
    assert.match(run.stderr, /distropack-cli status --wait j-1 j-2/);
    assert.doesNotMatch(run.stdout, /successfully/);
  },
});

Deno.test({
  name: "SIGTERM while build --json waits prints exactly one JSON document with the job ids",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const run = await signalledBuild(["--json"], "SIGTERM");
    assert.equal(run.code, 143, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    const document = JSON.parse(run.stdout);
    assert.deepEqual(document.job_ids, ["j-1", "j-2"]);
    assert.equal(document.error.code, "interrupted");
    assert.equal(document.error.exit_code, 143);
    assert.match(document.error.message, /distropack-cli status --wait j-1 j-2/);
  },
});

Deno.test({
  name: "SIGINT while build waits still exits 130",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const run = await signalledBuild([], "SIGINT");
    assert.equal(run.code, 130, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    assert.match(run.stderr, /distropack-cli status --wait j-1 j-2/);
  },
});

Deno.test({
  name: "SIGTERM during an upload exits 143, says it is not complete, and no whole file arrives",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using home = await tempHome();
    await using dir = await tempDir();
    // A slow server: 4 MiB at one pause per chunk read takes seconds.
    await using server = FakeServer.start({ readPauseMs: 20 });
    const file = `${dir.path}/big.deb`;
    await Deno.writeFile(file, new Uint8Array(4 * 1024 * 1024).fill(7));
    const run = await signalled(
      ["upload", "--package-id", "p", "--ref-id", "deb", "--file", file],
      apiEnv(server, home),
      () => server.waitForBytes(256 * 1024),
      "SIGTERM",
    );
    assert.equal(run.code, 143, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    assert.match(run.stderr, /Interrupted while uploading .*big\.deb; the upload is not complete/);
    assert.doesNotMatch(run.stdout + run.stderr, /File uploaded successfully!/);
    await server.waitFor((request) => request.endpoint === "upload_file");
    for (const request of server.to("upload_file")) {
      assert.equal(request.file, undefined, "the server got a whole file");
    }
  },
});

Deno.test({
  name: "SIGTERM while the build trigger's answer is awaited exits 143, saying it may have started",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using cli = await fakeCli();
    cli.server.plan("build_package", { delayMs: 30_000 });
    const run = await signalled(
      ["build", "--package-id", "p", "--version", "1", "--json"],
      cli.env(),
      () => cli.server.waitFor((request) => request.endpoint === "build_package"),
      "SIGTERM",
    );
    assert.equal(run.code, 143, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    assert.match(run.stderr, /Interrupted while starting the build; it may have started/);
    assert.equal(JSON.parse(run.stdout).error.exit_code, 143);
  },
});

Deno.test({
  name: "SIGTERM during a one-off status request exits 143",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using cli = await fakeCli();
    cli.server.plan("build_status", { delayMs: 30_000 });
    const run = await signalled(
      ["status", "j-1"],
      cli.env(),
      () => cli.server.waitFor((request) => request.endpoint === "build_status"),
      "SIGTERM",
    );
    assert.equal(run.code, 143, run.stderr);
    assert.equal(run.signal, null, "the CLI did not handle the signal itself");
    assert.match(run.stderr, /Interrupted while trying to get the build status\./);
  },
});
