/**
 * What people see while a file uploads. On a terminal: a progress bar on
 * stderr (bytes, percent, rate, ETA). Elsewhere (pipes, CI logs): a start
 * line, a line at each quarter, and a finish line, so logs show life
 * without flooding.
 */
import { formatBytes, formatElapsed, formatRate } from "../text/format.ts";
import type { ProgressEnv } from "./live.ts";
import type { Output } from "./output.ts";

export interface UploadReporter {
  /** An attempt starts streaming from the first byte (1 for the first). */
  attempt(n: number): void;
  progress(sentBytes: number): void;
  /** The server has the file. */
  finish(): void;
  /** Takes the bar off the screen's control; safe to call more than once. */
  stop(): void;
}

export interface UploadInfo {
  filename: string;
  size: number;
  packageId: string;
  refId: string;
  /** Name the file on every line, as when several upload at once. */
  named?: boolean;
}

export async function uploadReporter(
  output: Output,
  info: UploadInfo,
  env: ProgressEnv,
): Promise<UploadReporter> {
  if (!env.live) return new LineReporter(output, info, env.monotonic);
  // The bar and its package load only on a terminal.
  const { UploadBar } = await import("./upload_bar.ts");
  // Start and finish lines stay, so the scrollback tells what happened.
  return await UploadBar.create(
    output,
    info,
    env,
    new LineReporter(output, info, env.monotonic, false),
  );
}

export class LineReporter implements UploadReporter {
  #nextQuarter = 1;
  #started = 0;

  constructor(
    private readonly output: Output,
    private readonly info: UploadInfo,
    /** The run's monotonic clock: the rate is not skewed when the wall clock is set. */
    private readonly monotonic: () => number,
    private readonly quarters = true,
  ) {}

  get #prefix(): string {
    return this.info.named ? `${this.info.filename}: ` : "";
  }

  attempt(n: number): void {
    this.#nextQuarter = 1;
    this.#started = this.monotonic();
    const { filename, size, packageId, refId } = this.info;
    this.output.info(
      n === 1
        ? `Uploading ${filename} (${formatBytes(size)}) to package ${packageId}, slot ${refId}...`
        : `Uploading ${filename} again from the start (attempt ${n}).`,
    );
  }

  progress(sent: number): void {
    const { size } = this.info;
    // The whole file is the finish line's to report: "75% (1000 B of 1000 B)" would contradict itself.
    if (!this.quarters || sent >= size) return;
    // One line each time a quarter is passed, with the share actually sent beside its bytes.
    const quarter = Math.floor((sent * 4) / size);
    if (quarter < this.#nextQuarter) return;
    const percent = Math.floor((sent * 100) / size);
    this.output.info(
      `${this.#prefix}Uploaded ${percent}% (${formatBytes(sent)} of ${formatBytes(size)})`,
    );
    this.#nextQuarter = quarter + 1;
  }

  finish(): void {
    const elapsed = Math.max(1, this.monotonic() - this.#started);
    this.output.info(
      `${this.#prefix}Uploaded ${formatBytes(this.info.size)} in ${formatElapsed(elapsed)} ` +
        `(${formatRate(this.info.size, elapsed)}).`,
    );
  }

  stop(): void {}
}
