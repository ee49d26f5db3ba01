/**
 * Runs tasks at most `limit` at a time with one cancel signal: when a task
 * fails for good, the signal aborts, the tasks still running stop, and the
 * ones not started never start.
 */
export interface PoolResult<T> {
  /** Results of the tasks that completed, in task order (holes for the others). */
  results: Array<T | undefined>;
  /** The first failure, with the index of its task. */
  failure?: { index: number; error: unknown };
}

export async function runPool<T>(
  tasks: Array<(signal: AbortSignal) => Promise<T>>,
  limit: number,
  parent: AbortSignal,
): Promise<PoolResult<T>> {
  const cancel = new AbortController();
  const signal = AbortSignal.any([parent, cancel.signal]);
  const results: Array<T | undefined> = new Array(tasks.length);
  let failure: PoolResult<T>["failure"];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length && !signal.aborted) {
      const index = next++;
      try {
        results[index] = await tasks[index](signal);
      } catch (error) {
        // The first failure is the cause; the ones after it are its cancellations.
        failure ??= { index, error };
        cancel.abort("a sibling failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return { results, ...(failure ? { failure } : {}) };
}
