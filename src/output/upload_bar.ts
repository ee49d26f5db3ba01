/**
 * The progress bar of one upload on a terminal (bytes, percent, rate, ETA),
 * loaded with its package only when stderr is a terminal that animates.
 */
import { escapeControl } from "../text/escape.ts";
import { formatBytes, formatElapsed, formatRate } from "../text/format.ts";
import { barStream, type ProgressEnv } from "./live.ts";
import type { Output } from "./output.ts";
import type { LineReporter, UploadInfo, UploadReporter } from "./upload_progress.ts";

const BAR_WIDTH = 24;

export class UploadBar implements UploadReporter {
  #stopped = true;
  #started = 0;
  #release = () => {};
  #sent = 0;

  private constructor(
    private readonly bar: import("./cli_progress.d.ts").SingleBar,
    private readonly info: UploadInfo,
    private readonly env: ProgressEnv,
    private readonly lines: LineReporter,
    private readonly output: Output,
  ) {}

  /** `lines` prints the start and finish lines, which stay in the scrollback. */
  static async create(output: Output, info: UploadInfo, env: ProgressEnv, lines: LineReporter) {
    const { default: progress } = await import("./_cli_progress.ts");
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
