/** A timer that aborts a request, re-armed as the request makes progress. */
export class Deadline {
  #controller = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  fired = false;
  /** What was awaited when it fired, for messages: "no answer". */
  label = "";
  ms = 0;

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  arm(ms: number, label: string): void {
    clearTimeout(this.#timer);
    if (this.fired || ms <= 0) return;
    this.label = label;
    this.ms = ms;
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.#controller.abort(new DOMException(`Timed out: ${label}`, "TimeoutError"));
    }, ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
