/**
 * The few path operations the config layer needs, for POSIX and Windows
 * paths, as pure string functions. Node's `path` module would do, but loading it
 * nearly doubles the CLI's start-up time; `pathe` costs as much and writes
 * Windows paths with forward slashes and loses UNC roots. These follow
 * Node's results for the cases below (a unit test compares them).
 */

export type PathFlavor = "posix" | "win32";

/** The flavor of the paths of an OS. */
export function flavorOf(os: string): PathFlavor {
  return os === "windows" ? "win32" : "posix";
}

interface Split {
  /** `C:` or `\\server\share` on Windows (with backslashes); always "" on POSIX. */
  device: string;
  /** True when the path starts at the root of its device. */
  rooted: boolean;
  /** The device and root separators exactly as written. */
  root: string;
  rest: string;
}

const UNC = /^[\\/]{2}([^\\/]+)[\\/]+([^\\/]+)(?:[\\/]+|$)/;

function split(path: string, flavor: PathFlavor): Split {
  if (flavor === "posix") {
    const root = /^\/*/.exec(path)![0];
    return { device: "", rooted: root !== "", root, rest: path.slice(root.length) };
  }
  const unc = UNC.exec(path);
  if (unc) {
    const device = `\\\\${unc[1]}\\${unc[2]}`;
    return { device, rooted: true, root: unc[0], rest: path.slice(unc[0].length) };
  }
  const root = /^(?:[a-zA-Z]:)?[\\/]*/.exec(path)![0];
  const device = /^[a-zA-Z]:/.test(root) ? root.slice(0, 2) : "";
  return { device, rooted: root.length > device.length, root, rest: path.slice(root.length) };
}

function isSep(char: string, flavor: PathFlavor): boolean {
  return char === "/" || (flavor === "win32" && char === "\\");
}

/** Drops `.`, empty segments and resolvable `..`; keeps leading `..` of relative paths. */
function normalizeSegments(rest: string, flavor: PathFlavor, rooted: boolean): string[] {
  const out: string[] = [];
  for (const segment of rest.split(flavor === "win32" ? /[\\/]/ : "/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
    } else {
      out.push(segment);
    }
  }
  return out;
}

function format(device: string, rooted: boolean, segments: string[], flavor: PathFlavor): string {
  const sep = flavor === "win32" ? "\\" : "/";
  const body = segments.join(sep);
  const path = device + (rooted ? sep : "") + body;
  return path === "" ? "." : path;
}

/** Like `path.isAbsolute`: rooted paths (`/x`, `\x`, `C:\x`, `\\server\share`) are absolute. */
export function isAbsolute(path: string, flavor: PathFlavor): boolean {
  return split(path, flavor).rooted;
}

/** Like `path.resolve(base, path)` for an absolute `base`: never looks at the process's cwd. */
export function resolve(base: string, path: string, flavor: PathFlavor): string {
  const b = split(base, flavor);
  const p = split(path, flavor);
  let device = p.device || b.device;
  let rooted = p.rooted;
  let rest = p.rest;
  const sameDevice = p.device === "" || p.device.toLowerCase() === b.device.toLowerCase();
  if (!p.rooted && sameDevice) {
    // Relative (or drive-relative on the base's drive): continue from the base.
    device = p.device || b.device;
    rooted = b.rooted;
    rest = `${b.rest}/${p.rest}`;
  } else if (!p.rooted) {
    // `D:x` with a base on another drive: from the root of that drive.
    rooted = true;
  }
  return format(device, rooted, normalizeSegments(rest, flavor, rooted), flavor);
}

/** Like `path.join` when the first part is absolute. */
export function join(flavor: PathFlavor, first: string, ...parts: string[]): string {
  return resolve(first, parts.join("/"), flavor);
}

/** Like `path.dirname`, without normalising (`a/link/..` stays as it is). */
export function dirname(path: string, flavor: PathFlavor): string {
  const { root, rest } = split(path, flavor);
  let end = rest.length;
  while (end > 0 && isSep(rest[end - 1], flavor)) end--;
  while (end > 0 && !isSep(rest[end - 1], flavor)) end--;
  // `end` is just past the separator before the last segment (0 when there is none).
  const head = rest.slice(0, Math.max(0, end - 1));
  return root + head || ".";
}

/** Like `path.basename`: the last segment, ignoring trailing separators. */
export function basename(path: string, flavor: PathFlavor): string {
  const rest = flavor === "win32" ? path.replace(/^[a-zA-Z]:/, "") : path;
  let end = rest.length;
  while (end > 0 && isSep(rest[end - 1], flavor)) end--;
  let start = end;
  while (start > 0 && !isSep(rest[start - 1], flavor)) start--;
  return rest.slice(start, end);
}
