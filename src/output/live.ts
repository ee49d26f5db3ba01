/**
 * What the live views (the upload bar, the job table) share: when to
 * animate, the clock, and the stream cli-progress draws on.
 */
import type { Output } from "./output.ts";

/** cli-progress, the package that draws the live views. */
export async function loadProgressBars() {
  // A package: a run loads it only when a view animates.
  return (await import("./_cli_progress.ts")).default;
}

export interface ProgressEnv {
  /** Animate: the terminal allows it (see src/terminal.ts). */
  live: boolean;
  /** Milliseconds on the run's monotonic clock: elapsed times and rates, never dates. */
  monotonic: () => number;
  columns?: () => number | undefined;
}

/** cli-progress draws on this: our stderr writer, so it never touches the process's streams. */
export function barStream(output: Output, env: Pick<ProgressEnv, "columns">) {
  return {
    isTTY: true,
    get columns() {
      return env.columns?.() ?? 80;
    },
    write(text: string) {
      output.streams.stderr(text);
      return true;
    },
  };
}

/**
 * A line for `MultiBar.log`, printed above the live rows. The views turn the
 * terminal's line wrap off so a row never spills onto the next; a message
 * must wrap, or the terminal cuts it at the right edge. The rows below are
 * erased first, so a message longer than a row leaves nothing of them behind.
 */
export function lineAbove(text: string): string {
  return `${ERASE_DOWN}${WRAP_ON}${text}\n${WRAP_OFF}`;
}

const ERASE_DOWN = "\x1b[J";
const WRAP_ON = "\x1b[?7h";
const WRAP_OFF = "\x1b[?7l";
