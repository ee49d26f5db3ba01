/**
 * The files `publish` uploads, found and checked before anything is sent: a
 * release must not be half uploaded because its last file had a typo.
 */
import { flavorOf, type PathFlavor, resolve } from "../path.ts";
import { CliError } from "../errors.ts";
import { uploadable } from "./uploadable.ts";
import { escapeControl } from "../text/escape.ts";
import { findGlobMatches, globOf } from "./glob.ts";
import type { FileSpec } from "./specs.ts";

const FLAVOR = flavorOf(Deno.build.os);

export interface ResolvedFile {
  refId: string;
  /** The path to open. */
  path: string;
  /** The path as the user would write it, safe to print. */
  shown: string;
  size: number;
}

/**
 * Each spec's file, with `{version}` replaced and any glob matched to exactly
 * one regular file, checked (exists, is a regular file, can be opened).
 * Every file that cannot be uploaded, a pattern that matches none or
 * several included, is named in one CliError.
 */
export async function resolveFiles(
  specs: FileSpec[],
  version: string,
  cwd: string,
  /** How the user writes paths (the OS's flavour): on Windows `\` separates directories in a glob. */
  flavor: PathFlavor = FLAVOR,
): Promise<ResolvedFile[]> {
  const { files, bad, globProblems } = await checkFiles(specs, version, cwd, flavor);
  if (bad.length > 0) {
    const what = bad.length === 1 ? bad[0] : `${bad.length} files: ${bad.join("; ")}`;
    const rule = globProblems ? "; a pattern must match exactly one file" : "";
    throw new CliError(`Cannot upload ${what}. Check the paths given to --file or --files${rule}.`);
  }
  return files;
}

/** The files found, and one line for each that cannot be uploaded (`bad`). */
export interface CheckedFiles {
  files: ResolvedFile[];
  bad: string[];
  /** Whether a pattern matched no file or several. */
  globProblems: boolean;
}

/** Each spec's file, or why it cannot be uploaded; `resolveFiles` without the error. */
export async function checkFiles(
  specs: FileSpec[],
  version: string,
  cwd: string,
  flavor: PathFlavor = FLAVOR,
): Promise<CheckedFiles> {
  const files: ResolvedFile[] = [];
  const bad: string[] = [];
  let globProblems = false;
  for (const spec of specs) {
    const found = await locate(spec, version, cwd, flavor);
    if (typeof found === "string") {
      bad.push(found);
      globProblems = true;
      continue;
    }
    const { refId, path, shownRaw } = found;
    const shown = escapeControl(shownRaw);
    const checked = await uploadable(path);
    if ("size" in checked) files.push({ refId, path, shown, size: checked.size });
    else bad.push(`${shown} (${refId}): ${escapeControl(checked.reason ?? checked.problem)}`);
  }
  return { files, bad, globProblems };
}

interface Located {
  refId: string;
  path: string;
  shownRaw: string;
}

/** Where the spec's file is, or why its glob does not name one file. */
async function locate(
  spec: FileSpec,
  version: string,
  cwd: string,
  flavor: PathFlavor,
): Promise<Located | string> {
  const parts = spec.pattern.split("{version}");
  const shownRaw = parts.join(version);
  // Only the user's text can hold wildcards: a `*` in the version is a `*`.
  if (!parts.some((part) => /[*?[{]/.test(part))) {
    return { refId: spec.refId, path: resolve(cwd, shownRaw, FLAVOR), shownRaw };
  }
  const glob = parts.map((part) => globOf(part, flavor)).join(escapeGlob(version));
  const backslashes = flavor === "win32" && spec.pattern.includes("\\");
  const matches = await findGlobMatches(glob, cwd, backslashes ? "\\" : "/");
  if (matches.length === 1) return { refId: spec.refId, ...matches[0] };
  return globProblem(spec.refId, shownRaw, matches.map((match) => match.shownRaw));
}

/** The version as glob text that matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@,]/g, "\\$&");
}

const LISTED_MATCHES = 5;

function globProblem(refId: string, shownPattern: string, matched: string[]): string {
  const problem = `${escapeControl(shownPattern)} (${refId}): the pattern matches `;
  if (matched.length === 0) return `${problem}no file`;
  const listed = matched.slice(0, LISTED_MATCHES).map(escapeControl).join(", ");
  const more = matched.length > LISTED_MATCHES
    ? `, and ${matched.length - LISTED_MATCHES} more`
    : "";
  return `${problem}${matched.length} files: ${listed}${more}`;
}
