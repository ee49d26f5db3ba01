import assert from "node:assert/strict";
import { Deadline } from "./deadline.ts";

/** Keeps the test's event loop alive while only the deadline's unref'd timers wait. */
function fired(deadline: Deadline, withinMs: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const keepAlive = setTimeout(() => resolve(-1), withinMs);
    deadline.signal.addEventListener("abort", () => {
      clearTimeout(keepAlive);
      resolve(performance.now() - started);
    });
  });
}

Deno.test("a deadline fires once its time has passed, with what was awaited", async () => {
  const deadline = new Deadline();
  deadline.arm(40, "no answer");
  const after = await fired(deadline, 1000);
  assert.ok(after >= 35 && after < 500, `${after} ms`);
  assert.equal(deadline.fired, true);
  assert.match(String(deadline.signal.reason), /no answer/);
});

Deno.test("re-arming moves the deadline later, and a shorter one fires sooner", async () => {
  const later = new Deadline();
  later.arm(40, "a");
  const extend = setInterval(() => later.arm(40, "b"), 10);
  setTimeout(() => clearInterval(extend), 150);
  const after = await fired(later, 1000);
  assert.ok(after >= 150, `fired after ${after} ms, while still re-armed`);
  assert.equal(later.label, "b");

  const sooner = new Deadline();
  sooner.arm(10_000, "long");
  sooner.arm(30, "short");
  const quick = await fired(sooner, 2000);
  assert.ok(quick >= 25 && quick < 1000, `${quick} ms`);
});

Deno.test("a cleared deadline never fires", async () => {
  const deadline = new Deadline();
  deadline.arm(20, "no answer");
  deadline.clear();
  assert.equal(await fired(deadline, 150), -1);
  assert.equal(deadline.fired, false);
});
