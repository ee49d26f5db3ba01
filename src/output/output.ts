/**
 * The only code that writes to stdout and stderr. Data goes to stdout; every
 * message for people goes to stderr. With `--json`, stdout carries exactly
 * one JSON document (written by the CLI's renderer) and human results move
 * to stderr.
 */
import type { Streams } from "../host.ts";
import { escapeControl, inertLine } from "../text/escape.ts";
import type { CiProvider } from "../ci/provider.ts";

/**
 * Text for people with every control character made visible but the line
 * breaks the CLI wrote itself: whatever part of it came from a server, it
 * cannot move the cursor, rewrite a line, hide text or start a workflow
 * command. (Server text is already escaped where it is read, so it holds no
 * line breaks.)
 */
function visible(text: string): string {
  return text.split("\n").map((line) => inertLine(escapeControl(line))).join("\n");
}

export interface OutputMode {
  /** `json` (`--json`): stdout carries the run's one JSON document, and nothing else. */
  format: "text" | "json";
  quiet: boolean;
  debug: boolean;
  /** Colour on stderr, as the terminal allows. */
  color: boolean;
  /** The CI system running the CLI: long steps are sections of its log where it has them. */
  ci?: CiProvider;
}

/** The streams, and the clock a CI's log section markers are stamped with. */
type OutputStreams = Streams & { now?: () => number };

/** Output the run could not write (a full disk): said once, at the end of the run. */
interface LostOutput {
  /** What could not be written, and where: "to stdout", "the step outputs to GITHUB_OUTPUT (path)". */
  what: string;
  /** What the system said. */
  reason: string;
  /** False for stderr: the messages for people, not the result a script or a later step reads. */
  result: boolean;
}

const RED = "\x1b[31m";
const YELLOW = "\x1b[33m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

export class Output {
  #above: ((line: string) => void) | undefined;
  readonly #lost: LostOutput[] = [];
  /** The streams that took their last write: they failed, or their reader has gone. */
  readonly #ended = new Set<"stdout" | "stderr">();
  /**
   * The run's streams, each of which never throws: the first write that
   * fails ends it, and the failure is kept for the renderer to say (a
   * closed pipe, as `| head -1` leaves, only ends it). One failed write
   * must not cost the rest of the report, nor the exit code.
   */
  readonly streams: OutputStreams;

  constructor(streams: OutputStreams, readonly mode: OutputMode) {
    this.streams = {
      stdout: this.#guarded("stdout", streams.stdout),
      stderr: this.#guarded("stderr", streams.stderr),
      stderrIsTerminal: streams.stderrIsTerminal,
      now: streams.now,
    };
  }

  #guarded(name: "stdout" | "stderr", write: (text: string) => void): (text: string) => void {
    return (text) => {
      if (this.#ended.has(name)) return;
      try {
        write(text);
      } catch (error) {
        this.#ended.add(name);
        // A closed pipe (`distropack-cli ... | head -1`) is the reader's choice, not a failure.
        if (error instanceof Deno.errors.BrokenPipe) return;
        this.lose(`to ${name}`, error, name === "stdout");
      }
    };
  }

  /** Keeps output that could not be written (a CI file), for the renderer to say. */
  lose(what: string, error: unknown, result = true): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#lost.push({ what, reason, result });
  }

  /** The output lost so far, in the order it was lost. */
  get lost(): readonly LostOutput[] {
    return this.#lost;
  }

  /**
   * Text the CLI wrote whole, as it is (help, the version): on stdout, or on
   * stderr where it goes with an error (a group's help before its usage error).
   */
  print(text: string, stream: "stdout" | "stderr" = "stdout"): void {
    this.streams[stream](text);
  }

  /**
   * A CI workflow command line (a GitHub annotation) on stderr, where the
   * runner reads it too and stdout keeps only the result. The caller has
   * escaped what it carries, so it is written as it is.
   */
  workflowCommand(line: string): void {
    this.streams.stderr(line + "\n");
  }

  /**
   * Runs `work` inside a collapsible section of the job log, on a CI whose
   * log has them (on stderr with the progress lines it holds); elsewhere, or
   * with `--quiet`, just runs it.
   */
  async section<T>(name: string, title: string, work: () => Promise<T>): Promise<T> {
    const sections = this.mode.ci?.logSections;
    if (!sections || this.mode.quiet) return await work();
    const now = this.streams.now ?? Date.now;
    this.streams.stderr(sections.start(name, title, now()));
    try {
      return await work();
    } finally {
      this.streams.stderr(sections.end(name, now()));
    }
  }

  /**
   * While a live view draws, the lines for people (a retry notice, a
   * warning) go through `print`, which puts them above the view instead of
   * onto the line it is drawing. Returns the function that ends this.
   */
  printAbove(print: (line: string) => void): () => void {
    this.#above = print;
    return () => {
      if (this.#above === print) this.#above = undefined;
    };
  }

  /** One finished line for people on stderr, above a live view when one draws. */
  #line(text: string): void {
    if (this.#above) this.#above(text);
    else this.streams.stderr(text + "\n");
  }

  /**
   * A command's human result (`API token saved successfully!`). On stdout,
   * as the official client prints it, unless `--json` reserves stdout for
   * the document; then on stderr.
   */
  result(text: string): void {
    if (this.mode.format === "json") this.info(text);
    else this.streams.stdout(visible(text) + "\n");
  }

  /**
   * The run's one JSON document; only the CLI's renderer calls this, once.
   * `##[` can only stand inside a string there, where `#\u0023[` is the same
   * text to a JSON reader and no workflow command to the CI's log.
   */
  document(document: unknown): void {
    this.streams.stdout(JSON.stringify(document, null, 2).replaceAll("##[", "#\\u0023[") + "\n");
  }

  /** Progress and notes for people; silenced by `--quiet`. */
  info(text: string): void {
    if (!this.mode.quiet) this.#line(visible(text));
  }

  warn(text: string): void {
    if (!this.mode.quiet) {
      this.#line(`${this.#paint(YELLOW, "Warning:")} ${visible(text)}`);
    }
  }

  /** One line naming what went wrong and what to do. Never silenced. */
  error(text: string): void {
    this.#line(`${this.#paint(RED, "Error:")} ${visible(text)}`);
  }

  /** Detail for `--debug`; callers must have redacted secrets already. */
  debug(text: string): void {
    if (this.mode.debug) this.#line(this.#paint(DIM, `[debug] ${visible(text)}`));
  }

  #paint(code: string, text: string): string {
    return this.mode.color ? `${code}${text}${RESET}` : text;
  }
}
