/**
 * The one HTTP client of the DistroPack API: the endpoints, their URLs,
 * bodies and answers. Sending, retrying, deadlines and redirects are the
 * transport's (transport.ts); failures are ApiFailure (errors.ts), handed
 * to the `explain` option, when given, as they leave the client.
 */
import { answerLimit } from "./answer_size.ts";
import { isJobId, JOB_ID_RULE, MAX_JOB_IDS, quoted } from "./job_ids.ts";
import { type ApiCall, ApiFailure, type FileChanged, UnexpectedAnswer } from "./errors.ts";
import {
  type ByteSource,
  contentType,
  fileBody,
  fileBodyLength,
  newBoundary,
  textFieldsBody,
} from "./multipart.ts";
import { Transport, type TransportOptions } from "./transport.ts";
import type { BuildStatus, JobStatus, Target } from "./types.ts";
import type { QueryValue } from "./url.ts";

export interface ClientOptions extends TransportOptions {
  /**
   * What a caller is given instead of an ApiFailure: the failure as its users
   * should see it, with what the call was about.
   */
  explain?: (failure: ApiFailure, subject: CallSubject) => Error;
}

/** What a call was about, for the explanation of its failure: a refused slot is named. */
export interface CallSubject {
  packageId?: string;
  refId?: string;
}

/** What every call may take. */
export interface CallOptions {
  /**
   * Stops the call: it rejects at once with `Aborted` (carrying the signal's
   * reason) and is never retried after. Combined with the client's own
   * deadlines and signal.
   */
  signal?: AbortSignal;
}

export interface UploadArgs extends CallOptions {
  packageId: string;
  refId: string;
  filename: string;
  /** The file's size, from a stat before the upload: exactly this many bytes are sent. */
  size: number;
  /** Opens the file; called again for each attempt. */
  open: () => Promise<ByteSource>;
  /** Called when an attempt starts streaming, 1 for the first. */
  onAttempt?: (attempt: number) => void;
  /** File bytes the connection has taken; the full size once the server has it all. */
  onProgress?: (sentBytes: number) => void;
}

export class ApiClient {
  readonly #transport: Transport;
  readonly #explain: (failure: ApiFailure, subject: CallSubject) => Error;

  constructor({ explain, ...options }: ClientOptions) {
    this.#transport = new Transport(options);
    this.#explain = explain ?? ((failure) => failure);
  }

  /** The call's result; an ApiFailure leaves it explained. */
  async #call<T>(work: () => Promise<T>, subject: CallSubject = {}): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw error instanceof ApiFailure ? this.#explain(error, subject) : error;
    }
  }

  /** Releases the connections kept for proxies or extra CAs; the client is done. */
  close(): void {
    this.#transport.close();
  }

  /**
   * Uploads a file into a package's slot, streaming it from `open()` on each
   * attempt (an upload replaces the slot's file, so repeating it is safe). A
   * file that changes while it is read fails with FileChanged, unretried.
   */
  uploadFile(args: UploadArgs): Promise<void> {
    return this.#call(() => this.#upload(args), { packageId: args.packageId, refId: args.refId });
  }

  async #upload(args: UploadArgs): Promise<void> {
    let attempt = 0;
    await this.#transport.request({
      call: "upload",
      method: "POST",
      endpoint: "upload_file",
      query: [["packageId", args.packageId], ["accessName", args.refId]],
      policy: "repeatable",
      answerLimit: answerLimit("upload"),
      upload: true,
      signal: args.signal,
      body: async ({ touch, sent, resent }) => {
        const source = await args.open();
        if (!resent) args.onAttempt?.(++attempt);
        const boundary = newBoundary();
        let changed: FileChanged | undefined;
        return {
          bytes: fileBody({
            boundary,
            fieldName: "file",
            filename: args.filename,
            source,
            size: args.size,
            onProgress: (bytes) => {
              touch();
              args.onProgress?.(bytes);
            },
            onEnd: sent,
            onChanged: (error) => (changed = error),
          }),
          contentType: contentType(boundary),
          length: fileBodyLength(boundary, "file", args.filename, args.size),
          failure: () => changed,
          close: () => {
            try {
              source.close();
            } catch {
              // Closed already by the body at its end.
            }
          },
        };
      },
    });
    args.onProgress?.(args.size);
  }

  /** Starts builds of all enabled targets, or of one; returns the job ids (maybe none). */
  triggerBuild(
    packageId: string,
    version: string,
    target?: Target,
    options: CallOptions = {},
  ): Promise<string[]> {
    return this.#call(() => this.#trigger(packageId, version, target, options), { packageId });
  }

  async #trigger(
    packageId: string,
    version: string,
    target: Target | undefined,
    options: CallOptions,
  ): Promise<string[]> {
    const query: Array<[string, QueryValue]> = [["packageId", packageId]];
    if (target) query.push(["distroType", target]);
    const response = await this.#transport.request({
      call: "trigger",
      method: "POST",
      endpoint: target ? "build_package_single" : "build_package",
      query,
      policy: "trigger",
      answerLimit: answerLimit("trigger"),
      signal: options.signal,
      body: () => {
        const boundary = newBoundary();
        return Promise.resolve({
          bytes: textFieldsBody(boundary, { version }),
          contentType: contentType(boundary),
        });
      },
    });
    const answer = readJobIds(await this.#json("trigger", response));
    if ("problem" in answer) throw new UnexpectedAnswer("trigger", response.status, answer.problem);
    return answer.jobIds;
  }

  /** The status of existing jobs, every field normalized (see JobStatus). */
  buildStatus(jobIds: readonly string[], options: CallOptions = {}): Promise<BuildStatus> {
    return this.#call(() => this.#status(jobIds, options));
  }

  async #status(jobIds: readonly string[], options: CallOptions): Promise<BuildStatus> {
    const response = await this.#transport.request({
      call: "status",
      method: "GET",
      endpoint: "build_status",
      query: [["jobIds", jobIds]],
      policy: "repeatable",
      answerLimit: answerLimit("status"),
      signal: options.signal,
    });
    const status = readBuildStatus(await this.#json("status", response));
    if (status === null) throw new UnexpectedAnswer("status", response.status, "no jobs list");
    return status;
  }

  /** An answer's JSON, with the token taken out of every string a server might echo it in. */
  async #json(call: ApiCall, response: Response): Promise<unknown> {
    const text = await response.text();
    const { redact } = this.#transport;
    try {
      return JSON.parse(text, (_key, value) => typeof value === "string" ? redact(value) : value);
    } catch {
      throw new UnexpectedAnswer(call, response.status, "an answer that is not JSON");
    }
  }
}

/**
 * The job ids of a trigger's answer, or what is wrong with it: no list, too
 * long a list, or an entry that is not a job id, quoted with its control
 * characters escaped (it is shown, never run).
 */
function readJobIds(data: unknown): { jobIds: string[] } | { problem: string } {
  const jobIds = (data as { jobIds?: unknown } | null)?.jobIds;
  const none = "no list of usable jobIds";
  if (!Array.isArray(jobIds)) return { problem: none };
  if (jobIds.length > MAX_JOB_IDS) {
    return { problem: `${none} (${jobIds.length} ids, more than the ${MAX_JOB_IDS} expected)` };
  }
  const bad = jobIds.find((id) => !isJobId(id));
  if (bad !== undefined) {
    return { problem: `${none}: ${quoted(bad)} is not a job id (${JOB_ID_RULE})` };
  }
  return { jobIds };
}

/**
 * A `build_status` answer, or null when it has no job list. Jobs without a
 * usable id are dropped; every other field is normalized to text or null.
 */
function readBuildStatus(data: unknown): BuildStatus | null {
  if (typeof data !== "object" || data === null) return null;
  const { jobs, allFinished, anyFailed } = data as Record<string, unknown>;
  if (!Array.isArray(jobs)) return null;
  return {
    jobs: jobs.map(readJob).filter((job): job is JobStatus => job !== null),
    allFinished: allFinished === true,
    anyFailed: anyFailed === true,
  };
}

function readJob(value: unknown): JobStatus | null {
  if (typeof value !== "object" || value === null) return null;
  const job = value as Record<string, unknown>;
  const jobId = typeof job.jobId === "number" ? String(job.jobId) : job.jobId;
  if (!isJobId(jobId)) return null;
  return {
    jobId,
    status: text(job.status),
    name: text(job.name),
    failMessage: text(job.failMessage),
    technicalError: text(job.technicalError),
  };
}

/** A string as it is; null or missing as null; anything else as its JSON text. */
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? null;
}
