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
  const printable = (part: string[]) => part.map((c) => (isVisible(c) ? c : "?")).join("");
  return `${printable(chars.slice(0, shown))}...${printable(chars.slice(-shown))}`;
}

/**
 * A letter, digit, punctuation mark or symbol. Visible ASCII is answered
 * without the Unicode classes, whose first use costs start-up time.
 */
function isVisible(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code < 0x80) return code > 0x20 && code < 0x7f;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char);
}

/**
 * Why a token cannot be sent, or undefined when it can. Tokens travel in an
 * HTTP header, so only visible ASCII will do; anything else (an invisible
 * U+200B from a copy, a non-breaking space, a control character) fails
 * every request. The answer says where and what the character is, never
 * the token: "contains an invisible or space character (U+200B) at
 * position 5, which cannot be sent in an HTTP header". Callers put it after
 * where the token came from ("The API token from DISTROPACK_API_TOKEN ...").
 * Expects a token already trimmed of surrounding white space.
 */
export function tokenProblem(token: string): string | undefined {
  if (token === "") return "is empty";
  let position = 0;
  for (const char of token) {
    position++;
    const code = char.codePointAt(0)!;
    if (code > 0x20 && code < 0x7f) continue;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    const kind = code === 0x20
      ? "a space"
      : code < 0x20 || code === 0x7f
      ? `a control character (${hex})`
      : isVisible(char)
      ? `a non-ASCII character (${hex})`
      : `an invisible or space character (${hex})`;
    return `contains ${kind} at position ${position}, which cannot be sent in an HTTP header`;
  }
  return undefined;
}

/**
 * Trims a token as users paste it and checks it can travel in an HTTP
 * header. `from` names where it came from, for the message, which never
 * shows the token.
 */
export function normalizeToken(raw: string, from: string): string {
  const token = raw.trim();
  if (token === "") {
    throw new UsageError(
      `The API token ${from} is empty. Pass the token from the dashboard's API Tokens page ` +
        `(echo "$TOKEN" | distropack-cli config set-token), or set DISTROPACK_API_TOKEN.`,
    );
  }
  const problem = tokenProblem(token);
  if (problem !== undefined) {
    throw new UsageError(
      `The API token ${from} ${problem}. ` +
        `Copy it again from the dashboard's API Tokens page.`,
    );
  }
  return token;
}
