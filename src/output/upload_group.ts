/**
 * What people see while several files upload at once. On a terminal: one
 * line per file (name, bytes, rate) redrawn in place. Elsewhere: the line
 * reporter of a single upload, naming its file on every line.
 */
import { escapeControl } from "../text/escape.ts";
import { formatBytes, formatRate } from "../text/format.ts";
import { barStream, lineAbove, loadProgressBars, type ProgressEnv } from "./live.ts";
import type { Output } from "./output.ts";
import { LineReporter, type UploadInfo, type UploadReporter } from "./upload_progress.ts";

export interface UploadGroup {
  reporters: UploadReporter[];
  /** Stops drawing; safe to call more than once. */
  stop(): void;
}

export async function uploadGroup(
  output: Output,
  infos: UploadInfo[],
  env: ProgressEnv,
): Promise<UploadGroup> {
  if (!env.live) {
    return {
      reporters: infos.map((info) =>
        new LineReporter(output, { ...info, named: true }, env.monotonic)
      ),
      stop: () => {},
    };
  }
  const progress = await loadProgressBars();
  // The rows are drawn raw, past Output's escaping: a file name must not act on the terminal.
  const names = infos.map((info) => escapeControl(info.filename));
  const width = Math.max(...names.map((name) => name.length));
  const multibar = new progress.MultiBar({
    stream: barStream(output, env),
    hideCursor: true,
    linewrap: false,
    fps: 8,
    format: (_options, params, payload) =>
      `  ${String(payload.filename).padEnd(width)}  ${
        String(Math.floor(params.progress * 100)).padStart(3)
      }%  ${formatBytes(params.value)}/${formatBytes(params.total)}  ${payload.rate}`,
  });
  let stopped = false;
  const release = output.printAbove((line) => multibar.log(lineAbove(line)));
  const reporters = infos.map((info, index): UploadReporter => {
    const bar = multibar.create(info.size, 0, { filename: names[index], rate: "" });
    let started = env.monotonic();
    return {
      attempt(n) {
        started = env.monotonic();
        bar.update(0, { rate: n > 1 ? `attempt ${n}` : "" });
      },
      progress(sent) {
        const elapsed = env.monotonic() - started;
        const rate = formatRate(sent, elapsed);
        bar.update(sent, { rate });
      },
      finish() {
        bar.update(info.size, { rate: "done" });
      },
      stop() {},
    };
  });
  return {
    reporters,
    stop() {
      if (stopped) return;
      stopped = true;
      release();
      multibar.update();
      multibar.stop();
    },
  };
}
