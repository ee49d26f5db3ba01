/**
 * Reads the files `publish` is given: `--file SLOT=PATH` (repeatable) and
 * `--files`, a JSON object `{"SLOT": "PATH"}` or `SLOT=PATH` lines (the
 * GitHub Action's `files` input, handed over as it is). Every slot name
 * follows the one rule of `checkedSlot`.
 */
import { UsageError } from "../errors.ts";
import { checkedSlot } from "../text/names.ts";
import { escapeControl } from "../text/escape.ts";

export interface FileSpec {
  /** The package's file slot. */
  refId: string;
  /** A path or a glob, with `{version}` not yet replaced. */
  pattern: string;
}

const FILES_EXAMPLE = `{"source-tarball": "dist/app-{version}.tar.gz"}`;

/**
 * The file specs from every `--file` and from `--files`, in that order.
 * Throws a UsageError for a malformed value, a bad slot name or a slot given
 * twice. A blank `--files` counts as none: CI inputs are often empty strings.
 */
export function parseFileSpecs(fileFlags: string[], files: string | undefined): FileSpec[] {
  const specs = fileFlags.map(parseFileFlag);
  const text = files?.trim() ?? "";
  if (isJson(text)) specs.push(...parseFilesJson(text));
  else if (text !== "") specs.push(...parseFilesLines(text));
  const seen = new Set<string>();
  for (const { refId } of specs) {
    if (seen.has(refId)) {
      throw new UsageError(
        `The slot ${refId} is given more than one file. Give each slot one file.`,
      );
    }
    seen.add(refId);
  }
  return specs;
}

/** JSON when it opens as an object, an array or a string does, or parses as JSON at all. */
function isJson(text: string): boolean {
  if (/^[{["]/.test(text)) return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `SLOT=PATH`, split at the first `=`, with white space around either side dropped. */
function splitPair(text: string): { slot: string; path: string } | undefined {
  const at = text.indexOf("=");
  if (at < 0) return undefined;
  return { slot: text.slice(0, at), path: text.slice(at + 1).trim() };
}

function parseFileFlag(flag: string): FileSpec {
  const pair = splitPair(flag);
  const shown = escapeControl(flag);
  if (!pair) {
    throw new UsageError(
      `--file needs SLOT=PATH, e.g. --file source-tarball=dist/app.tar.gz; got "${shown}".`,
    );
  }
  const refId = checkedSlot(pair.slot, `--file ${shown}`);
  if (pair.path === "") throw new UsageError(`--file ${shown} has no path after the "=".`);
  return { refId, pattern: pair.path };
}

function parseFilesLines(text: string): FileSpec[] {
  const specs: FileSpec[] = [];
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const where = `--files line ${index + 1}`;
    const pair = splitPair(line);
    if (!pair || pair.path === "") {
      throw new UsageError(
        `${where} ("${escapeControl(line)}") is not slot=path. Write one slot=path a line, ` +
          `or a JSON object such as ${FILES_EXAMPLE}.`,
      );
    }
    specs.push({ refId: checkedSlot(pair.slot, where), pattern: pair.path });
  }
  return specs;
}

function parseFilesJson(text: string): FileSpec[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--files is not valid JSON (${
        escapeControl(reason)
      }). Give an object such as ${FILES_EXAMPLE}, or slot=path lines.`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--files must be a JSON object of slots to paths, such as ${FILES_EXAMPLE}; ` +
        `got ${kindOf(value)}.`,
    );
  }
  const repeated = repeatedKey(objectKeys(text));
  if (repeated !== undefined) {
    throw new UsageError(
      `--files names the slot ${
        escapeControl(repeated)
      } more than once; JSON keeps only the last. Give each slot one file.`,
    );
  }
  return Object.entries(value).map(([key, pattern]) => {
    const where = `--files: the path for "${escapeControl(key)}"`;
    if (typeof pattern !== "string") {
      throw new UsageError(`${where} must be a string, not ${kindOf(pattern)}.`);
    }
    if (pattern === "") throw new UsageError(`${where} is empty.`);
    return { refId: checkedSlot(key, "--files"), pattern };
  });
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The first key given twice, compared as slots (white space around dropped). */
function repeatedKey(keys: string[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys.map((key) => key.trim())) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/**
 * The keys of the object that valid JSON `text` holds, in order and with
 * repeats, which `JSON.parse` drops (it keeps the last value).
 */
export function objectKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") depth--;
    else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const literal = text.slice(i, end + 1);
      i = end;
      let next = end + 1;
      while (" \t\n\r".includes(text[next])) next++;
      // A string in the top object is a key when a colon follows it.
      if (depth === 1 && text[next] === ":") keys.push(JSON.parse(literal));
    }
  }
  return keys;
}
