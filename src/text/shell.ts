/**
 * Command lines the CLI prints for people to paste: each word that a POSIX
 * shell would not take as it is goes in single quotes, so pasting the line
 * runs exactly the command shown and nothing else.
 */

/**
 * Words a shell reads as they are: no quote, `$`, backtick, blank, glob, `;`,
 * `&`, `|`..., and no `=` first (zsh expands `=name` to a path).
 */
const PLAIN = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/** `word` as one shell word: as it is when safe, else in single quotes (`'` as `'\''`). */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The words as one command line a POSIX shell runs as given. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellWord).join(" ");
}

/** `text` as one single-quoted shell word, quoted even when safe: `it's` -> `'it'\\''s'`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
