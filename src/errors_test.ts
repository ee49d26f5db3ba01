import assert from "node:assert/strict";
import {
  Aborted,
  type ApiCall,
  FileChanged,
  Forbidden,
  HttpError,
  InvalidRequest,
  NETWORK_KINDS,
  NetworkFailure,
  RedirectRefused,
  Unauthorized,
  UnexpectedAnswer,
} from "./api/errors.ts";
import { explainApiFailure, noTokenError } from "./run/advice.ts";
import { asFailure } from "./run/render.ts";
import { JobNotFoundError } from "./commands/jobs_outcome.ts";
import { envFromRecord } from "./settings/env.ts";
import {
  AuthError,
  BuildFailedError,
  CliError,
  ConfigFileError,
  ERROR_CODES,
  EXIT_CODES,
  InterruptedError,
  UsageError,
  WaitTimeoutError,
} from "./errors.ts";

const KINDS = NETWORK_KINDS;
const CALLS: ApiCall[] = ["upload", "trigger", "status"];

/** One of every error the CLI reports: each class, and every API failure as it is explained. */
async function everyError(): Promise<CliError[]> {
  const failures = CALLS.flatMap((call) => [
    new HttpError(call, 500, "Internal Server Error", "boom"),
    new HttpError(call, 404, "Not Found", "", "req-1"),
    new Unauthorized(call, 401, "Unauthorized", ""),
    new Forbidden(call, 403, "Forbidden", ""),
    ...KINDS.map((kind) => new NetworkFailure(call, kind, "127.0.0.1:1", "detail")),
    new RedirectRefused(call, "https://elsewhere.example", "https://host.example"),
    new UnexpectedAnswer(call, 200, "no job list"),
    new UnexpectedAnswer(call, 502, "HTML"),
    new InvalidRequest(call, "token", "a space"),
    new InvalidRequest(call, "proxy", "a bad proxy URL"),
    new Aborted(call, "SIGINT", true),
    new Aborted(call, "SIGINT", false),
    new Aborted(call, "SIGTERM", true),
  ]);
  const explained = failures.map((failure) => explainApiFailure(failure));
  return [
    ...explained.map((error) => error!),
    explainApiFailure(new FileChanged("app.tar.gz", 10, 4))!,
    noTokenError(envFromRecord({})),
    new CliError("x"),
    new UsageError("x"),
    new AuthError("x"),
    new BuildFailedError("x"),
    new WaitTimeoutError("x"),
    new InterruptedError("x", "SIGINT"),
    new InterruptedError("x", "SIGTERM"),
    new ConfigFileError("x"),
    new JobNotFoundError("x"),
    await asFailure(new TypeError("a bug")),
  ];
}

Deno.test("every error the CLI reports carries a declared code, with that code's exit code", async () => {
  const seen = new Set<string>();
  for (const error of await everyError()) {
    const declared = ERROR_CODES[error.code];
    assert.ok(declared, `${error.name} carries ${error.code}, which ERROR_CODES does not declare`);
    const exits: number[] = declared.exit.map((name) => EXIT_CODES[name].code);
    assert.ok(
      exits.includes(error.exitCode),
      `${error.name} (${error.code}) exits ${error.exitCode}, declared: ${exits.join(", ")}`,
    );
    seen.add(error.code);
  }
  assert.deepEqual(
    Object.keys(ERROR_CODES).filter((code) => !seen.has(code)),
    [],
    "a declared code nothing reports",
  );
});
