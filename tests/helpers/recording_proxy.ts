/**
 * A tiny HTTP proxy on 127.0.0.1 that records the request line and headers
 * of everything sent to it. CONNECT requests are tunnelled to their target
 * (only targets on 127.0.0.1 or localhost); any other request is answered
 * 502, since a proxy seeing a plain request is what tests look out for.
 * Dispose it with `await using`.
 */
import { closeQuietly, Tasks } from "./tasks.ts";

export interface ProxiedRequest {
  /** `CONNECT 127.0.0.1:443 HTTP/1.1` or `GET http://... HTTP/1.1`. */
  line: string;
  headers: Record<string, string>;
}

export class RecordingProxy implements AsyncDisposable {
  readonly requests: ProxiedRequest[] = [];
  readonly #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  readonly #conns = new Set<Deno.Conn>();
  readonly #tasks = new Tasks();

  private constructor() {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#tasks.track(this.#accept());
  }

  static start(): RecordingProxy {
    return new RecordingProxy();
  }

  /** `http://127.0.0.1:<port>`, for HTTPS_PROXY and friends. */
  get url(): string {
    return `http://127.0.0.1:${this.#listener.addr.port}`;
  }

  get host(): string {
    return `127.0.0.1:${this.#listener.addr.port}`;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      this.#listener.close();
    } catch {
      // Closed already.
    }
    for (const conn of this.#conns) closeQuietly(conn);
    await this.#tasks.settled();
  }

  async #accept(): Promise<void> {
    for await (const conn of this.#listener) {
      this.#conns.add(conn);
      this.#tasks.track(
        this.#serve(conn).finally(() => {
          this.#conns.delete(conn);
          closeQuietly(conn);
        }),
      );
    }
  }

  async #serve(conn: Deno.TcpConn): Promise<void> {
    const head = await readHead(conn);
    if (head === null) return;
    const [line, ...rest] = head.split("\r\n");
    const headers: Record<string, string> = {};
    for (const header of rest) {
      const colon = header.indexOf(":");
      if (colon > 0) {
        headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
      }
    }
    this.requests.push({ line, headers });
    const connect = /^CONNECT (127\.0\.0\.1|localhost):(\d+) /.exec(line);
    if (!connect) {
      await write(
        conn,
        "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
      );
      return;
    }
    let target: Deno.TcpConn;
    try {
      target = await Deno.connect({ hostname: "127.0.0.1", port: Number(connect[2]) });
    } catch {
      await write(conn, "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    this.#conns.add(target);
    await write(conn, "HTTP/1.1 200 Connection established\r\n\r\n");
    await Promise.allSettled([
      conn.readable.pipeTo(target.writable),
      target.readable.pipeTo(conn.writable),
    ]);
    this.#conns.delete(target);
    closeQuietly(target);
  }
}

/** Reads up to the blank line ending a request head, byte by byte (heads are small). */
async function readHead(conn: Deno.Conn): Promise<string | null> {
  const bytes: number[] = [];
  const one = new Uint8Array(1);
  while (bytes.length < 16_384) {
    const count = await conn.read(one).catch(() => null);
    if (count === null) return null;
    bytes.push(one[0]);
    const n = bytes.length;
    if (
      n >= 4 && bytes[n - 4] === 13 && bytes[n - 3] === 10 && bytes[n - 2] === 13 &&
      bytes[n - 1] === 10
    ) {
      return new TextDecoder().decode(new Uint8Array(bytes.slice(0, n - 4)));
    }
  }
  return null;
}

async function write(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  for (let written = 0; written < bytes.length;) {
    written += await conn.write(bytes.subarray(written));
  }
}
