/**
 * How a request reaches the server: directly or through a proxy, and which
 * extra CAs it trusts. The client decides the proxy itself, per request,
 * from the variables read through the injected `env`, because the runtime's
 * own rules would send a token in clear text through a proxy (plain http to
 * loopback) and do not honour `NO_PROXY=*` for IP addresses.
 */

/** Every variable this module reads. The CLI declares them in its env list. */
export const NETWORK_ENV = [
  "HTTPS_PROXY",
  "https_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "SSL_CERT_FILE",
  "NODE_EXTRA_CA_CERTS",
  "DENO_CERT",
] as const;
export type NetworkEnvName = typeof NETWORK_ENV[number];
export type NetworkEnv = (name: NetworkEnvName) => string | undefined;

/** Variables that may name a proxy for https, in order of precedence. */
const HTTPS_PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] as const;

/**
 * Variables naming PEM files of extra CAs to trust. The runtime reads
 * DENO_CERT too, but drops a file without PEM certificates in silence.
 */
export const CA_FILE_VARS = ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "DENO_CERT"] as const;

export interface ProxyChoice {
  /** The proxy URL without credentials. */
  url: string;
  /** host:port, for messages. */
  host: string;
  /** The variable that set it. */
  variable: string;
  basicAuth?: { username: string; password: string };
  transport?: "socks5";
}

function get(env: NetworkEnv, name: NetworkEnvName): string | undefined {
  const value = env(name)?.trim();
  return value ? value : undefined;
}

/**
 * The proxy for a request to `target`, or null to go direct. Plain http is
 * never proxied: the token would cross the proxy in clear text (and plain
 * http goes only to loopback unless the user opts in). NO_PROXY (or
 * no_proxy) of `*` turns proxies off; otherwise its entries are host names, domain suffixes
 * (`example.com` and `.example.com` both match `api.example.com`) or
 * IP addresses. A port in an entry is ignored: entries match hosts, not
 * ports. CIDR ranges are not supported.
 */
export function proxyFor(target: URL, env: NetworkEnv): ProxyChoice | null {
  if (target.protocol !== "https:") return null;
  const noProxy = get(env, "NO_PROXY") ?? get(env, "no_proxy");
  if (noProxy !== undefined && noProxyMatches(target.hostname, noProxy)) return null;
  for (const variable of HTTPS_PROXY_VARS) {
    const value = get(env, variable);
    if (value !== undefined) return parseProxy(value, variable);
  }
  return null;
}

export function noProxyMatches(hostname: string, list: string): boolean {
  const host = bare(hostname.toLowerCase());
  for (let entry of list.toLowerCase().split(/[\s,]+/).filter(Boolean)) {
    if (entry === "*") return true;
    entry = entry.replace(/^\*\./, ".");
    // host:port or [v6]:port: the port is ignored.
    const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
    if (v6) entry = v6[1];
    else if (/^[^:]+:\d+$/.test(entry)) entry = entry.replace(/:\d+$/, "");
    const domain = entry.replace(/^\./, "");
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

function bare(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, "$1");
}

function parseProxy(value: string, variable: string): ProxyChoice {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new TypeError(`${variable} is not a valid proxy URL`);
  }
  const choice: ProxyChoice = {
    url: `${url.protocol}//${url.host}`,
    host: url.host,
    variable,
  };
  if (url.username) {
    choice.basicAuth = {
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    };
  }
  if (/^socks5h?:$/.test(url.protocol)) choice.transport = "socks5";
  return choice;
}

/**
 * The connection settings for one request, or undefined for the runtime's
 * default client (the runtime's own proxy variables are cleared before the
 * first request, so the default goes direct). Plain http never needs more.
 * The caller closes it.
 */
function httpClientFor(
  target: URL,
  proxy: ProxyChoice | null,
  caCerts: string[],
): Deno.HttpClient | undefined {
  if (proxy && target.protocol === "https:") {
    const { url, basicAuth, transport } = proxy;
    return Deno.createHttpClient({
      caCerts,
      proxy: transport ? { transport, url, basicAuth } : { url, basicAuth },
    });
  }
  if (target.protocol !== "https:" || caCerts.length === 0) return undefined;
  return Deno.createHttpClient({ caCerts });
}

/**
 * The connection settings made for a proxy or extra CAs, one per proxy,
 * kept for the client's life: their connections (and TLS sessions) are
 * reused by every poll and attempt. `close()` releases them.
 */
export class HttpClients {
  readonly #made = new Map<string, Deno.HttpClient | undefined>();

  constructor(readonly caCerts: string[]) {}

  for(target: URL, proxy: ProxyChoice | null): Deno.HttpClient | undefined {
    const key = proxy?.url ?? "direct";
    if (!this.#made.has(key)) this.#made.set(key, httpClientFor(target, proxy, this.caCerts));
    return this.#made.get(key);
  }

  close(): void {
    for (const client of this.#made.values()) client?.close();
    this.#made.clear();
  }
}
