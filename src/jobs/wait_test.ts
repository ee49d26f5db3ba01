import assert from "node:assert/strict";
import type { BuildStatus } from "../api/types.ts";
import { allDone, type WaitEvent, waitForJobs, type WaitOptions } from "./wait.ts";

/** A fake clock: sleeping moves time forward at once. */
function clock() {
  let time = 1_000_000;
  return {
    monotonic: () => time,
    sleep: (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      time += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      time += ms;
    },
  };
}

function answers(...list: BuildStatus[]) {
  let index = 0;
  const poll = () => Promise.resolve(list[Math.min(index++, list.length - 1)]);
  return { poll, count: () => index };
}

const job = (jobId: string, status: string, name = "deb") => ({
  jobId,
  status,
  name,
  failMessage: null,
  technicalError: null,
});
const status = (...jobs: ReturnType<typeof job>[]): BuildStatus => ({
  jobs,
  allFinished: false,
  anyFailed: false,
});

async function collect(options: Partial<WaitOptions> & Pick<WaitOptions, "poll">) {
  const time = clock();
  const events: WaitEvent[] = [];
  for await (
    const event of waitForJobs({
      jobIds: ["a", "b"],
      sleep: time.sleep,
      monotonic: time.monotonic,
      signal: new AbortController().signal,
      intervalMs: 5000,
      timeoutMs: 0,
      ...options,
    })
  ) {
    events.push(event);
  }
  return events;
}

const brief = (events: WaitEvent[]) =>
  events.filter((event) => event.type !== "polled").map((event) =>
    event.type === "changed"
      ? `${event.jobId}:${event.previous ?? "-"}>${event.state}@${event.elapsedMs}`
      : `${event.type === "ended" ? event.end.how : event.type}@${event.elapsedMs}`
  );

Deno.test("waitForJobs reports each change once, and ends when every job has ended", async () => {
  const { poll, count } = answers(
    status(job("a", "queued")),
    status(job("a", "running"), job("b", "running", "rpm")),
    status(job("a", "running"), job("b", "running", "rpm")),
    status(job("a", "finished"), job("b", "failed", "rpm")),
  );
  const events = await collect({ poll });
  assert.deepEqual(brief(events), [
    "a:->queued@0",
    "b:->initializing@0",
    "a:queued>running@5000",
    "b:initializing>running@5000",
    "a:running>finished@15000",
    "b:running>failed@15000",
    "finished@15000",
  ]);
  assert.equal(count(), 4);
});

Deno.test("waitForJobs does not take an answer without the jobs for all finished", () => {
  const empty: BuildStatus = { jobs: [], allFinished: true, anyFailed: false };
  assert.equal(allDone(["a"], empty), false);
  assert.equal(allDone(["a"], status(job("a", "FAILED"))), true);
});

Deno.test("waitForJobs times out after the last poll at the deadline", async () => {
  const { poll, count } = answers(status(job("a", "running"), job("b", "running")));
  const events = await collect({ poll, timeoutMs: 12_000 });
  assert.deepEqual(brief(events).at(-1), "timeout@12000");
  // Polls at 0, 5 s, 10 s and at the deadline (12 s): the wait never overshoots.
  assert.equal(count(), 4);
});

Deno.test("waitForJobs gives a heartbeat at most once a minute while nothing changes", async () => {
  const { poll } = answers(status(job("a", "running"), job("b", "running")));
  const events = await collect({ poll, timeoutMs: 200_000, intervalMs: 5000 });
  assert.deepEqual(
    brief(events).filter((line) => line.startsWith("heartbeat")),
    ["heartbeat@60000", "heartbeat@120000", "heartbeat@180000"],
  );
});

Deno.test("waitForJobs stops with an interrupted event when the signal fires", async () => {
  const controller = new AbortController();
  let polls = 0;
  const poll = () => {
    if (++polls === 2) controller.abort();
    return Promise.resolve(status(job("a", "running"), job("b", "running")));
  };
  const events = await collect({ poll, signal: controller.signal });
  assert.equal(polls, 2);
  const last = events.at(-1)!;
  assert.deepEqual(last.type === "ended" && last.end, { how: "interrupted", signal: "SIGINT" });
  assert.equal(last.type === "ended" && last.status?.jobs.length, 2);
});

Deno.test("waitForJobs passes on poll errors that are not an interruption", async () => {
  await assert.rejects(
    collect({ poll: () => Promise.reject(new Error("server said no")) }),
    /server said no/,
  );
});

Deno.test("waitForJobs with timeout 0 waits as long as the jobs take", async () => {
  const running = status(job("a", "running"), job("b", "running"));
  const done = status(job("a", "finished"), job("b", "finished"));
  const { poll, count } = answers(...Array(2000).fill(running), done);
  const events = await collect({ poll, timeoutMs: 0 });
  assert.equal(brief(events).at(-1), "finished@10000000");
  assert.equal(count(), 2001);
});

Deno.test("waitForJobs ends naming the jobs the server has not listed for unknownAfterMs", async () => {
  // b is listed late (slow start, waited out); c is never listed; a comes and goes.
  const { poll, count } = answers(
    status(job("a", "running")),
    status(job("a", "running"), job("b", "running")),
    status(job("b", "running")),
    status(job("a", "running"), job("b", "running")),
  );
  const events = await collect({
    poll,
    jobIds: ["a", "b", "c"],
    intervalMs: 10_000,
    unknownAfterMs: 30_000,
  });
  const last = events.at(-1)!;
  assert.deepEqual(last.type === "ended" && last.end, {
    how: "unknown",
    jobIds: ["c"],
    afterMs: 30_000,
  });
  assert.equal(last.elapsedMs, 30_000);
  assert.equal(count(), 4);
});

Deno.test("waitForJobs without unknownAfterMs waits out jobs the server does not list", async () => {
  const { poll, count } = answers(...Array(100).fill(status(job("a", "running"))));
  const events = await collect({ poll, timeoutMs: 400_000 });
  assert.deepEqual(brief(events).at(-1), "timeout@400000");
  assert.equal(count(), 81);
});
