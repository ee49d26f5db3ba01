/** Text made safe to paste into a POSIX shell command line. */

/** `text` as one single-quoted shell word: `it's` -> `'it'\''s'`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
