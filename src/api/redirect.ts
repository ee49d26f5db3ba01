/** Which redirects a request follows: same origin only, keeping a POST body, a few hops. */
import { type ApiCall, RedirectRefused, UnexpectedAnswer } from "./errors.ts";

const MAX_REDIRECTS = 5;

/**
 * Where a redirect answer leads, or null when the answer is not a redirect.
 * Throws for one that must not be followed: to another origin (the token
 * would go there), one that would drop a POST body, or one hop too many.
 * What the messages quote of the Location passes through `redact`.
 */
export function redirectTarget(
  call: ApiCall,
  method: string,
  response: Response,
  url: string,
  origin: string,
  hops: number,
  redact: (text: string) => string,
): string | null {
  if (![301, 302, 303, 307, 308].includes(response.status)) return null;
  const location = response.headers.get("location");
  const next = location === null ? null : new URL(location, url);
  if (next === null) {
    throw new UnexpectedAnswer(call, response.status, "a redirect without a Location");
  }
  if (next.origin !== origin) throw new RedirectRefused(call, redact(next.origin), origin);
  if (method === "POST" && response.status !== 307 && response.status !== 308) {
    throw new UnexpectedAnswer(
      call,
      response.status,
      `a redirect to ${redact(next.pathname)} that would drop the request body`,
    );
  }
  if (hops >= MAX_REDIRECTS) {
    throw new UnexpectedAnswer(call, response.status, "too many redirects");
  }
  return next.href;
}
