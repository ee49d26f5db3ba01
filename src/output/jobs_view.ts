/**
 * What people see while build jobs run. On a terminal: a live table on
 * stderr, one line per job, redrawn as polls come back. Elsewhere: one line
 * per job status change, plus a heartbeat at most once a minute while
 * nothing changes.
 */
import { INITIALIZING, isDone, jobOf, stateText, type WaitEvent } from "../jobs/wait.ts";
import type { JobStatus } from "../api/types.ts";
import { escapeControl, serverText } from "../text/escape.ts";
import { formatElapsed } from "../text/format.ts";
import type { Output } from "./output.ts";
import type { GenericBar, MultiBar } from "./cli_progress.d.ts";
import { barStream, lineAbove, loadProgressBars, type ProgressEnv } from "./live.ts";

export interface JobsView {
  handle(event: WaitEvent): void;
  /**
   * Stops drawing; safe to call more than once. The live table stays on the
   * screen, or is erased with `erase` when the result shows it again.
   */
  stop(options?: { erase?: boolean }): void;
}

/** `deb [job-id]`, or just the id while the server has not named the job. */
function jobLabel(jobId: string, job?: JobStatus): string {
  return job?.name ? `${serverText(job.name)} [${jobId}]` : `job ${jobId}`;
}

function stateLabel(state: string): string {
  return state === INITIALIZING ? "waiting for the server to start it" : escapeControl(state);
}

/** The line shown while status checks fail. */
function unreachableText(event: Extract<WaitEvent, { type: "unreachable" }>): string {
  return `Cannot get the build status (${escapeControl(event.error.message)}); ` +
    `trying again in ${formatElapsed(event.retryInMs)}. The builds keep running on the server.`;
}

export async function jobsView(
  output: Output,
  jobIds: readonly string[],
  env: ProgressEnv,
): Promise<JobsView> {
  if (!env.live) return new LineView(output, jobIds);
  return await LiveView.create(output, jobIds, env);
}

class LineView implements JobsView {
  constructor(private readonly output: Output, private readonly jobIds: readonly string[]) {}

  handle(event: WaitEvent): void {
    if (event.type === "unreachable") {
      this.output.warn(unreachableText(event));
    } else if (event.type === "reachable") {
      this.output.info("The server answers again.");
    } else if (event.type === "changed") {
      this.output.info(`${jobLabel(event.jobId, event.job)}: ${stateLabel(event.state)}`);
    } else if (event.type === "heartbeat") {
      const states = this.jobIds.map((id) => {
        const job = jobOf(event.status, id);
        return `${serverText(job?.name) ?? id} ${job ? stateOf(job) : INITIALIZING}`;
      });
      this.output.info(
        `Still waiting after ${formatElapsed(event.elapsedMs)}: ${states.join(", ")}.`,
      );
    }
  }

  stop(): void {}
}

class LiveView implements JobsView {
  #stopped = false;
  readonly #since = new Map<string, number>();
  #jobs: JobStatus[] = [];

  private constructor(
    private readonly multibar: MultiBar,
    private readonly bars: Map<string, GenericBar>,
    private readonly env: ProgressEnv,
    private readonly output: Output,
  ) {}

  #release = () => {};

  static async create(output: Output, jobIds: readonly string[], env: ProgressEnv) {
    const progress = await loadProgressBars();
    const multibar = new progress.MultiBar({
      stream: barStream(output, env),
      hideCursor: true,
      linewrap: false,
      fps: 4,
      // A warning printed above the table takes the rows' place; every frame draws them again.
      forceRedraw: true,
      format: (_options, _params, payload) =>
        `  ${String(payload.name).padEnd(8)} ${String(payload.state).padEnd(12)} ` +
        `${payload.elapsed}  ${payload.jobId}`,
    });
    const bars = new Map(
      jobIds.map((jobId) => [
        jobId,
        multibar.create(1, 0, { jobId, name: "...", state: "starting", elapsed: "" }),
      ]),
    );
    const view = new LiveView(multibar, bars, env, output);
    view.#release = output.printAbove((line) => multibar.log(lineAbove(line)));
    return view;
  }

  handle(event: WaitEvent): void {
    if (this.#stopped) return;
    // Printed above the table, as every line for people is while it draws.
    if (event.type === "unreachable") this.output.warn(unreachableText(event));
    if (event.type === "changed") this.#since.set(event.jobId, this.env.monotonic());
    else if (event.type === "polled") this.#jobs = event.status.jobs;
    else return;
    for (const [jobId, bar] of this.bars) {
      const job = this.#jobs.find((candidate) => candidate.jobId === jobId);
      const since = this.#since.get(jobId) ?? this.env.monotonic();
      bar.update(0, {
        jobId,
        name: serverText(job?.name) ?? "...",
        state: job ? stateOf(job) : "starting",
        // Time in the current state; an ended job's clock stops.
        elapsed: isDone(job) ? "" : formatElapsed(this.env.monotonic() - since),
      });
    }
  }

  stop(options: { erase?: boolean } = {}): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#release();
    this.multibar.options.clearOnComplete = options.erase === true;
    // A warning logged since the last frame is printed by a frame, not by stop().
    this.multibar.update();
    this.multibar.stop();
  }
}

function stateOf(job: JobStatus): string {
  return escapeControl(stateText(job.status));
}
