/** Quoting and naming shared by the completion generators. */

/** A shell function name for the program: `distropack-cli` -> `_distropack_cli`. */
export function functionName(program: string): string {
  return `_${program.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** Single-quotes a word for sh, bash, zsh and fish alike. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Single-quotes a word for fish, where a backslash escapes `'` and `\` inside quotes. */
export function fishQuote(text: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(text)) return text;
  return `'${text.replace(/[\\']/g, "\\$&")}'`;
}
