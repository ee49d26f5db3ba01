/**
 * A timer that aborts a request, re-armed as the request makes progress.
 *
 * It waits with `AbortSignal.timeout`, not `setTimeout`: the runtime loads
 * its timers module on the first `setTimeout` (about 4 ms, most of an
 * upload's start-up beyond the runtime's own). Re-arming moves a due time;
 * a timer that fires before it is due waits again for the rest, so an
 * upload that re-arms on every chunk keeps one timer, not thousands. The
 * request in flight keeps the process alive meanwhile.
 */
export class Deadline {
  #controller = new AbortController();
  #due = Infinity;
  /** When each outstanding timer fires. */
  #timers = new Set<number>();
  #cleared = false;
  fired = false;
  /** What was awaited when it fired, for messages: "no answer". */
  label = "";
  ms = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(ms: number, label: string): void {
    if (this.fired || this.#cleared) return;
    if (ms <= 0) {
      this.#due = Infinity;
      return;
    }
    this.label = label;
    this.ms = ms;
    this.#due = this.now() + ms;
    this.#schedule();
  }

  clear(): void {
    this.#cleared = true;
    this.#due = Infinity;
  }

  /** Makes sure a timer fires no later than the due time. */
  #schedule(): void {
    // Re-armed on every chunk of an upload: the common case allocates nothing.
    for (const at of this.#timers) if (at <= this.#due) return;
    const wait = Math.max(0, Math.ceil(this.#due - this.now()));
    const at = this.now() + wait;
    this.#timers.add(at);
    AbortSignal.timeout(wait).addEventListener("abort", () => {
      this.#timers.delete(at);
      if (this.#cleared || this.fired || this.#due === Infinity) return;
      if (this.now() < this.#due) return this.#schedule();
      this.fired = true;
      this.#controller.abort(new DOMException(`Timed out: ${this.label}`, "TimeoutError"));
    }, { once: true });
  }
}
