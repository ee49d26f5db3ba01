/**
 * The API layer's failures. Messages state facts only ("127.0.0.1:8080
 * refused the connection"); what a person should do about them is added
 * where errors are reported (src/run/advice.ts), from the fields here.
 */

/** Which call failed: the advice differs (a trigger may have started builds). */
export type ApiCall = "upload" | "trigger" | "status";

/** What each call does, for messages: "Could not upload the file". */
export const ACTIONS: Record<ApiCall, string> = {
  upload: "upload the file",
  trigger: "start the build",
  status: "get the build status",
};

/** Any failure of an API call. */
export class ApiFailure extends Error {
  constructor(message: string, readonly call: ApiCall, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered with a status the call cannot use. */
export class HttpError extends ApiFailure {
  constructor(
    call: ApiCall,
    readonly status: number,
    readonly statusText: string,
    /** The server's own message, one line, cut short and without the token. */
    readonly serverMessage: string,
    readonly requestId?: string,
  ) {
    const text = statusText ? ` ${statusText}` : "";
    super(
      `Could not ${ACTIONS[call]}: the server answered HTTP ${status}${text}` +
        serverSaid(serverMessage, requestId),
      call,
    );
  }
}

/**
 * ` (request id x): the server's text.`, or `.` when it said nothing: the
 * server's words come last and always end a sentence, so they never run
 * into what is said after them.
 */
export function serverSaid(message: string, requestId?: string): string {
  const id = requestId ? ` (request id ${requestId})` : "";
  if (!message) return `${id}.`;
  return `${id}: ${/[.!?:;…]$/.test(message) ? message : `${message}.`}`;
}

/** HTTP 401: the server refused the token. */
export class Unauthorized extends HttpError {}

/** HTTP 403: the token has no rights here. */
export class Forbidden extends HttpError {}

/**
 * How a request got no usable answer. `proxy`: the proxy, not the API host,
 * failed. `blocked`: the runtime refused to send it at all. `garbled`: an
 * answer came that cannot be read (a bad header, a body that does not
 * decode). `early`: an upload was answered before its whole body was sent.
 */
export const NETWORK_KINDS = [
  "refused",
  "dns",
  "tls",
  "connect",
  "timeout",
  "reset",
  "proxy",
  "blocked",
  "garbled",
  "early",
] as const;
export type NetworkKind = typeof NETWORK_KINDS[number];

/** A proxy in use, and the environment variable that chose it. */
export interface ProxyUse {
  host: string;
  variable: string;
}

/** No answer: connection, DNS, TLS, proxy, timeout or a broken connection. */
export class NetworkFailure extends ApiFailure {
  constructor(
    call: ApiCall,
    readonly kind: NetworkKind,
    /** host:port of the base URL. */
    readonly host: string,
    /** The runtime's own words, without the token; for timeouts, what was awaited. */
    readonly detail: string,
    /** Set when the request went through a proxy. */
    readonly proxy?: ProxyUse,
    options?: ErrorOptions,
  ) {
    super(networkMessage(call, kind, host, detail, proxy), call, options);
  }
}

function networkMessage(
  call: ApiCall,
  kind: NetworkKind,
  host: string,
  detail: string,
  proxy?: ProxyUse,
): string {
  const start = `Could not ${ACTIONS[call]}:`;
  switch (kind) {
    case "refused":
      return `${start} ${host} refused the connection.`;
    case "dns":
      return `${start} the host name ${host} could not be resolved (${detail}).`;
    case "tls":
      return `${start} the secure connection to ${host} failed (${detail}).`;
    case "connect":
      return `${start} connecting to ${host} failed (${detail}).`;
    case "timeout":
      return `${start} ${host} timed out (${detail}).`;
    case "reset":
      return `${start} the connection to ${host} broke before an answer arrived (${detail}).`;
    case "blocked":
      return `${start} the request to ${host} was not sent: the runtime refused it (${detail}).`;
    case "garbled":
      return `${start} the answer from ${host} could not be read (${detail}).`;
    case "early":
      return `${start} ${host} answered before the whole file was sent (${detail}); ` +
        `the upload is not complete.`;
    case "proxy":
      return `${start} the proxy ${proxy?.host ?? "?"} (from ${proxy?.variable ?? "?"}) ` +
        `could not be used to reach ${host} (${detail}).`;
  }
}

/** The server redirected to another origin; the token must not follow. */
export class RedirectRefused extends ApiFailure {
  constructor(call: ApiCall, readonly to: string, readonly from: string) {
    super(
      `The server redirected the request to ${to}, which is not the base URL's origin ` +
        `(${from}); the API token is only ever sent to the base URL.`,
      call,
    );
  }
}

/** An answer the client cannot read: not JSON, no job list, a bad redirect. */
export class UnexpectedAnswer extends ApiFailure {
  constructor(call: ApiCall, readonly status: number, readonly what: string) {
    super(`Could not ${ACTIONS[call]}: the server sent ${what} (HTTP ${status}).`, call);
  }
}

/** The file being uploaded grew or shrank while it was read. */
export class FileChanged extends ApiFailure {
  constructor(
    readonly filename: string,
    readonly expectedBytes: number,
    /** What was read: fewer than expected (it shrank) or more (it grew). */
    readonly readBytes: number,
  ) {
    const how = readBytes < expectedBytes
      ? `it ended after ${readBytes} of the ${expectedBytes} bytes announced`
      : `it has more than the ${expectedBytes} bytes announced`;
    super(`Could not upload the file: ${filename} changed while it was read (${how}).`, "upload");
  }
}

/** The request cannot be sent at all, e.g. a token with characters a header cannot carry. */
export class InvalidRequest extends ApiFailure {
  constructor(
    call: ApiCall,
    /** What cannot be sent: the token, or the proxy setting. */
    readonly subject: "token" | "proxy",
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`Could not ${ACTIONS[call]}: ${detail}.`, call, options);
  }
}

/** The caller's signal fired; `reason` is the signal's reason (interrupt, timeout...). */
export class Aborted extends ApiFailure {
  constructor(
    call: ApiCall,
    readonly reason: unknown,
    /** Whether a request of this call had been handed to the network when it stopped. */
    readonly sent: boolean,
  ) {
    super(
      sent
        ? `Stopped before the request to ${ACTIONS[call]} completed.`
        : `Stopped before the request to ${ACTIONS[call]} was sent.`,
      call,
      { cause: reason },
    );
  }
}
