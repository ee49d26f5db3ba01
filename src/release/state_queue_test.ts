import assert from "node:assert/strict";
import { inTurn, queuedFiles } from "./state_queue.ts";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("writes to one file run one at a time, in the order queued, a failure stopping none", async () => {
  const log: string[] = [];
  const write = (name: string, ms: number, fail = false) =>
    inTurn("/state.json", async () => {
      log.push(`${name} start`);
      await tick(ms);
      log.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
    });
  const first = write("a", 20, true);
  const second = write("b", 1);
  const other = inTurn("/other.json", () => {
    log.push("other");
    return Promise.resolve();
  });
  await assert.rejects(first, /a failed/);
  await Promise.all([second, other]);
  assert.deepEqual(log, ["a start", "other", "a end", "b start", "b end"]);
  await tick(0);
  assert.equal(queuedFiles(), 0);
});
