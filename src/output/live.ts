/**
 * What the live views (the upload bar, the job table) share: when to
 * animate, the clock, and the stream cli-progress draws on.
 */
import type { Output } from "./output.ts";

export interface ProgressEnv {
  /** Animate: the terminal allows it (see src/terminal.ts). */
  live: boolean;
  now: () => number;
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
