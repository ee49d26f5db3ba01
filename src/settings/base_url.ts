import { CliError, UsageError } from "../errors.ts";
import { type Env, ENV_VARS } from "./env.ts";

export const DEFAULT_BASE_URL = "https://distropack.dev";

/**
 * True for hosts that never leave this machine. Only these may be reached
 * over plain http (unless DISTROPACK_ALLOW_HTTP=1), because the token
 * travels with every request. Names
 * under `.localhost`, and `localhost.` with its dot, are not among them:
 * the system's resolver may ask DNS for those, and an answer from the
 * network would get the token in clear text.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost") return true;
  if (host === "[::1]") return true;
  // WHATWG URL parsing has already normalised IPv4 forms like `127.1`.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether plain http may go to any host: DISTROPACK_ALLOW_HTTP is `1` (an
 * internal staging server with no TLS). Unset or blank, it may not; any
 * other value is an error naming the variable, as a typo must not decide
 * where a token travels in clear text.
 */
export function allowsPlainHttp(env: Env): boolean {
  const value = env(ENV_VARS.allowHttp)?.trim();
  if (!value) return false;
  if (value === "1") return true;
  throw new CliError(
    `${ENV_VARS.allowHttp} must be 1 or unset, not '${value.slice(0, 40)}'. Set it to 1 to allow ` +
      `a plain http:// base URL on any host (the token is then sent unencrypted), or unset it.`,
  );
}

/**
 * The warning for a checked base URL that sends the token in clear text
 * beyond this machine (allowed by DISTROPACK_ALLOW_HTTP=1), or undefined.
 */
export function clearTextWarning(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== "http:" || isLoopbackHost(url.hostname)) return undefined;
  return `${ENV_VARS.allowHttp}=1: the API token is sent unencrypted to ${url.origin} ` +
    `(plain http), where anyone on the network path can read it. Use https:// where you can.`;
}

/**
 * Checks a base URL and returns it normalised (no trailing slash), or throws
 * a UsageError that says what is wrong and what to do. `label` names where
 * the value came from, so the message points at the thing to fix. Plain
 * http goes to loopback only, unless `allowHttp` (DISTROPACK_ALLOW_HTTP=1).
 */
export function parseBaseUrl(input: string, label = "base URL", allowHttp = false): string {
  const raw = withoutUserInfo(input.trim());
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UsageError(
      `Invalid ${label} '${raw}': not a valid absolute URL (check its host and port). Use a full URL such as ${DEFAULT_BASE_URL}.`,
    );
  }
  // Checked first, so no later message repeats a password.
  if (url.username || url.password) {
    throw new UsageError(
      `Invalid ${label}: it must not contain a user name or password.`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UsageError(
      `Invalid ${label} '${raw}': the scheme must be https (found ${url.protocol.slice(0, -1)}).`,
    );
  }
  if (url.protocol === "http:" && !allowHttp && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `Refusing ${label} '${raw}': plain http would send the API token unencrypted. ` +
        `Use https:// (http is allowed only to loopback: localhost, 127.0.0.0/8, [::1], ` +
        `or to any host with ${ENV_VARS.allowHttp}=1).`,
    );
  }
  if (url.search || url.hash || raw.endsWith("?") || raw.endsWith("#")) {
    throw new UsageError(
      `Invalid ${label} '${raw}': it must not have a query or fragment.`,
    );
  }
  return (url.origin + url.pathname).replace(/\/+$/, "");
}

/**
 * The URL as it may be shown: any user name and password before the host
 * become `***`, found by their `@` even where the URL does not parse
 * (`https://ci:PASSWORD@host:99999`), so no message ever holds a password.
 */
export function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:[/\\]*)?[^/\\?#]*@/i, "$1***@");
}
