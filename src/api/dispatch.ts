/** Handing one request to the runtime: through fetch, or framed with its length (HTTP 411). */
import { InvalidRequest } from "./errors.ts";
import type { ClientLog, Dispatch } from "./request.ts";

export interface Sender {
  fetch: typeof fetch;
  /** Extra trusted CAs, for the framed path (fetch has them in its client). */
  caCerts: string[];
  log: ClientLog;
}

/** Through fetch, or framed with Content-Length once the server asked for it (HTTP 411). */
export async function dispatch(
  url: string,
  request: Dispatch,
  sender: Sender,
): Promise<Response> {
  const { method, headers, body, signal, client, length } = request;
  if (length !== undefined && request.proxy?.transport === "socks5") {
    const { host, variable } = request.proxy;
    throw new InvalidRequest(
      request.call,
      "proxy",
      `the server requires the body's length (HTTP 411), which cannot be sent through ` +
        `the SOCKS proxy ${host} (from ${variable})`,
    );
  }
  if (length !== undefined) {
    sender.log.debug(`  Content-Length: ${length} (the server refuses chunked bodies)`);
    const stream = body as ReadableStream<Uint8Array>;
    // node:http, node:https and node:tls load only for a server that refuses chunked bodies.
    const { fetchWithLength } = await import("./length_framed.ts");
    return fetchWithLength(url, { ...request, body: stream, length, caCerts: sender.caCerts });
  }
  const init: RequestInit = { method, headers, body, signal, redirect: "manual" };
  return sender.fetch(url, client ? { ...init, client } as RequestInit : init);
}
