/** What the tests' servers share: background work to await on dispose, and closing quietly. */

/** Background promises kept until they settle, so a server's dispose can wait for all. */
export class Tasks {
  readonly #running = new Set<Promise<unknown>>();

  track(task: Promise<unknown>): void {
    const settled = task.catch(() => {});
    this.#running.add(settled);
    settled.finally(() => this.#running.delete(settled));
  }

  async settled(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }
}

/** Closes connections that may be closed already. */
export function closeQuietly(...conns: Deno.Conn[]): void {
  for (const conn of conns) {
    try {
      conn.close();
    } catch {
      // Closed already.
    }
  }
}
