/**
 * Durations are measured on the monotonic clock, never on the wall clock:
 * a wall clock set forward during a run (NTP on a fresh VM, a laptop woken
 * up) ends no wait and skews no timing.
 */
import assert from "node:assert/strict";
import { githubFiles } from "./helpers/github.ts";
import { sleep as realSleep } from "../src/sleep.ts";
import { fakeCli } from "./helpers/cli.ts";

const TWO_HOURS = 2 * 60 * 60 * 1000;

/**
 * The run's clocks, `factor` times faster than the real ones, and a wall
 * clock that is set 2 h forward each time it is read.
 */
function wallClockSetForward(factor: number) {
  let set = 0;
  return {
    monotonic: () => performance.now() * factor,
    sleep: (ms: number, signal?: AbortSignal) => realSleep(ms / factor, signal),
    now: () => Date.now() + TWO_HOURS * ++set,
  };
}

Deno.test("a wall clock set 2 h forward during a 60-minute wait ends neither the wait nor its figures", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", "queued", "running", "finished");
  const github = await githubFiles(cli.home);
  const run = await cli.run(
    [
      "build",
      "--debug",
      "--package-id",
      "p",
      "--version",
      "1.0.0",
      "--interval",
      "10",
      "--timeout",
      "60m",
    ],
    { env: github.env, clock: wallClockSetForward(1000) },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /Timed out/);
  assert.equal(cli.server.to("build_status").length, 3);
  // No heartbeat: nothing has been silent for a minute.
  assert.doesNotMatch(run.stderr, /Still waiting after/);
  // Each request's time, 1000 times the real one: well under the two hours the wall clock moved.
  const timings = [...run.stderr.matchAll(/-> 200 OK in (\d+) ms/g)].map((m) => Number(m[1]));
  assert.equal(timings.length, 4, run.stderr);
  for (const ms of timings) assert.ok(ms < TWO_HOURS / 2, `${ms} ms`);
  // The job's duration in the step summary: two 10 s pauses, not hours.
  assert.match(
    await github.summary(),
    /\| deb \| finished \| j-1 \| (\d+\.\d+s|\d+s|[1-9]m\d\ds) \|/,
  );
});

Deno.test("status --wait counts the 30 s a job may go unlisted on the monotonic clock", async () => {
  await using cli = await fakeCli();
  // Listed from the third answer on, 20 s into the wait.
  cli.server.script("j-new", "missing", "missing", "finished");
  const run = await cli.run(
    ["status", "--wait", "--interval", "10", "--timeout", "0", "j-new"],
    { clock: wallClockSetForward(1000) },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /not found/);
  assert.match(run.stdout, /^deb +finished +j-new$/m);
});

Deno.test("upload times itself on the monotonic clock", async () => {
  await using cli = await fakeCli();
  const path = `${cli.home}/app.tar.gz`;
  await Deno.writeFile(path, new Uint8Array(1024));
  const run = await cli.run(
    ["upload", "--json", "--package-id", "p", "--ref-id", "r", "--file", path],
    { clock: wallClockSetForward(1) },
  );
  assert.equal(run.code, 0, run.stderr);
  const { seconds } = JSON.parse(run.stdout);
  assert.ok(seconds >= 0 && seconds < 60, String(seconds));
  assert.match(run.stderr, /Uploaded 1\.0 KiB in \d+\.\ds /);
});
