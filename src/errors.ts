/**
 * The CLI's error family. Every failure a user can meet is one of these, and
 * carries its documented exit code; src/run/render.ts turns an outcome's
 * failure into that code, in one place.
 */

/** The signals that stop a run: Ctrl-C, and how CI systems and `docker stop` cancel a job. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * Every exit code, declared once with what it means: the error classes
 * below, help's "Exit codes" and the docs read it.
 */
export const EXIT_CODES = {
  Ok: { code: 0, meaning: "ok" },
  Error: { code: 1, meaning: "error (a file, the network, the server or the config)" },
  Usage: { code: 2, meaning: "usage error (unknown command or option, bad or missing value)" },
  Auth: { code: 3, meaning: "authentication (no token, or the server refused it)" },
  BuildFailed: { code: 4, meaning: "a build job failed" },
  Timeout: { code: 5, meaning: "timed out waiting (--timeout)" },
  OutputLost: {
    code: 6,
    meaning: "output lost: all else succeeded, but stdout, or on GitHub Actions the step outputs " +
      "or summary, could not be written (a full disk)",
  },
  Interrupted: { code: 130, meaning: "interrupted (Ctrl-C, SIGINT)" },
  Terminated: { code: 143, meaning: "terminated (SIGTERM, as CI cancels a job)" },
} as const;

type ExitCodes = typeof EXIT_CODES;
const codes: Record<string, number> = {};
// A for-in loop at the top level: a callback is compiled anew on every run,
// and a for-of loop over entries runs enough code to be compiled again.
for (const name in EXIT_CODES) codes[name] = EXIT_CODES[name as keyof ExitCodes].code;
/** The codes by name: `ExitCode.Usage` is 2. */
export const ExitCode = codes as { readonly [K in keyof ExitCodes]: ExitCodes[K]["code"] };
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];

/**
 * Every `error.code` a `--json` document may carry, declared once with what
 * it means and the exit code it comes with (by its name in EXIT_CODES). The
 * errors below take their code from here, and the type admits no other; the
 * docs and the man page list them from here.
 */
export const ERROR_CODES = {
  usage: {
    exit: ["Usage"],
    meaning: "the command line is wrong: an unknown command or option, a bad or missing value",
  },
  auth: {
    exit: ["Auth"],
    meaning: "no token, a token that cannot be sent, or one the server refused (HTTP 401, 403)",
  },
  build_failed: { exit: ["BuildFailed"], meaning: "a build job failed" },
  timeout: { exit: ["Timeout"], meaning: "the wait for the jobs outlasted --timeout" },
  interrupted: {
    exit: ["Interrupted", "Terminated"],
    meaning: "Ctrl-C or SIGTERM stopped the run",
  },
  not_found: { exit: ["Error"], meaning: "the server does not list a job id given to status" },
  api: {
    exit: ["Error"],
    meaning: "the server answered with an error (its message is shown) or with an answer the " +
      "CLI cannot read",
  },
  network: {
    exit: ["Error"],
    meaning: "no answer: the connection, DNS, TLS or the proxy failed, or the server timed out",
  },
  redirect: {
    exit: ["Error"],
    meaning: "the server redirected to another origin, where the token is never sent",
  },
  file_changed: { exit: ["Error"], meaning: "a file changed while it was uploaded" },
  config: {
    exit: ["Error"],
    meaning: "the config file cannot be read or used as it is, or nothing says where it is",
  },
  error: {
    exit: ["Error"],
    meaning: "any other failure: a file to upload, a setting such as the base URL",
  },
  internal: { exit: ["Error"], meaning: "an unexpected failure, a bug: please report it" },
} as const satisfies Record<string, { exit: readonly ExitCodeName[]; meaning: string }>;

type ExitCodeName = keyof typeof EXIT_CODES;
/** The codes `error.code` may hold; an error with any other does not compile. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** A failure with a message written for the user: what went wrong, what to do. */
export class CliError extends Error {
  readonly exitCode: ExitCode = ExitCode.Error;
  /** A stable, machine-readable name for `--json` output, declared in ERROR_CODES. */
  readonly code: ErrorCode = "error";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad command-line input: unknown command or option, missing argument, invalid value. */
export class UsageError extends CliError {
  override readonly exitCode = ExitCode.Usage;
  override readonly code = "usage";
}

/**
 * A usage error about a name that may be a typo of one of `candidates`: the
 * renderer words it with the closest candidate (src/cli/suggest.ts), which
 * takes the distance from an npm package loaded only then.
 */
export class NearMissError extends UsageError {
  constructor(
    message: string,
    readonly word: string,
    readonly candidates: readonly string[],
    /** The message naming `near`, the candidate closest to `word`. */
    readonly naming: (near: string) => string,
  ) {
    super(message);
  }
}

/** No token, or the server refused the one we have. */
export class AuthError extends CliError {
  override readonly exitCode = ExitCode.Auth;
  override readonly code = "auth";
}

/** One or more build jobs failed. */
export class BuildFailedError extends CliError {
  override readonly exitCode = ExitCode.BuildFailed;
  override readonly code = "build_failed";
}

/** Waiting for jobs took longer than `--timeout`. */
export class WaitTimeoutError extends CliError {
  override readonly exitCode = ExitCode.Timeout;
  override readonly code = "timeout";
}

/** The user pressed Ctrl-C (SIGINT: exit 130), or CI cancelled the job (SIGTERM: exit 143). */
export class InterruptedError extends CliError {
  override readonly exitCode: ExitCode;
  override readonly code = "interrupted";

  constructor(message = "Interrupted.", readonly signal: StopSignal = "SIGINT") {
    super(message);
    this.exitCode = signal === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
  }
}

/** Which signal stopped the run: SIGTERM when it says so, else Ctrl-C. */
export function stoppedBy(signal: AbortSignal): StopSignal {
  return signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
}

/** The config file exists but cannot be used as it is; it is never overwritten. */
export class ConfigFileError extends CliError {
  override readonly code = "config";
}

/** The same error (class, exit code, code) with more said after its message. */
export function withSuffix<E extends CliError>(error: E, suffix: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error) as E;
  Object.defineProperty(copy, "message", {
    value: `${error.message} ${suffix}`,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(copy, "cause", { value: error, writable: true, configurable: true });
  return copy;
}
