/**
 * The line of a key in TOML text, for messages about a manifest: the
 * parser gives values, not where they were written.
 */

const BARE = String.raw`[A-Za-z0-9_-]+`;
const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'[^']*'`;
const KEY = `(?:${BARE}|${QUOTED})(?:\\s*\\.\\s*(?:${BARE}|${QUOTED}))*`;
const HEADER = new RegExp(String.raw`^\s*\[\[?\s*(${KEY})\s*\]\]?\s*(?:#.*)?$`);
const ASSIGNMENT = new RegExp(String.raw`^\s*(${KEY})\s*=`);
const PART = new RegExp(`${BARE}|${QUOTED}`, "g");

/** A dotted key's parts, unquoted: `packages."my app".files` is three. */
export function keyParts(key: string): string[] {
  return [...key.matchAll(PART)].map(([part]) => {
    if (part.startsWith('"')) return JSON.parse(part) as string;
    if (part.startsWith("'")) return part.slice(1, -1);
    return part;
  });
}

/**
 * The 1-based line where the key at `path` is written (a `key =` line or a
 * `[table]` header), else the first that shares the most of its parents
 * (a key inside an inline table is found as the table's key); 1 when none.
 */
export function lineOf(text: string, path: readonly string[]): number {
  let table: string[] = [];
  let best = { length: 0, line: 1 };
  const consider = (keys: string[], line: number) => {
    let shared = 0;
    while (shared < keys.length && keys[shared] === path[shared]) shared++;
    if (shared > best.length) best = { length: shared, line };
  };
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const header = HEADER.exec(line);
    if (header) {
      table = keyParts(header[1]);
      consider(table, index + 1);
      continue;
    }
    const assignment = ASSIGNMENT.exec(line);
    if (assignment) consider([...table, ...keyParts(assignment[1])], index + 1);
  }
  return best.line;
}
