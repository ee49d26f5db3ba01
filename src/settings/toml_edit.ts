import { parse, stringify, TomlError } from "smol-toml";
import { ConfigFileError } from "../errors.ts";

export { stringify };

/**
 * Sets or removes one top-level `key = value` line of TOML text, keeping
 * every other line. New keys go at the end of the top-level section, before
 * the first table.
 */
export function editTopLevelKey(text: string, key: string, value: string | null): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const firstTable = lines.findIndex((line) => /^\s*\[/.test(line));
  const topEnd = firstTable === -1 ? lines.length : firstTable;
  const keyLine = new RegExp(`^\\s*(?:${key}|"${key}"|'${key}')\\s*=`);
  const index = lines.slice(0, topEnd).findIndex((line) => keyLine.test(line));
  const replacement = value === null ? [] : [stringify({ [key]: value }).trim()];
  if (index !== -1) {
    lines.splice(index, 1, ...replacement);
  } else if (value !== null) {
    let at = topEnd;
    while (at > 0 && lines[at - 1].trim() === "") at--;
    lines.splice(at, 0, ...replacement);
  }
  return lines.length === 0 ? "" : lines.join(eol) + eol;
}

/** Deep equality of parsed TOML data: tables in any key order, arrays, dates, primitives. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a instanceof Date || b instanceof Date) {
    // A TomlDate's ISO form tells local dates, local times and offsets apart.
    return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
      a.every((item, i) => sameData(item, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length &&
    keys.every((key) => Object.hasOwn(y, key) && sameData(x[key], y[key]));
}

/** Parses config text, turning TOML errors into one line with the file, line and column. */
export function parseConfigText(text: string, path: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
    throw new ConfigFileError(
      `Config file ${path} is not valid TOML: line ${error.line}, column ${error.column}: ` +
        `${reason}. Fix that line (or delete the file and set the values again); ` +
        `the file was left unchanged.`,
    );
  }
}

/** Parsed TOML, or undefined when the text is not valid. */
export function safeParse(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** Parsed TOML, or where and why the text is not valid TOML. */
export function parseTomlText(
  text: string,
): { data: Record<string, unknown> } | { line: number; column: number; reason: string } {
  try {
    return { data: parse(text) as Record<string, unknown> };
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document:\s*/, "");
    return { line: error.line, column: error.column, reason };
  }
}
