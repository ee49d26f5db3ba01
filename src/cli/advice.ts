/**
 * What a person should do about an API failure. The API layer states facts
 * ("127.0.0.1:8080 refused the connection"); this turns each failure into
 * the CLI error that is reported, with its exit code and advice.
 */
import {
  Aborted,
  ACTIONS,
  ApiFailure,
  FileChanged,
  Forbidden,
  HttpError,
  InvalidRequest,
  NetworkFailure,
  RedirectRefused,
  Unauthorized,
  UnexpectedAnswer,
} from "../api/errors.ts";
import { ENV_VARS } from "../config/env.ts";
import { AuthError, CliError, InterruptedError } from "../errors.ts";
import { PROGRAM_NAME } from "../version.ts";

/** A reported API failure, with the machine-readable code `--json` shows. */
export class ApiCliError extends CliError {
  constructor(message: string, override readonly code: string, options?: ErrorOptions) {
    super(message, options);
  }
}

const NEW_TOKEN = `Set a new token with '${PROGRAM_NAME} config set-token' or ${ENV_VARS.token}.`;
const MAY_HAVE_STARTED =
  " The request was sent, so the build may have started: check the dashboard before " +
  "triggering it again, as a second trigger may start a second set of builds.";
const PROXY_HINT = "behind a proxy, set HTTPS_PROXY.";
const CA_HINT = "If a proxy or company CA intercepts TLS, trust its certificate: " +
  "SSL_CERT_FILE=/path/to/ca.pem (or DENO_CERT or NODE_EXTRA_CA_CERTS), or " +
  "DENO_TLS_CA_STORE=system to use the system's store; " + PROXY_HINT;

/** The CLI error to report for an API failure; undefined for anything else. */
export function explainApiFailure(error: unknown): CliError | undefined {
  if (!(error instanceof ApiFailure)) return undefined;
  const cause = { cause: error };
  if (error instanceof Unauthorized) {
    return new AuthError(
      `Unauthorized: the server refused the API token (HTTP 401)${suffix(error)}\n` +
        "Check that:\n" +
        "  - the token is correct, with no extra spaces or characters;\n" +
        "  - it has not been revoked in the dashboard (API Tokens);\n" +
        "  - your account has an active subscription.\n" + NEW_TOKEN,
      cause,
    );
  }
  if (error instanceof Forbidden) {
    return new AuthError(
      (`Forbidden (HTTP 403): the API token has no access to this package, or the account's ` +
        `subscription is inactive${suffix(error)} Check the package id, the token and the ` +
        `subscription in the dashboard.`).replace(/\.\. /, ". "),
      cause,
    );
  }
  if (error instanceof HttpError) return new ApiCliError(error.message, "api", cause);
  if (error instanceof NetworkFailure) return explainNetwork(error);
  if (error instanceof RedirectRefused) {
    return new ApiCliError(
      `${error.message} If the service has moved, set the new base URL with ` +
        `'${PROGRAM_NAME} config set-base-url' or ${ENV_VARS.apiUrl}.`,
      "redirect",
      cause,
    );
  }
  if (error instanceof UnexpectedAnswer) {
    return new ApiCliError(
      `${error.message} Check that the base URL points at the DistroPack API.`,
      "api",
      cause,
    );
  }
  if (error instanceof FileChanged) {
    return new ApiCliError(
      `${error.message} Upload it again once nothing is writing to it.`,
      "file_changed",
      cause,
    );
  }
  if (error instanceof InvalidRequest) return explainInvalid(error);
  if (error instanceof Aborted) return explainAborted(error);
  return new ApiCliError(error.message, "api", cause);
}

/** `: message (request id x)`, or `.` when the server said nothing. */
function suffix(error: HttpError): string {
  return (error.serverMessage ? `: ${error.serverMessage}` : ".") +
    (error.requestId ? ` (request id ${error.requestId})` : "");
}

function explainNetwork(error: NetworkFailure): CliError {
  const maybeStarted = error.call === "trigger" ? MAY_HAVE_STARTED : "";
  const advice: Record<NetworkFailure["kind"], string> = {
    refused: " Check the base URL and that the server is up.",
    dns: ` Check the base URL and your network; ${PROXY_HINT}`,
    tls: ` ${CA_HINT}`,
    connect: ` Check the base URL and your network; ${PROXY_HINT}`,
    timeout: maybeStarted,
    reset: maybeStarted,
    proxy: ` Check ${error.proxy?.variable ?? "the proxy setting"} and that the proxy is up, ` +
      `or list the host in NO_PROXY to connect directly.`,
  };
  return new ApiCliError(`${error.message}${advice[error.kind]}`, "network", { cause: error });
}

function explainInvalid(error: InvalidRequest): CliError {
  if (error.subject === "token") {
    return new AuthError(
      `${error.message} Copy the token again from the dashboard. ${NEW_TOKEN}`,
      { cause: error },
    );
  }
  return new ApiCliError(
    `${error.message} Use a URL such as http://proxy.example:3128.`,
    "network",
    { cause: error },
  );
}

/**
 * A call stopped by its caller's signal: an interrupt. (Callers that stop a
 * call for another reason, a deadline or a failed sibling, report that reason
 * themselves.)
 */
function explainAborted(error: Aborted): CliError {
  return new InterruptedError(
    error.call === "trigger"
      ? "Interrupted while starting the build; it may have started on the server anyway. " +
        "Check the dashboard before triggering it again."
      : `Interrupted while trying to ${ACTIONS[error.call]}.`,
  );
}
