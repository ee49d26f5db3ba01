/**
 * What a person should do about an API failure, a token that is not set, or
 * a CA file that holds no certificate.
 * The API layer states facts ("127.0.0.1:8080 refused the connection"); this
 * turns each failure into the CLI error that is reported, with its exit code
 * and advice.
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
  serverSaid,
  Unauthorized,
  UnexpectedAnswer,
} from "../api/errors.ts";
import { triggerMayHaveStarted } from "../api/retry.ts";
import { type Env, ENV_VARS } from "../settings/env.ts";
import { AuthError, CliError, type ErrorCode, InterruptedError } from "../errors.ts";
import { PROGRAM_NAME } from "../version.ts";

/** A reported API failure, with the machine-readable code `--json` shows. */
class ApiCliError extends CliError {
  constructor(message: string, override readonly code: ErrorCode, options?: ErrorOptions) {
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

/** What the explanation may draw on besides the failure. */
export interface FailureContext {
  /** The base URL in force, checked. */
  baseUrl?: string;
  /** The package the call was about. */
  packageId?: string;
  /** The file slot an upload went to. */
  refId?: string;
  /** The CA files trusted besides the built-in CAs, as set: `SSL_CERT_FILE=/etc/ca.pem`. */
  caFiles?: readonly string[];
}

/**
 * The CLI error to report for an API failure; undefined for anything else.
 * The API client calls this (connect.ts) as a failure leaves it, so every
 * API failure is explained here and only here.
 */
export function explainApiFailure(
  error: unknown,
  context: FailureContext = {},
): CliError | undefined {
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
      `Forbidden (HTTP 403): the API token has no access to this package, or the account's ` +
        `subscription is inactive${suffix(error)} Check the package id, the token and the ` +
        `subscription in the dashboard.`,
      cause,
    );
  }
  if (error instanceof HttpError) {
    const started = error.call === "trigger" && triggerMayHaveStarted({ status: error.status });
    return new ApiCliError(
      `${namingSlot(error, context)}${started ? MAY_HAVE_STARTED : notFoundHint(error, context)}`,
      "api",
      cause,
    );
  }
  if (error instanceof NetworkFailure) return explainNetwork(error, context);
  if (error instanceof RedirectRefused) {
    return new ApiCliError(
      `${error.message} If the service has moved, set the new base URL with ` +
        `'${PROGRAM_NAME} config set-base-url' or ${ENV_VARS.apiUrl}.`,
      "redirect",
      cause,
    );
  }
  if (error instanceof UnexpectedAnswer) {
    // A trigger answered with success but unreadably: the builds may well be running.
    const started = error.call === "trigger" && error.status >= 200 && error.status < 300;
    return new ApiCliError(
      started
        ? `${error.message}${MAY_HAVE_STARTED}`
        : `${error.message} Check that the base URL points at the DistroPack API.`,
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

/** ` (request id x): message.`, or `.` when the server said nothing. */
function suffix(error: HttpError): string {
  return serverSaid(error.serverMessage, error.requestId);
}

/**
 * A 404 from a base URL with a path: the API's paths go after it, so
 * `https://host/api` asks for `/api/api/...`.
 */
function notFoundHint(error: HttpError, context: FailureContext): string {
  if (error.status !== 404 || context.baseUrl === undefined) return "";
  const url = new URL(context.baseUrl);
  if (url.pathname === "/" || url.pathname === "") return "";
  return ` Check the base URL: it is ${context.baseUrl}, with a path, and the API's paths ` +
    `are added after it (${url.pathname.replace(/\/+$/, "")}/api/...); it is usually the ` +
    `site's address alone, such as ${url.origin}.`;
}

/**
 * An upload refused as a bad request (400, often with no message) or not
 * found (404) is most often a slot name the package does not have, or the
 * wrong package: the message names both, as the server may not, and says
 * what to check when the server said nothing.
 */
function namingSlot(error: HttpError, context: FailureContext): string {
  const { refId, packageId } = context;
  const refused = error.call === "upload" && (error.status === 400 || error.status === 404);
  if (!refused || refId === undefined || packageId === undefined) return error.message;
  const named = error.message.replace(
    /^Could not upload the file:/,
    `Could not upload the file to slot '${refId}' of package ${packageId}:`,
  );
  if (error.serverMessage) return named;
  return `${named} The server did not say why: check that the package has a file slot with the ` +
    `access name '${refId}' (the package's page in the dashboard lists them) and that ` +
    `${packageId} is the package's id.`;
}

function explainNetwork(error: NetworkFailure, context: FailureContext): CliError {
  const maybeStarted = error.call === "trigger" && triggerMayHaveStarted({ network: error.kind })
    ? MAY_HAVE_STARTED
    : "";
  // CA files already set are trusted: advising to set one would send the user in a circle.
  const caFiles = context.caFiles ?? [];
  const advice: Record<NetworkFailure["kind"], string> = {
    refused: " Check the base URL and that the server is up.",
    dns: ` Check the base URL and your network; ${PROXY_HINT}`,
    tls: caFiles.length > 0
      ? ` The CAs in ${caFiles.join(" and ")} were trusted besides the built-in ones: if a ` +
        `proxy or company CA intercepts TLS, check that its certificate is in ` +
        `${caFiles.length === 1 ? "that file" : "those files"}, or set ` +
        `DENO_TLS_CA_STORE=system to use the system's store; ${PROXY_HINT}`
      : ` ${CA_HINT}`,
    connect: ` Check the base URL and your network; ${PROXY_HINT}`,
    timeout: maybeStarted,
    reset: maybeStarted,
    garbled: error.call === "trigger"
      ? maybeStarted
      : " A proxy or load balancer between here and the server may have garbled it.",
    early: " A proxy or load balancer between here and the server may be cutting uploads " +
      "short; run the command again.",
    blocked: " Check the base URL (its port) and the permissions the CLI runs with.",
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
  const trigger = error.call === "trigger";
  return new InterruptedError(
    trigger && !error.sent
      ? "Interrupted before the request to start the build was sent: no build was started."
      : trigger
      ? "Interrupted while starting the build; it may have started on the server anyway. " +
        "Check the dashboard before triggering it again."
      : `Interrupted while trying to ${ACTIONS[error.call]}.`,
    // The signal that stopped the call: CI's SIGTERM keeps its exit code (143).
    error.reason === "SIGTERM" ? "SIGTERM" : "SIGINT",
  );
}

/**
 * No token anywhere. A variable that is set but empty is what CI gives for
 * a secret that is missing or not exposed to the job; in CI nobody can run
 * `config set-token`, so that is not suggested there.
 */
export function noTokenError(env: Env): AuthError {
  const inCi = env(ENV_VARS.ci) !== undefined || env(ENV_VARS.githubActions) === "true" ||
    env(ENV_VARS.gitlabCi) === "true";
  const name = ENV_VARS.token;
  if (env(name) !== undefined) {
    return new AuthError(
      inCi
        ? `${name} is set but empty. In CI this usually means the secret it is set from is ` +
          `missing, misnamed, or not exposed to this workflow (GitHub does not pass secrets to ` +
          `workflows run from forks, and GitLab passes protected variables to protected ` +
          `branches and tags only). Check the secret and how the job passes it to ${name}.`
        : `${name} is set but empty. Set it to the token from the dashboard (API Tokens), ` +
          `or unset it and save one with '${PROGRAM_NAME} config set-token'.`,
    );
  }
  return new AuthError(
    inCi
      ? `API token not set. Set the ${name} environment variable from a CI secret holding ` +
        `the token from the dashboard (API Tokens).`
      : `API token not set. Save one with '${PROGRAM_NAME} config set-token', ` +
        `or set the ${name} environment variable.`,
  );
}

/**
 * A CA file (SSL_CERT_FILE and the like) that holds no PEM certificate. The
 * runtime would drop it in silence, and the TLS error would then advise
 * setting the very variable that is set. A DER file (a `.cer` exported on
 * Windows, which starts with an ASN.1 SEQUENCE, 0x30) gets the command that
 * converts it: other tools that read these variables want PEM as well.
 */
export function caFileError(variable: string, path: string, bytes: Uint8Array): CliError {
  const what = `${variable}=${path}`;
  if (new TextDecoder().decode(bytes).trim() === "") {
    return new CliError(
      `${what} is empty: point it at a PEM file of CA certificates (${PEM_BEGIN}), or unset it.`,
    );
  }
  const problem = `${what} holds no PEM certificate (${PEM_BEGIN})`;
  if (bytes[0] !== 0x30) {
    return new CliError(`${problem}: point it at a PEM file of CA certificates, or unset it.`);
  }
  // The command last, with nothing after it, to copy as it stands.
  return new CliError(
    `${problem}; point ${variable} at a PEM file. This one looks like DER, which converts with: ` +
      `openssl x509 -inform der -in ${shellWord(path)} -out ${shellWord(pemPath(path))}`,
  );
}

const PEM_BEGIN = "-----BEGIN CERTIFICATE-----";

/** Where the PEM copy of a DER file goes: beside it, `.pem` for its extension. */
function pemPath(path: string): string {
  const pem = path.replace(/(\.[^./\\]*)?$/, ".pem");
  return pem === path ? path.replace(/\.pem$/, "-converted.pem") : pem;
}

/** A path as one word of a shell command, quoted only when it must be. */
function shellWord(path: string): string {
  return /^[\w./:\\@%+=,-]+$/.test(path) ? path : `"${path.replace(/(["$`])/g, "\\$1")}"`;
}
