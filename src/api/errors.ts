import { CliError } from "../errors.ts";

/** The server answered with a status the CLI cannot use. */
export class ApiError extends CliError {
  override readonly code = "api";

  constructor(
    message: string,
    readonly status: number,
    /** The server's own message, already truncated and redacted. */
    readonly serverMessage: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** Why a request got no answer. */
export type NetworkFailure = "refused" | "dns" | "tls" | "connect" | "timeout" | "reset";

/** No answer from the server: connection, DNS, TLS, timeout. */
export class NetworkError extends CliError {
  override readonly code = "network";

  constructor(message: string, readonly failure: NetworkFailure, options?: ErrorOptions) {
    super(message, options);
  }
}

/** The server pointed somewhere the token must not go. */
export class RedirectError extends CliError {
  override readonly code = "redirect";
}
