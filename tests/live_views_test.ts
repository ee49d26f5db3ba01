/**
 * The live views drawn on a fake terminal: what a person sees (the screen
 * after the terminal has acted on every control sequence), and how it got
 * there (the raw bytes: redrawn in place, cursor hidden while drawing and
 * shown again after). cli-progress draws on timers, so the tests let a few
 * frames pass, and stop() draws the last one.
 */
import assert from "node:assert/strict";
import { CURSOR_UP, FakeTerminal, frames, live } from "./helpers/fake_terminal.ts";
import { jobsView } from "../src/output/jobs_view.ts";
import { uploadGroup } from "../src/output/upload_group.ts";
import { uploadReporter } from "../src/output/upload_progress.ts";
import { statusOf } from "./helpers/job_status.ts";

/** A live upload bar for `filename` of `size` bytes, to package p, slot `refId`, on `view`'s terminal. */
function uploadBar(
  view: ReturnType<typeof live>,
  filename: string,
  size: number,
  refId = "r",
  output = view.terminal.output(),
) {
  return uploadReporter(output, { filename, size, packageId: "p", refId }, view.env);
}

const TO_COLUMN_1 = "\x1b[1G";

Deno.test("the live upload bar shows name, percentage and bytes, redrawn on one line", async () => {
  const view = live();
  const { terminal, time } = view;
  const reporter = await uploadBar(view, "app-1.0.tar.gz", 4096, "source");
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
  const view = live();
  const { terminal, time } = view;
  const reporter = await uploadBar(view, "a.bin", 1000);
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
  const view = live();
  const { terminal, time } = view;
  const reporter = await uploadBar(view, "a.bin", 1000);
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

Deno.test("a notice while the upload bar draws goes on a line of its own above the bar", async () => {
  const view = live();
  const { terminal, time } = view;
  const output = terminal.output();
  const reporter = await uploadBar(view, "app.tar.gz", 4096, "source", output);
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

const HOSTILE_NAME = "evil\x1b]0;owned\x07\x1b[2J.tar.gz";
const HOSTILE_NAME_SHOWN = "evil\\x1b]0;owned\\x07\\x1b[2J.tar.gz";

/**
 * Each live view drawing text it did not write (from the server, a file's
 * name): shown escaped, and none of the sequences reaches the terminal.
 */
const ESCAPES: Array<{
  name: string;
  /** Draws on a live view and stops it. */
  draw: () => Promise<FakeTerminal>;
  forged: string[];
  shown: (screen: string[]) => void;
}> = [
  {
    name: "the live job table shows control characters from the server as escapes",
    async draw() {
      const { terminal, env } = live();
      const view = await jobsView(terminal.output(), ["j-1", "j-2"], env);
      view.handle({
        type: "polled",
        status: statusOf([
          { jobId: "j-1", status: "run\rning", name: "deb\x1b[2J" },
          { jobId: "j-2", status: "queued", name: "rpm\nFAKE\u202e" },
        ]),
        elapsedMs: 0,
      });
      await frames(300);
      view.stop();
      return terminal;
    },
    forged: ["\x1b[2J", "\rning", "\nFAKE", "\u202e"],
    shown: (screen) =>
      assert.deepEqual(screen, [
        "  deb\\x1b[2J run\\rning    0.0s  j-1",
        "  rpm\\nFAKE\\u202e queued       0.0s  j-2",
      ]),
  },
  {
    name: "the live upload bar shows control characters in a file's name escaped",
    async draw() {
      const view = live();
      const reporter = await uploadBar(view, HOSTILE_NAME, 1000);
      reporter.attempt(1);
      reporter.progress(500);
      await frames(150);
      reporter.stop();
      return view.terminal;
    },
    forged: ["\x1b]0;", "\x1b[2J"],
    shown: (screen) => assert.ok(screen[1].startsWith(`${HOSTILE_NAME_SHOWN} [`), screen[1]),
  },
  {
    name: "the live upload group shows control characters in a file's name escaped",
    async draw() {
      const { terminal, env } = live(140);
      const group = await uploadGroup(
        terminal.output(),
        [
          { filename: HOSTILE_NAME, size: 1000, packageId: "p", refId: "a" },
          { filename: "b.md", size: 10, packageId: "p", refId: "b" },
        ],
        env,
      );
      group.reporters[0].progress(500);
      await frames(150);
      group.stop();
      return terminal;
    },
    forged: ["\x1b]0;", "\x1b[2J"],
    shown: (screen) =>
      assert.ok(
        screen.some((line) => line.startsWith(`  ${HOSTILE_NAME_SHOWN}  `)),
        screen.join("\n"),
      ),
  },
];

for (const { name, draw, forged, shown } of ESCAPES) {
  Deno.test(name, async () => {
    const terminal = await draw();
    shown(terminal.screen());
    for (const sequence of forged) {
      assert.ok(!terminal.raw.includes(sequence), JSON.stringify(sequence));
    }
  });
}
