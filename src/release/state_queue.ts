/**
 * One write at a time to each state file within a run: a manifest's
 * packages each keep a record in the same file and write it as their files
 * arrive, and every write reads the file, merges its record and replaces the
 * file. Two such writes at once would each keep only their own change.
 */

/** The last write queued for each file. */
const queues = new Map<string, Promise<void>>();

/**
 * Runs `task` once every write queued before it for `path` has ended
 * (succeeded or failed); its own failure is its caller's.
 */
export function inTurn(path: string, task: () => Promise<void>): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.then(task);
  const settled = next.catch(() => {});
  queues.set(path, settled);
  // Forgotten once the last write queued for the file has ended.
  void settled.then(() => {
    if (queues.get(path) === settled) queues.delete(path);
  });
  return next;
}

/** How many files have a write under way (for tests). */
export function queuedFiles(): number {
  return queues.size;
}
