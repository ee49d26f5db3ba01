import { UsageError } from "../errors.ts";

/**
 * Masks a token for display. It never reveals more than a quarter of the
 * token, nor more than 4 characters at each end, so `abcd...wxyz` for real
 * tokens and `****` for tokens too short to show anything. Works on code
 * points, so non-ASCII tokens are never cut inside a character.
 */
export function maskToken(token: string): string {
  const chars = Array.from(token);
  const shown = Math.min(4, Math.floor(chars.length / 8));
  if (shown === 0) return "****";
  const printable = (part: string[]) =>
    part.map((c) => (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? c : "?")).join("");
  return `${printable(chars.slice(0, shown))}...${printable(chars.slice(-shown))}`;
}

/**
 * Trims a token as users paste it and checks it can travel in an HTTP
 * header. `from` names where it came from, for the message.
 */
export function normalizeToken(raw: string, from: string): string {
  const token = raw.trim();
  if (token === "") {
    throw new UsageError(
      `The API token ${from} is empty. Pass the token from the dashboard's API Tokens page ` +
        `(echo "$TOKEN" | distropack-cli config set-token), or set DISTROPACK_API_TOKEN.`,
    );
  }
  // deno-lint-ignore no-control-regex
  if (/[\s\x00-\x1f\x7f]/.test(token)) {
    throw new UsageError(
      `The API token ${from} contains spaces or control characters, so it cannot be right. ` +
        `Copy it again from the dashboard's API Tokens page.`,
    );
  }
  return token;
}
