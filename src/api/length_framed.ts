/**
 * Sending a body of known length framed with Content-Length instead of
 * chunked, for servers and proxies that refuse chunked bodies (HTTP 411).
 * Deno's fetch sends every stream chunked and drops a Content-Length set by
 * hand (denoland/deno#24197), so this goes through node:http. The body is piped
 * with backpressure, so memory stays constant whatever its size. Redirects
 * are not followed (the caller judges them, as for fetch), the extra CAs
 * are trusted on top of the default ones, and an http proxy is crossed with
 * a CONNECT tunnel, as fetch does.
 */
import * as http from "node:http";
import type { IncomingMessage } from "node:http";
import * as https from "node:https";
import type { Socket } from "node:net";
import * as tls from "node:tls";
import type { ProxyChoice } from "./network.ts";

export interface FramedRequest {
  method: string;
  headers: Headers;
  body: ReadableStream<Uint8Array>;
  /** The body's exact byte count, sent as Content-Length. */
  length: number;
  signal: AbortSignal;
  caCerts: string[];
  /** An http(s) CONNECT proxy; SOCKS is not supported here. */
  proxy: ProxyChoice | null;
}

/** Sends one request with Content-Length framing; resolves with the answer, its body streamed. */
export async function fetchWithLength(url: string, request: FramedRequest): Promise<Response> {
  const target = new URL(url);
  const { signal } = request;
  signal.throwIfAborted();
  const secure = target.protocol === "https:";
  const port = Number(target.port || (secure ? 443 : 80));
  const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  headers["content-length"] = String(request.length);
  const options = { method: request.method, path: target.pathname + target.search, headers };
  const ca = trusted(request.caCerts);
  let socket: Socket | undefined;
  if (secure && request.proxy) {
    const raw = await tunnel(request.proxy, hostname, port, signal);
    socket = tls.connect({ socket: raw, ca, ...(isIp(hostname) ? {} : { servername: hostname }) });
  }
  const client = secure ? https : http;
  const req = client.request({
    ...options,
    host: hostname,
    port,
    agent: false,
    ...(secure ? { ca } : {}),
    ...(socket ? { createConnection: () => socket } : {}),
  });
  return await exchange(req, request.body, signal);
}

/** SNI takes names only. */
function isIp(hostname: string): boolean {
  return hostname.includes(":") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Default roots plus the extra CAs: node's `ca` replaces the roots rather than adding to them. */
function trusted(caCerts: string[]): string[] | undefined {
  if (caCerts.length === 0) return undefined;
  return [...tls.rootCertificates, ...caCerts];
}

/** A CONNECT tunnel to host:port through the proxy: the proxy never sees the request. */
async function tunnel(
  proxy: ProxyChoice,
  hostname: string,
  port: number,
  signal: AbortSignal,
): Promise<Socket> {
  if (proxy.transport === "socks5") throw new Error("a SOCKS proxy cannot carry this request");
  const proxyUrl = new URL(proxy.url);
  const via = proxyUrl.protocol === "https:" ? https : http;
  const authority = hostname.includes(":") ? `[${hostname}]:${port}` : `${hostname}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.basicAuth) {
    const { username, password } = proxy.basicAuth;
    headers["proxy-authorization"] = `Basic ${btoa(`${username}:${password}`)}`;
  }
  const connect = via.request({
    host: proxyUrl.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(proxyUrl.port || (proxyUrl.protocol === "https:" ? 443 : 80)),
    method: "CONNECT",
    path: authority,
    headers,
    agent: false,
    signal,
  });
  return await new Promise<Socket>((resolve, reject) => {
    connect.once("connect", (answer: http.IncomingMessage, socket: Socket) => {
      if (answer.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`unsuccessful tunnel (the proxy answered HTTP ${answer.statusCode})`));
    });
    connect.once("error", reject);
    connect.end();
  });
}

type NodeRequest = http.ClientRequest;

/**
 * Writes the body with backpressure and resolves with the answer, its body a
 * stream the caller reads as far as it wants (transport.ts caps it); the
 * connection goes when that stream ends or is cancelled, or on the signal.
 */
async function exchange(
  req: NodeRequest,
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): Promise<Response> {
  const reader = body.getReader();
  const aborted = () => req.destroy(signal.reason);
  signal.addEventListener("abort", aborted, { once: true });
  const release = () => {
    signal.removeEventListener("abort", aborted);
    reader.cancel().catch(() => {});
    req.destroy();
  };
  try {
    const answer = new Promise<http.IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      req.on("error", reject);
    });
    const written = writeBody(req, reader);
    // An answer may come before the whole body (a refusal): it is the result.
    const message = await Promise.race([answer, written.then(() => answer)]);
    const status = message.statusCode ?? 0;
    const headers = new Headers();
    const raw = message.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
    const nullBody = [101, 204, 205, 304].includes(status);
    if (nullBody) release();
    return new Response(nullBody ? null : answerStream(message, release), {
      status,
      statusText: message.statusMessage ?? "",
      headers,
    });
  } catch (error) {
    release();
    throw error;
  }
}

/** The answer's body as a stream read only as its reader asks: nothing is buffered ahead. */
function answerStream(message: IncomingMessage, release: () => void): ReadableStream<Uint8Array> {
  const chunks = message[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) {
          release();
          controller.close();
        } else {
          controller.enqueue(value as Uint8Array);
        }
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel() {
      release();
    },
  }, { highWaterMark: 0 });
}

async function writeBody(
  req: NodeRequest,
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<void> {
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      if (req.destroyed) return;
      if (!req.write(value)) {
        await new Promise<void>((resolve) => {
          // Both listeners go each time: one per chunk would pile up (and warn).
          const go = () => {
            req.off("drain", go);
            req.off("close", go);
            resolve();
          };
          req.on("drain", go);
          req.on("close", go);
        });
      }
    }
    req.end();
  } catch (error) {
    // The body failed (the file changed): the server must see a broken request.
    req.destroy(error as Error);
    throw error;
  }
}
