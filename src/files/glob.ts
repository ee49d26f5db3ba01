/**
 * Finds the regular files a glob matches, reading only the directories the
 * glob can reach: the literal directories before its first wildcard are
 * taken as they are, and a directory is entered only when some path below
 * it could still match. Symbolic links to directories are not followed, so a
 * `**` cannot loop; links to files count as the files they point to.
 */
import { flavorOf, type PathFlavor, resolve } from "../path.ts";

const FLAVOR = flavorOf(Deno.build.os);

export interface GlobMatch {
  /** The path to open. */
  path: string;
  /** The match as the user would write it: the glob's literal start, then the rest. */
  shownRaw: string;
}

/** Characters that make a path segment a pattern (`\` escapes one of them). */
const WILD = /[*?[{\\]/;

/**
 * A pattern as the user wrote it (no `{version}` in it), as glob text: `/`
 * between directories, `\` before a wildcard to take it as itself. On
 * Windows `\` separates directories (`dist\app-*.zip`, `C:\build\*.zip`), as
 * in every path there, and no file name can hold it or `/`, `*`, `?`; so
 * there it is a separator, never an escape.
 */
export function globOf(pattern: string, flavor: PathFlavor): string {
  return flavor === "win32" ? pattern.replaceAll("\\", "/") : pattern;
}

/**
 * Matches of `glob` (glob text, see globOf; relative to `cwd` unless
 * absolute), sorted; shown with `separator` between directories, as the
 * user wrote the pattern.
 */
export async function findGlobMatches(
  glob: string,
  cwd: string,
  separator: "/" | "\\" = "/",
): Promise<GlobMatch[]> {
  // A package: only a file pattern with a wildcard needs it.
  const { default: zeptomatch } = await import("zeptomatch");
  const segments = glob.split("/");
  const firstWild = segments.findIndex((segment) => WILD.test(segment));
  const literal = segments.slice(0, firstWild);
  // A leading "!" would make the rest a negated glob; here it is a file name.
  const rest = segments.slice(firstWild).join("/").replace(/^!/, "\\!");
  const base = literal.length === 0 ? cwd : resolve(cwd, literal.join("/") || "/", FLAVOR);

  const found: string[] = [];
  async function visit(dir: string, relDir: string): Promise<void> {
    for (const entry of await readDirOrEmpty(dir)) {
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory) {
        if (zeptomatch(rest, rel, { partial: true })) await visit(`${dir}/${entry.name}`, rel);
      } else if (zeptomatch(rest, rel) && await isRegularFile(`${dir}/${entry.name}`)) {
        found.push(rel);
      }
    }
  }
  await visit(base, "");

  return found.sort().map((rel) => ({
    path: `${base}/${rel}`,
    shownRaw: [...literal, rel].join("/").replaceAll("/", separator),
  }));
}

/** A directory's entries; one that cannot be read has none, as far as matching goes. */
async function readDirOrEmpty(dir: string): Promise<Deno.DirEntry[]> {
  try {
    return await Array.fromAsync(Deno.readDir(dir));
  } catch {
    return [];
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}
