import assert from "node:assert/strict";
import { InterruptedError } from "../errors.ts";
import { INTERRUPT_GRACE_MS, Stop } from "./invoke.ts";

Deno.test("a stop ends the run after the grace period once the command has taken the signal", async () => {
  const interrupt = new AbortController();
  let taken = 0;
  const stop = new Stop(() => (taken++, interrupt.signal));
  assert.equal(taken, 0, "nothing is listened for until the command takes the signal");
  assert.equal(stop.signal, stop.signal);
  assert.equal(taken, 1, "the deps' signal is read once");
  const started = performance.now();
  interrupt.abort("SIGTERM");
  const error = await stop.ended.catch((error) => error);
  assert.ok(error instanceof InterruptedError);
  assert.equal(error.signal, "SIGTERM");
  assert.ok(performance.now() - started >= INTERRUPT_GRACE_MS - 5, "not before the grace period");
  stop.close();
});

Deno.test("a closed stop never ends the run, even when the signal fires later", async () => {
  const interrupt = new AbortController();
  const stop = new Stop(() => interrupt.signal);
  void stop.signal;
  stop.close();
  interrupt.abort();
  const outcome = await Promise.race([
    stop.ended.then(() => "ended", () => "ended"),
    new Promise((resolve) => setTimeout(() => resolve("still open"), INTERRUPT_GRACE_MS + 100)),
  ]);
  assert.equal(outcome, "still open");
});
