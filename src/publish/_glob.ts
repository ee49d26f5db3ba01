/**
 * Finds the regular files a glob matches, reading only the directories the
 * glob can reach: the literal directories before its first wildcard are
 * taken as they are, and a directory is entered only when some path below
 * it could still match. Symbolic links to directories are not followed, so a
 * `**` cannot loop; links to files count as the files they point to.
 */
import { flavorOf, resolve } from "../path.ts";

const FLAVOR = flavorOf(Deno.build.os);

export interface GlobMatch {
  /** The path to open. */
  path: string;
  /** The match as the user would write it: the glob's literal start, then the rest. */
  shownRaw: string;
}

/** Characters that make a path segment a pattern (`\` escapes one of them). */
const WILD = /[*?[{\\]/;

/** Matches of `glob` (relative to `cwd` unless absolute), sorted. */
export async function findGlobMatches(glob: string, cwd: string): Promise<GlobMatch[]> {
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
    shownRaw: literal.length === 0 ? rel : `${literal.join("/")}/${rel}`,
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
