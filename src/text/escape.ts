/**
 * Makes text from the server (job names, messages, error bodies) or from the
 * environment safe to print: a control character is shown as an escape
 * sequence instead of acting, so it can never end the line, forge a log line,
 * move the cursor, recolour the terminal, reorder text (Trojan Source) or
 * start a CI workflow command.
 *
 * A backslash is left as it is, not doubled: the output is for people, and
 * Windows paths stay readable. The price is that `\n` in the output may have
 * been a backslash and an `n`; the escaping is safe, not reversible.
 */

// C0 controls, DEL and C1 controls; the Unicode line and paragraph
// separators; the bidi embeddings, overrides and isolates, and the invisible
// bidi marks (ALM, LRM, RLM) that go with them.
// deno-lint-ignore no-control-regex -- matching control characters is the point
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` with every control character written as a visible escape: `\n`, `\x1b`, `\u202e`. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * A line that cannot be read as a GitHub Actions workflow command, which
 * needs no control character: `::` at the start of a line (after blanks)
 * is written `\x3a:`, and the older `##[` form, recognised anywhere in a
 * line, `#\x23[`. The CLI's own lines never hold either.
 */
export function inertLine(line: string): string {
  return line.replace(/^(\s*)::/, "$1\\x3a:").replaceAll("##[", "#\\x23[");
}

/** Text a server sent, escaped for one line; null (or absent) stays null. */
export function serverText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : escapeControl(value);
}
