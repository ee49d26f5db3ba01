/**
 * What people see while a file uploads. On a terminal: a progress bar on
 * stderr (bytes, percent, rate, ETA). Elsewhere (pipes, CI logs): a start
 * line, a line at each quarter, and a finish line, so logs show life
 * without flooding.
 */
import { escapeControl } from "../text/escape.ts";
import { formatBytes, formatElapsed, formatRate } from "../text/format.ts";
import type { SingleBar } from "./cli_progress.d.ts";
import { barStream, loadProgressBars, type ProgressEnv } from "./live.ts";
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

const BAR_WIDTH = 24;

/** The progress bar of one upload on a terminal (bytes, percent, rate, ETA). */
class UploadBar implements UploadReporter {
  #stopped = true;
  #started = 0;
  #release = () => {};
  #sent = 0;

  private constructor(
    private readonly bar: SingleBar,
    private readonly info: UploadInfo,
    private readonly env: ProgressEnv,
    private readonly lines: LineReporter,
    private readonly output: Output,
  ) {}

  /** `lines` prints the start and finish lines, which stay in the scrollback. */
  static async create(output: Output, info: UploadInfo, env: ProgressEnv, lines: LineReporter) {
    const progress = await loadProgressBars();
    const bar = new progress.SingleBar({
      stream: barStream(output, env),
      hideCursor: true,
      linewrap: false,
      etaBuffer: 50,
      // The bar is drawn here, 24 wide, so no bar option of the package's applies.
      format: (_options, params, payload) => {
        const percent = Math.floor(params.progress * 100);
        const done = Math.round(params.progress * BAR_WIDTH);
        const bar = "#".repeat(done) + "-".repeat(BAR_WIDTH - done);
        const eta = Number.isFinite(params.eta) && params.eta > 0
          ? `ETA ${formatElapsed(params.eta * 1000)}`
          : "";
        // The bar is drawn raw, past Output's escaping: a file name must not act on the terminal.
        return `${escapeControl(String(payload.filename))} [${bar}] ${
          String(percent).padStart(3)
        }% ` +
          `${formatBytes(params.value)}/${formatBytes(params.total)} ${payload.rate} ${eta}`;
      },
    });
    return new UploadBar(bar, info, env, lines, output);
  }

  attempt(n: number): void {
    // End the bar first, so the attempt's line starts on a line of its own.
    this.stop();
    this.lines.attempt(n);
    this.#started = this.env.monotonic();
    this.#stopped = false;
    this.#sent = 0;
    this.bar.start(this.info.size, 0, { filename: this.info.filename, rate: "" });
    // A notice while the bar draws (a retry) ends the bar's line, and the bar goes on below it.
    this.#release = this.output.printAbove((line) => {
      this.bar.stop();
      this.output.streams.stderr(line + "\n");
      this.bar.start(this.info.size, this.#sent, { filename: this.info.filename, rate: "" });
    });
  }

  progress(sent: number): void {
    if (this.#stopped) return;
    this.#sent = sent;
    const elapsed = this.env.monotonic() - this.#started;
    const rate = formatRate(sent, elapsed);
    this.bar.update(sent, { rate });
  }

  finish(): void {
    if (!this.#stopped) this.bar.update(this.info.size);
    this.stop();
    this.lines.finish();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#release();
    this.bar.stop();
  }
}
