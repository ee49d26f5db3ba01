/**
 * The clock's helpers: the real `sleep` for `Host` (a timer that an abort
 * signal cancels) and deadlines on the run's clock.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A signal aborted (reason "timeout") once `ms` have passed on the run's
 * clock; never for 0. `cancel()` ends the wait when the work is done first.
 */
export function deadlineAfter(
  deps: { sleep: typeof sleep },
  ms: number,
): { signal: AbortSignal; cancel: () => void } {
  const deadline = new AbortController();
  const wait = new AbortController();
  if (ms > 0) deps.sleep(ms, wait.signal).then(() => deadline.abort("timeout"), () => {});
  return { signal: deadline.signal, cancel: () => wait.abort() };
}
