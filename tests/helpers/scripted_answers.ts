/**
 * What the fake server answers when a test scripts it: the steps queued for an
 * endpoint (errors, redirects, delays, resets, early, garbled and endless
 * answers) and the job states build_status reports poll by poll.
 */

export type Endpoint = "upload_file" | "build_package" | "build_package_single" | "build_status";

/** What the server does with one request to an endpoint, before falling back to the default. */
export type Step =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Redirects (307 unless given) to a URL or a path on this server. */
  | { redirect: string; status?: number }
  /** Waits, then answers as usual. */
  | { delayMs: number }
  /** Reads the whole request, then breaks the connection without answering. */
  | "reset"
  /**
   * Answers with this status as soon as the request head has arrived, without
   * reading the body, then hangs up: a middlebox that cuts an upload short.
   */
  | { early: number }
  /**
   * Reads the whole request, then writes these bytes as the answer, exactly,
   * and hangs up: for answers no well-behaved server sends (see GARBLED).
   */
  | { raw: string }
  /**
   * Answers with this status (200 unless given) and a body that starts with
   * `prefix` and then goes on (spaces) until `maxBytes` (64 MiB unless given)
   * or until the client stops reading: an answer of any size. How much of it
   * left, and how it ended, is in `streams`.
   */
  | { endless: { status?: number; prefix?: string; maxBytes?: number } };

/** One endless answer: the bytes handed to the connection, and how it ended. */
export interface StreamedAnswer {
  endpoint: string;
  /** Body bytes handed to the connection so far. */
  bytes: number;
  /** "cancelled": the client stopped reading (it hung up); "complete": maxBytes were sent. */
  ended: Promise<"cancelled" | "complete">;
}

/** Raw answers a proxy or load balancer might garble, for `{ raw }` steps. */
export const GARBLED = {
  /** HTTP 200 labelled gzip whose body is not gzip. */
  gzip: (body = '{"jobIds":["j-1"]}') =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  /** HTTP 200 with a control character in a header. */
  header: (body = '{"jobIds":["j-1"]}') =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-trace: a\x01b\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
  /** HTTP 200 whose body is not JSON. */
  notJson: (body = "<html>gateway</html>") =>
    `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n` +
    `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
};

/** One poll's view of a job: absent (still initializing) or a status. */
export type JobState =
  | "missing"
  | "queued"
  | "running"
  | "finished"
  | { status: "failed"; failMessage?: string | null; technicalError?: string | null }
  /** The job exactly as given (its jobId added), for odd or hostile answers. */
  | { raw: Record<string, unknown> };

/** An endless answer to `endpoint` (see the `endless` step), recorded in `streams`; it ends early when `closing` fires. */
export function endlessAnswer(
  endpoint: string,
  spec: { status?: number; prefix?: string; maxBytes?: number },
  streams: StreamedAnswer[],
  closing: AbortSignal,
): Response {
  const maxBytes = spec.maxBytes ?? 64 * 1024 * 1024;
  const filler = new Uint8Array(64 * 1024).fill(0x20);
  let end!: (how: "cancelled" | "complete") => void;
  const streamed: StreamedAnswer = {
    endpoint,
    bytes: 0,
    ended: new Promise((resolve) => (end = resolve)),
  };
  streams.push(streamed);
  let prefix: Uint8Array | undefined = new TextEncoder().encode(spec.prefix ?? "");
  // Pulled only as the connection takes bytes: nothing is made ahead of the client's reading.
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      if (closing.aborted || streamed.bytes >= maxBytes) {
        controller.close();
        end("complete");
        return;
      }
      const chunk = prefix?.length ? prefix : filler.subarray(0, maxBytes - streamed.bytes);
      prefix = undefined;
      streamed.bytes += chunk.length;
      controller.enqueue(chunk.slice());
    },
    cancel: () => end("cancelled"),
  }, { highWaterMark: 0 });
  return new Response(body, {
    status: spec.status ?? 200,
    headers: { "content-type": "application/json" },
  });
}

/** The job states build_status reports, scripted per job, poll by poll; the last state repeats. */
export class JobScripts {
  readonly #scripts = new Map<string, JobState[]>();
  readonly #polls = new Map<string, number>();

  /** `jobNames`: names by id; others are deb, rpm, pacman by their place in the poll. */
  constructor(readonly jobNames: Record<string, string>) {}

  /** What build_status reports for `jobId` on each poll from now. */
  set(jobId: string, states: JobState[]): void {
    this.#scripts.set(jobId, states);
  }

  /** The build_status answer for a poll of `jobIds`; `allFinished` overrides the worked-out one. */
  status(jobIds: string[], allFinished: boolean | undefined) {
    const jobs = [];
    for (const [index, jobId] of jobIds.entries()) {
      const script = this.#scripts.get(jobId) ?? ["finished"];
      const poll = this.#polls.get(jobId) ?? 0;
      this.#polls.set(jobId, poll + 1);
      const state = script[Math.min(poll, script.length - 1)];
      if (state === "missing") continue;
      const name = this.jobNames[jobId] ?? ["deb", "rpm", "pacman"][index % 3];
      if (typeof state === "object" && "raw" in state) {
        jobs.push({ jobId, ...state.raw });
        continue;
      }
      jobs.push(
        typeof state === "string"
          ? { jobId, status: state, name, failMessage: null, technicalError: null }
          : {
            jobId,
            status: "failed",
            name,
            failMessage: state.failMessage ?? null,
            technicalError: state.technicalError ?? null,
          },
      );
    }
    const done = (status: unknown) => status === "finished" || status === "failed";
    return {
      jobs,
      allFinished: allFinished ??
        (jobs.length > 0 && jobs.every((job) => done((job as { status?: unknown }).status))),
      anyFailed: jobs.some((job) => (job as { status?: unknown }).status === "failed"),
    };
  }
}

/** Waits `ms`; false when `signal` fired first. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
