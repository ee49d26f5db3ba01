import { UsageError } from "../errors.ts";

export const DEFAULT_BASE_URL = "https://distropack.dev";

/**
 * True for hosts that never leave this machine. Only these may be reached
 * over plain http, because the token travels with every request. Names
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
 * Checks a base URL and returns it normalised (no trailing slash), or throws
 * a UsageError that says what is wrong and what to do. `label` names where
 * the value came from, so the message points at the thing to fix.
 */
export function parseBaseUrl(input: string, label = "base URL"): string {
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
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `Refusing ${label} '${raw}': plain http would send the API token unencrypted. ` +
        `Use https:// (http is allowed only to loopback: localhost, 127.0.0.0/8, [::1]).`,
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
