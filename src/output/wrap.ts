/** Word wrapping for help and notes: plain text, no terminal needed. */

/** Wraps `text` at word boundaries to `width`, indenting lines after the first. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}
