import assert from "node:assert/strict";
import { Output } from "./output.ts";
import { uploadReporter } from "./upload_progress.ts";
import { jobsView } from "./jobs_view.ts";

function captured() {
  let err = "";
  const output = new Output(
    {
      stdout: () => {},
      stderr: (text) => (err += text),
      stderrIsTerminal: false,
    },
    { format: "text", quiet: false, debug: false, color: false },
  );
  return { output, lines: () => err.trimEnd().split("\n") };
}

Deno.test("line progress prints a line per quarter passed, leaves the whole file to the finish line, and starts over on a retry", async () => {
  const { output, lines } = captured();
  let time = 0;
  const reporter = await uploadReporter(
    output,
    { filename: "a.tar.gz", size: 1000, packageId: "p", refId: "r" },
    { live: false, monotonic: () => (time += 500) },
  );
  reporter.attempt(1);
  for (const sent of [100, 260, 270, 900]) reporter.progress(sent);
  reporter.attempt(2);
  reporter.progress(1000);
  reporter.finish();
  reporter.attempt(3);
  reporter.progress(999);
  reporter.progress(1000);
  assert.deepEqual(lines(), [
    "Uploading a.tar.gz (1000 B) to package p, slot r...",
    "Uploaded 26% (260 B of 1000 B)",
    "Uploaded 90% (900 B of 1000 B)",
    "Uploading a.tar.gz again from the start (attempt 2).",
    "Uploaded 1000 B in 0.5s (2.0 KiB/s).",
    "Uploading a.tar.gz again from the start (attempt 3).",
    "Uploaded 99% (999 B of 1000 B)",
  ]);
});

Deno.test("a line's percentage is the share of bytes beside it, as a 293 KiB upload's first line after 128 KiB shows", async () => {
  const { output, lines } = captured();
  const reporter = await uploadReporter(
    output,
    { filename: "a.tar.gz", size: 293 * 1024, packageId: "p", refId: "r" },
    { live: false, monotonic: () => 0 },
  );
  reporter.attempt(1);
  reporter.progress(128 * 1024);
  reporter.progress(256 * 1024);
  assert.deepEqual(lines().slice(1), [
    "Uploaded 43% (128.0 KiB of 293.0 KiB)",
    "Uploaded 87% (256.0 KiB of 293.0 KiB)",
  ]);
});

Deno.test("the line job view prints changes and a heartbeat naming every job's state", async () => {
  const { output, lines } = captured();
  const view = await jobsView(output, ["a", "b"], { live: false, monotonic: () => 0 });
  const status = {
    jobs: [{ jobId: "a", status: "running", name: "deb", failMessage: null, technicalError: null }],
    allFinished: false,
    anyFailed: false,
  };
  view.handle({ type: "polled", status, elapsedMs: 0 });
  view.handle({
    type: "changed",
    jobId: "a",
    job: status.jobs[0],
    state: "running",
    previous: undefined,
    elapsedMs: 0,
  });
  view.handle({
    type: "changed",
    jobId: "b",
    job: undefined,
    state: "initializing",
    previous: undefined,
    elapsedMs: 0,
  });
  view.handle({ type: "heartbeat", status, elapsedMs: 61_000 });
  assert.deepEqual(lines(), [
    "deb [a]: running",
    "job b: waiting for the server to start it",
    "Still waiting after 1m01s: deb running, b initializing.",
  ]);
});
