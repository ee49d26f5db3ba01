/**
 * The live views drawn on a fake terminal: what a person sees (the screen
 * after the terminal has acted on every control sequence), and how it got
 * there (the raw bytes: redrawn in place, cursor hidden while drawing and
 * shown again after). cli-progress draws on timers, so the tests let a few
 * frames pass, and stop() draws the last one.
 */
import assert from "node:assert/strict";
import { FakeTerminal, frames } from "./helpers/fake_terminal.ts";
import type { BuildStatus } from "../src/api/types.ts";
import { jobsView } from "../src/output/jobs_view.ts";
import { uploadGroup } from "../src/output/upload_group.ts";
import { uploadReporter } from "../src/output/upload_progress.ts";

/** The clock the views read for rates and elapsed times; tests move it by hand. */
function clock() {
  let time = 1_000_000;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A fake terminal `columns` wide, the clock, and the live drawing settings the views take. */
function live(columns = 100) {
  const terminal = new FakeTerminal(columns);
  const time = clock();
  return {
    terminal,
    time,
    env: { live: true, monotonic: time.now, columns: () => terminal.columns },
  };
}

const CURSOR_UP = "\x1b[1A";
const TO_COLUMN_1 = "\x1b[1G";

Deno.test("the live upload bar shows name, percentage and bytes, redrawn on one line", async () => {
  const { terminal, time, env } = live();
  const reporter = await uploadReporter(
    terminal.output(),
    { filename: "app-1.0.tar.gz", size: 4096, packageId: "p", refId: "source" },
    env,
  );
  reporter.attempt(1);
  assert.equal(terminal.cursorVisible, false);
  time.advance(1000);
  reporter.progress(1024);
  await frames(150);
  assert.match(terminal.screen()[1], /^app-1\.0\.tar\.gz \[#{6}-{18}\] {2}25% 1\.0 KiB\/4\.0 KiB/);
  time.advance(1000);
  reporter.progress(2048);
  await frames(150);
  assert.match(terminal.screen()[1], /\[#{12}-{12}\] {2}50% 2\.0 KiB\/4\.0 KiB 1\.0 KiB\/s/);
  reporter.finish();
  assert.deepEqual(terminal.screen(), [
    "Uploading app-1.0.tar.gz (4.0 KiB) to package p, slot source...",
    "app-1.0.tar.gz [########################] 100% 4.0 KiB/4.0 KiB 1.0 KiB/s",
    "Uploaded 4.0 KiB in 2.0s (2.0 KiB/s).",
  ]);
  // Every frame went to the start of the same line: no line feed until the bar ended.
  const bar = terminal.raw.slice(terminal.raw.indexOf("\x1b7"), terminal.raw.indexOf("\x1b8"));
  assert.ok(!bar.includes("\n"), JSON.stringify(bar));
  assert.equal(bar.split(TO_COLUMN_1).length - 1, 4, JSON.stringify(bar));
  assert.equal(terminal.cursorVisible, true);
  assert.equal(terminal.lineWrap, true);
});

Deno.test("a retried upload ends the bar before it announces the new attempt", async () => {
  const { terminal, time, env } = live();
  const reporter = await uploadReporter(
    terminal.output(),
    { filename: "a.bin", size: 1000, packageId: "p", refId: "r" },
    env,
  );
  reporter.attempt(1);
  time.advance(1000);
  reporter.progress(300);
  await frames(150);
  reporter.attempt(2);
  reporter.progress(1000);
  reporter.finish();
  const screen = terminal.screen();
  assert.equal(screen.length, 5, screen.join("\n"));
  assert.match(screen[1], /^a\.bin \[.*\] {2}30% 300 B\/1000 B/);
  assert.equal(screen[2], "Uploading a.bin again from the start (attempt 2).");
  assert.match(screen[3], /^a\.bin \[#{24}\] 100% 1000 B\/1000 B/);
  assert.match(screen[4], /^Uploaded 1000 B in /);
  assert.equal(terminal.cursorVisible, true);
});

Deno.test("stopping the live upload bar midway leaves its line and the cursor visible", async () => {
  const { terminal, time, env } = live();
  const reporter = await uploadReporter(
    terminal.output(),
    { filename: "a.bin", size: 1000, packageId: "p", refId: "r" },
    env,
  );
  reporter.attempt(1);
  time.advance(500);
  reporter.progress(600);
  reporter.stop();
  reporter.stop();
  assert.equal(terminal.cursorVisible, true);
  assert.equal(terminal.lineWrap, true);
  assert.match(terminal.screen()[1], /^a\.bin \[.*\] {2}60% 600 B\/1000 B/);
  assert.deepEqual(terminal.cursor, { row: 2, col: 0 });
});

Deno.test("the live upload group shows a line per file, redrawn in place", async () => {
  const { terminal, time, env } = live();
  const group = await uploadGroup(
    terminal.output(),
    [
      { filename: "app-1.2.3.tar.gz", size: 2048, packageId: "p", refId: "source-tarball" },
      { filename: "CHANGELOG.md", size: 100, packageId: "p", refId: "changelog" },
    ],
    env,
  );
  const [tarball, changelog] = group.reporters;
  tarball.attempt(1);
  changelog.attempt(1);
  time.advance(1000);
  tarball.progress(1024);
  await frames(200);
  assert.deepEqual(terminal.screen(), [
    "  app-1.2.3.tar.gz   50%  1.0 KiB/2.0 KiB  1.0 KiB/s",
    "  CHANGELOG.md        0%  0 B/100 B",
  ]);
  assert.equal(terminal.cursorVisible, false);
  changelog.attempt(2);
  changelog.finish();
  time.advance(1000);
  tarball.progress(1536);
  await frames(200);
  tarball.finish();
  group.stop();
  group.stop();
  assert.deepEqual(terminal.screen(), [
    "  app-1.2.3.tar.gz  100%  2.0 KiB/2.0 KiB  done",
    "  CHANGELOG.md      100%  100 B/100 B  done",
  ]);
  // The 75% frame was drawn over the 50% one: up a line, not a new pair of lines.
  assert.match(terminal.raw, /75% {2}1\.5 KiB\/2\.0 KiB/);
  assert.ok(terminal.raw.includes(CURSOR_UP));
  assert.equal(terminal.cursorVisible, true);
  assert.equal(terminal.lineWrap, true);
  assert.deepEqual(terminal.cursor, { row: 2, col: 0 });
});

function status(
  jobs: Array<{ jobId: string; status: string; name: string }>,
): BuildStatus {
  return {
    jobs: jobs.map((job) => ({ ...job, failMessage: null, technicalError: null })),
    allFinished: false,
    anyFailed: false,
  };
}

/** The event of a job's state changing. */
function changed(job: { jobId: string; status: string; name: string }, now: () => number) {
  const { jobId, status: state } = job;
  return {
    type: "changed" as const,
    jobId,
    job: { ...job, failMessage: null, technicalError: null },
    state,
    previous: undefined,
    elapsedMs: now(),
  };
}

Deno.test("the live job table shows each job's name and state, redrawn in place", async () => {
  const { terminal, time, env } = live();
  const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
  const deb = { jobId: "j-1", status: "running", name: "deb" };
  view.handle(changed(deb, time.now));
  view.handle({ type: "polled", status: status([deb]), elapsedMs: 0 });
  await frames(300);
  assert.deepEqual(terminal.screen(), [
    "  deb      running      0.0s  j-1",
    "  ...      starting     0.0s  j-2",
  ]);
  time.advance(65_000);
  const rpm = { jobId: "j-2", status: "running", name: "rpm" };
  view.handle(changed(rpm, time.now));
  view.handle({ type: "polled", status: status([deb, rpm]), elapsedMs: 65_000 });
  await frames(300);
  assert.deepEqual(terminal.screen(), [
    "  deb      running      1m05s  j-1",
    "  rpm      running      0.0s  j-2",
  ]);
  time.advance(5_000);
  const debDone = { ...deb, status: "finished" };
  view.handle(changed(debDone, time.now));
  view.handle({ type: "polled", status: status([debDone, rpm]), elapsedMs: 70_000 });
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

Deno.test("the live job table shows control characters from the server as escapes", async () => {
  const { terminal, env } = live();
  const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
  view.handle({
    type: "polled",
    status: status([
      { jobId: "j-1", status: "run\rning", name: "deb\x1b[2J" },
      { jobId: "j-2", status: "queued", name: "rpm\nFAKE\u202e" },
    ]),
    elapsedMs: 0,
  });
  await frames(300);
  view.stop();
  assert.deepEqual(terminal.screen(), [
    "  deb\\x1b[2J run\\rning    0.0s  j-1",
    "  rpm\\nFAKE\\u202e queued       0.0s  j-2",
  ]);
  for (const forged of ["\x1b[2J", "\rning", "\nFAKE", "\u202e"]) {
    assert.ok(!terminal.raw.includes(forged), JSON.stringify(forged));
  }
});

Deno.test("a warning above the live job table is printed whole, wrapped, and escaped", async () => {
  const { terminal, env } = live(60);
  const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
  view.handle({
    type: "polled",
    status: status([
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

Deno.test("a notice while the upload bar draws goes on a line of its own above the bar", async () => {
  const { terminal, time, env } = live();
  const output = terminal.output();
  const reporter = await uploadReporter(
    output,
    { filename: "app.tar.gz", size: 4096, packageId: "p", refId: "source" },
    env,
  );
  reporter.attempt(1);
  time.advance(1000);
  reporter.progress(1024);
  await frames(150);
  output.info("Could not upload the file (HTTP 503); retrying in 0.5 s (attempt 2 of 5).");
  reporter.progress(2048);
  await frames(150);
  reporter.stop();
  const screen = terminal.screen();
  assert.match(screen[1], /^app\.tar\.gz \[#{6}-{18}\] {2}25% 1\.0 KiB\/4\.0 KiB/);
  assert.equal(
    screen[2],
    "Could not upload the file (HTTP 503); retrying in 0.5 s (attempt 2 of 5).",
  );
  assert.match(screen[3], /^app\.tar\.gz \[#{12}-{12}\] {2}50% 2\.0 KiB\/4\.0 KiB/);
  // After the view, lines go straight to stderr again.
  output.info("after");
  assert.equal(terminal.screen().at(-1), "after");
});

Deno.test("a notice while the job table draws is printed above it, whole", async () => {
  const terminal = new FakeTerminal(120);
  const output = terminal.output();
  const view = await jobsView(output, ["j-1"], {
    live: true,
    monotonic: () => 0,
    columns: () => 120,
  });
  const status: BuildStatus = {
    jobs: [{
      jobId: "j-1",
      status: "running",
      name: "deb",
      failMessage: null,
      technicalError: null,
    }],
    allFinished: false,
    anyFailed: false,
  };
  view.handle({ type: "polled", status, elapsedMs: 0 });
  await frames(300);
  output.warn("Could not get the build status (HTTP 502); retrying in 1 s (attempt 2 of 5).");
  await frames(300);
  view.stop();
  const screen = terminal.screen().join("\n");
  assert.match(screen, /Warning: Could not get the build status \(HTTP 502\); retrying in 1 s/);
  assert.match(screen, /\(attempt 2 of 5\)\.\n {2}deb +running/);
});

Deno.test("the live upload bar and group show control characters in file names escaped", async () => {
  const name = "evil\x1b]0;owned\x07\x1b[2J.tar.gz";
  const shown = "evil\\x1b]0;owned\\x07\\x1b[2J.tar.gz";
  const single = live();
  const reporter = await uploadReporter(
    single.terminal.output(),
    { filename: name, size: 1000, packageId: "p", refId: "r" },
    single.env,
  );
  reporter.attempt(1);
  reporter.progress(500);
  await frames(150);
  reporter.stop();
  assert.ok(!single.terminal.raw.includes("\x1b]0;"), JSON.stringify(single.terminal.raw));
  assert.ok(!single.terminal.raw.includes("\x1b[2J"), JSON.stringify(single.terminal.raw));
  assert.ok(single.terminal.screen()[1].startsWith(`${shown} [`), single.terminal.screen()[1]);

  const many = live(140);
  const group = await uploadGroup(
    many.terminal.output(),
    [
      { filename: name, size: 1000, packageId: "p", refId: "a" },
      { filename: "b.md", size: 10, packageId: "p", refId: "b" },
    ],
    many.env,
  );
  group.reporters[0].progress(500);
  await frames(150);
  group.stop();
  assert.ok(!many.terminal.raw.includes("\x1b]0;"), JSON.stringify(many.terminal.raw));
  assert.ok(!many.terminal.raw.includes("\x1b[2J"), JSON.stringify(many.terminal.raw));
  assert.ok(many.terminal.screen().some((line) => line.startsWith(`  ${shown}  `)));
});
