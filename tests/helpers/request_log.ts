/**
 * The fake server's request log: every request as recorded, the body bytes
 * read so far, and promises that resolve once a request or a byte count has
 * arrived.
 */
import type { RecordedRequest } from "./recorded_request.ts";
import type { Endpoint } from "./scripted_answers.ts";

export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  /** Body bytes read so far, all requests together. */
  receivedBytes = 0;
  readonly #waiters: Array<{ match: (r: RecordedRequest) => boolean; resolve: () => void }> = [];
  readonly #byteWaiters: Array<{ bytes: number; resolve: () => void }> = [];

  /** The requests to one endpoint. */
  to(endpoint: Endpoint): RecordedRequest[] {
    return this.requests.filter((request) => request.endpoint === endpoint);
  }

  /** Resolves once a request matching `match` has arrived (at once if one has). */
  waitFor(match: (request: RecordedRequest) => boolean): Promise<void> {
    if (this.requests.some(match)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Resolves once this many body bytes have been read (at once if they have). */
  waitForBytes(bytes: number): Promise<void> {
    if (this.receivedBytes >= bytes) return Promise.resolve();
    return new Promise((resolve) => this.#byteWaiters.push({ bytes, resolve }));
  }

  /** Logs `request` and wakes whoever waits for one like it. */
  protected logged(request: RecordedRequest): void {
    this.requests.push(request);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(request)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Counts `count` more body bytes read and wakes whoever waits for that many. */
  protected received(count: number): void {
    this.receivedBytes += count;
    for (const waiter of [...this.#byteWaiters]) {
      if (this.receivedBytes >= waiter.bytes) {
        this.#byteWaiters.splice(this.#byteWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
