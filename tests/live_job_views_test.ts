/**
 * The live job table drawn on a fake terminal (./helpers/fake_terminal.ts):
 * what a person sees, and how it got there; lines printed while it draws go
 * above it, whole.
 */
import assert from "node:assert/strict";
import { CURSOR_UP, frames, live } from "./helpers/fake_terminal.ts";
import { changed, statusOf } from "./helpers/job_status.ts";
import { jobsView } from "../src/output/jobs_view.ts";

Deno.test("the live job table shows each job's name and state, redrawn in place", async () => {
  const { terminal, time, env } = live();
  const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
  const deb = { jobId: "j-1", status: "running", name: "deb" };
  view.handle(changed(deb, time.now));
  view.handle({ type: "polled", status: statusOf([deb]), elapsedMs: 0 });
  await frames(300);
  assert.deepEqual(terminal.screen(), [
    "  deb      running      0.0s  j-1",
    "  ...      starting     0.0s  j-2",
  ]);
  time.advance(65_000);
  const rpm = { jobId: "j-2", status: "running", name: "rpm" };
  view.handle(changed(rpm, time.now));
  view.handle({ type: "polled", status: statusOf([deb, rpm]), elapsedMs: 65_000 });
  await frames(300);
  assert.deepEqual(terminal.screen(), [
    "  deb      running      1m05s  j-1",
    "  rpm      running      0.0s  j-2",
  ]);
  time.advance(5_000);
  const debDone = { ...deb, status: "finished" };
  view.handle(changed(debDone, time.now));
  view.handle({ type: "polled", status: statusOf([debDone, rpm]), elapsedMs: 70_000 });
  view.stop();
  view.stop();
  assert.deepEqual(terminal.screen(), [
    "  deb      finished       j-1",
    "  rpm      running      5.0s  j-2",
  ]);
  assert.ok(terminal.raw.includes(CURSOR_UP));
  assert.equal(terminal.cursorVisible, true);
  assert.equal(terminal.lineWrap, true);
  assert.deepEqual(terminal.cursor, { row: 2, col: 0 });
});

Deno.test("a warning above the live job table is printed whole, wrapped, and escaped", async () => {
  const { terminal, env } = live(60);
  const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
  view.handle({
    type: "polled",
    status: statusOf([
      { jobId: "j-1", status: "running", name: "deb" },
      { jobId: "j-2", status: "running", name: "rpm" },
    ]),
    elapsedMs: 0,
  });
  await frames(300);
  view.handle({
    type: "unreachable",
    error: new Error("connection reset\x1b]0;owned\x07"),
    retryInMs: 5000,
    elapsedMs: 1000,
  });
  // stop() right away: the warning must not be lost with the last frame.
  view.stop();
  const warning = "Warning: Cannot get the build status (connection reset\\x1b]0;owned\\x07); " +
    "trying again in 5.0s. The builds keep running on the server.";
  const screen = terminal.screen();
  const rows = Math.ceil(warning.length / terminal.columns);
  assert.equal(screen.slice(0, rows).join(""), warning);
  assert.deepEqual(screen.slice(rows), [
    "  deb      running      0.0s  j-1",
    "  rpm      running      0.0s  j-2",
  ]);
  assert.ok(!terminal.raw.includes("\x1b]0;"));
  assert.equal(terminal.lineWrap, true);
  assert.equal(terminal.cursorVisible, true);
});

Deno.test("a notice while the job table draws is printed above it, whole", async () => {
  const { terminal, env } = live(120);
  const output = terminal.output();
  const view = await jobsView(output, ["j-1"], env);
  const status = statusOf([{ jobId: "j-1", status: "running", name: "deb" }]);
  view.handle({ type: "polled", status, elapsedMs: 0 });
  await frames(300);
  output.warn("Could not get the build status (HTTP 502); retrying in 1 s (attempt 2 of 5).");
  await frames(300);
  view.stop();
  const screen = terminal.screen().join("\n");
  assert.match(screen, /Warning: Could not get the build status \(HTTP 502\); retrying in 1 s/);
  assert.match(screen, /\(attempt 2 of 5\)\.\n {2}deb +running/);
});
