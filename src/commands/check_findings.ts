/**
 * What `check` found: each check that passed, as a line, and each problem,
 * with the error `publish` would have stopped at. The run ends with the
 * first problem's error (so its exit code is the one `publish` would give),
 * its message listing every problem, so one run shows all there is to fix.
 */
import { CliError, InterruptedError } from "../errors.ts";

/** One problem: which check found it, and the error `publish` would report. */
export interface Problem {
  check: string;
  error: CliError;
}

export class Findings {
  readonly #seen: Array<{ check: string; mark: string; text: string }> = [];
  /** The checks in the order they were first met. */
  readonly #order: string[] = [];
  readonly problems: Problem[] = [];
  readonly #failedChecks = new Set<string>();

  #meet(check: string): void {
    if (!this.#order.includes(check)) this.#order.push(check);
  }

  /** Whether a check found a problem. */
  failed(check: string): boolean {
    return this.#failedChecks.has(check);
  }

  pass(check: string, text: string): void {
    this.#meet(check);
    this.#seen.push({ check, mark: "ok", text });
  }

  /** Something that could not be checked, because of a problem found before. */
  skip(check: string, text: string): void {
    this.#meet(check);
    this.#seen.push({ check, mark: "--", text });
  }

  fail(check: string, error: CliError): void {
    this.#meet(check);
    this.problems.push({ check, error });
    this.#failedChecks.add(check);
  }

  /**
   * The value `work` gives, or undefined when it throws one of the CLI's
   * errors, which is kept as a problem of `check`. An interruption is not a
   * problem of what is checked: it ends the run.
   */
  async attempt<T>(check: string, work: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof CliError) || error instanceof InterruptedError) throw error;
      this.fail(check, error);
      return undefined;
    }
  }

  /** The checks in the order they were met, each passed or failed, for people. */
  lines(): string[] {
    const order = this.#order;
    const width = Math.max(...order.map((check) => check.length));
    const lines: string[] = [];
    for (const check of order) {
      for (const seen of this.#seen) {
        if (seen.check === check) {
          lines.push(`  ${seen.mark}    ${check.padEnd(width)}  ${seen.text}`);
        }
      }
      if (this.#failedChecks.has(check)) {
        lines.push(`  FAIL  ${check.padEnd(width)}  see the error below`);
      }
    }
    return lines;
  }

  /** The problems, for `--json`. */
  problemsDocument(): Array<Record<string, unknown>> {
    return this.problems.map(({ check, error }) => ({
      check,
      code: error.code,
      exit_code: error.exitCode,
      message: error.message,
    }));
  }

  /**
   * The run's failure: none when every check passed; else the first
   * problem's error (its class, code and exit code), its message naming
   * every problem when there are several.
   */
  failure(): CliError | undefined {
    const [first, ...more] = this.problems;
    if (first === undefined) return undefined;
    if (more.length === 0) return first.error;
    const list = this.problems.map(({ check, error }) =>
      `  - ${check}: ${error.message.replaceAll("\n", "\n    ")}`
    );
    return withMessage(
      first.error,
      `${this.problems.length} problems; publish would stop at the first ` +
        `(exit ${first.error.exitCode}):\n${list.join("\n")}`,
    );
  }
}

/** The same error (class, exit code, code) saying something else. */
function withMessage<E extends CliError>(error: E, message: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error) as E;
  Object.defineProperty(copy, "message", { value: message, writable: true, configurable: true });
  Object.defineProperty(copy, "cause", { value: error, writable: true, configurable: true });
  return copy;
}
