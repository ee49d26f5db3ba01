/**
 * The files `publish` uploads, given as `--file REF=PATH` (repeatable) and
 * `--files '{"REF": "PATH"}'` (the GitHub action's `files` input). Every
 * file is found and checked before anything is sent: a release must not be
 * half uploaded because its last file had a typo.
 */
import { flavorOf, resolve } from "../path.ts";
import { CliError, UsageError } from "../errors.ts";
import { uploadable } from "../input/uploadable.ts";
import { escapeControl } from "../output/escape.ts";
import { findGlobMatches } from "./_glob.ts";

const FLAVOR = flavorOf(Deno.build.os);

export interface FileSpec {
  /** The package's file slot. */
  refId: string;
  /** A path or a glob, with `{version}` not yet replaced. */
  pattern: string;
}

export interface ResolvedFile {
  refId: string;
  /** The path to open. */
  path: string;
  /** The path as the user would write it, safe to print. */
  shown: string;
  size: number;
}

const MAX_REF_LENGTH = 256;
const FILES_EXAMPLE = `{"source-tarball": "dist/app-{version}.tar.gz"}`;

/**
 * The file specs from every `--file` and from `--files`, in that order.
 * Throws a UsageError for a malformed value, a bad slot name or a slot given
 * twice. A blank `--files` counts as none: CI inputs are often empty strings.
 */
export function parseFileSpecs(fileFlags: string[], filesJson: string | undefined): FileSpec[] {
  const specs = fileFlags.map(parseFileFlag);
  if (filesJson !== undefined && filesJson.trim() !== "") specs.push(...parseFilesJson(filesJson));
  const seen = new Set<string>();
  for (const { refId } of specs) {
    checkRefId(refId);
    if (seen.has(refId)) {
      throw new UsageError(
        `The slot ${refId} is given more than one file. Give each slot one file.`,
      );
    }
    seen.add(refId);
  }
  return specs;
}

function parseFileFlag(flag: string): FileSpec {
  const at = flag.indexOf("=");
  if (at < 0) {
    throw new UsageError(
      `--file needs REF=PATH, e.g. --file source-tarball=dist/app.tar.gz; got "${
        escapeControl(flag)
      }".`,
    );
  }
  const refId = flag.slice(0, at);
  const pattern = flag.slice(at + 1);
  if (pattern === "") {
    throw new UsageError(`--file ${escapeControl(flag)} has no path after the "=".`);
  }
  return { refId, pattern };
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
      }). Give an object such as ${FILES_EXAMPLE}.`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--files must be a JSON object of slots to paths, such as ${FILES_EXAMPLE}; ` +
        `got ${kindOf(value)}.`,
    );
  }
  return Object.entries(value).map(([refId, pattern]) => {
    const where = `--files: the path for "${escapeControl(refId)}"`;
    if (typeof pattern !== "string") {
      throw new UsageError(`${where} must be a string, not ${kindOf(pattern)}.`);
    }
    if (pattern === "") throw new UsageError(`${where} is empty.`);
    return { refId, pattern };
  });
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function checkRefId(refId: string): void {
  if (refId === "") {
    throw new UsageError("A slot name is empty. Give files as REF=PATH, e.g. source-tarball=...");
  }
  const shown = escapeControl(refId);
  if ([...refId].length > MAX_REF_LENGTH) {
    throw new UsageError(
      `The slot name ${shown.slice(0, 40)}... is longer than ${MAX_REF_LENGTH} characters.`,
    );
  }
  if (/\s/.test(refId) || shown !== refId) {
    throw new UsageError(
      `The slot name "${shown}" contains white space or a control character. ` +
        "Use the slot's name as the dashboard shows it.",
    );
  }
}

/**
 * Each spec's file, with `{version}` replaced and any glob matched to exactly
 * one regular file. A glob matching none or several is a UsageError; then
 * every file is checked (exists, is a regular file, can be opened), and all
 * the bad ones are named in one CliError.
 */
export async function resolveFiles(
  specs: FileSpec[],
  version: string,
  cwd: string,
): Promise<ResolvedFile[]> {
  const located: Located[] = [];
  const usageProblems: string[] = [];
  for (const spec of specs) {
    const found = await locate(spec, version, cwd);
    if (typeof found === "string") usageProblems.push(found);
    else located.push(found);
  }
  if (usageProblems.length > 0) {
    const problems = usageProblems.join("; ");
    throw new UsageError(
      `${problems[0].toUpperCase()}${problems.slice(1)}. ` +
        "Give a path, or a pattern that matches exactly one file.",
    );
  }

  const files: ResolvedFile[] = [];
  const bad: string[] = [];
  for (const { refId, path, shownRaw } of located) {
    const shown = escapeControl(shownRaw);
    const checked = await uploadable(path);
    if ("size" in checked) files.push({ refId, path, shown, size: checked.size });
    else bad.push(`${shown} (${refId}): ${escapeControl(checked.reason ?? checked.problem)}`);
  }
  if (bad.length > 0) {
    const what = bad.length === 1 ? bad[0] : `${bad.length} files: ${bad.join("; ")}`;
    throw new CliError(`Cannot upload ${what}. Check the paths given to --file or --files.`);
  }
  return files;
}

interface Located {
  refId: string;
  path: string;
  shownRaw: string;
}

/** Where the spec's file is, or why its glob does not name one file. */
async function locate(spec: FileSpec, version: string, cwd: string): Promise<Located | string> {
  const parts = spec.pattern.split("{version}");
  const shownRaw = parts.join(version);
  // Only the user's text can hold wildcards: a `*` in the version is a `*`.
  if (!parts.some((part) => /[*?[{]/.test(part))) {
    return { refId: spec.refId, path: resolve(cwd, shownRaw, FLAVOR), shownRaw };
  }
  const matches = await findGlobMatches(parts.join(escapeGlob(version)), cwd);
  if (matches.length === 1) return { refId: spec.refId, ...matches[0] };
  return globProblem(spec.refId, shownRaw, matches.map((match) => match.shownRaw));
}

/** The version as glob text that matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@,]/g, "\\$&");
}

const LISTED_MATCHES = 5;

function globProblem(refId: string, shownPattern: string, matched: string[]): string {
  const problem = `the pattern ${escapeControl(shownPattern)} for slot ${refId} matches `;
  if (matched.length === 0) return `${problem}no file`;
  const listed = matched.slice(0, LISTED_MATCHES).map(escapeControl).join(", ");
  const more = matched.length > LISTED_MATCHES
    ? `, and ${matched.length - LISTED_MATCHES} more`
    : "";
  return `${problem}${matched.length} files: ${listed}${more}`;
}
