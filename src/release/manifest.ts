/**
 * The release manifest, `distropack.toml`: the packages of a release, each
 * with its id (or the variable that holds it), its files by slot and
 * optionally its target. Read and checked whole before anything is sent;
 * a bad manifest is one usage error with the file, the line and the fix.
 *
 *     package_id_env = "DISTROPACK_PACKAGE_ID_APP"   # one package: no header
 *     [files]
 *     source-tarball = "dist/app-{version}.tar.gz"
 *
 *     [packages.cli]                                  # several: one table each
 *     package_id = "3f6c..."
 *     target = "deb"
 *     [packages.cli.files]
 *     deb-binary = "dist/cli_{version}_amd64.deb"
 */
import { parseTarget } from "../api/types.ts";
import { closest } from "../cli/suggest.ts";
import { UsageError } from "../errors.ts";
import type { FileSpec } from "../files/specs.ts";
import { loadToml } from "../settings/file.ts";
import type { PackageIdVariable } from "../settings/env.ts";
import { escapeControl } from "../text/escape.ts";
import { checkedSlot, hasControlCharacters, MAX_NAME_LENGTH } from "../text/names.ts";
import { lineOf } from "./lines.ts";

/** The manifest's name in the working directory, where `publish` and `check` look first. */
export const MANIFEST_NAME = "distropack.toml";

/** The prefix of every variable a manifest may name for an id (the binary may read only these). */
export const ID_VARIABLE_PREFIX = "DISTROPACK_PACKAGE_ID_";

/** Where a package's id comes from in the manifest. */
export type ManifestId =
  | { kind: "literal"; value: string }
  | { kind: "variable"; name: PackageIdVariable }
  /** Neither: the id is `--package-id` or DISTROPACK_PACKAGE_ID (one package only). */
  | { kind: "none" };

/** One package of the manifest, checked. */
export interface ManifestPackage {
  /** Its table's name (`[packages.NAME]`); `name`, else "default", for a manifest without tables. */
  name: string;
  id: ManifestId;
  /** Its files by slot, in the manifest's order; patterns relative to the manifest's directory. */
  files: FileSpec[];
  /** The one target to build; undefined: every target enabled on the dashboard. */
  target?: string;
  /** The line the package starts on, for messages. */
  line: number;
}

export interface Manifest {
  /** The path as given or found, for messages. */
  path: string;
  packages: ManifestPackage[];
}

export const PACKAGE_KEYS = ["package_id", "package_id_env", "target", "files"] as const;
/** Keys of a manifest without `[packages.*]` tables: one package's, its name, and a schema. */
export const TOP_KEYS = ["$schema", "packages", "name", ...PACKAGE_KEYS] as const;
const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Reads where the manifest's text says things, and fails with the file and line. */
class Place {
  constructor(readonly path: string, readonly text: string) {}
  line(keys: readonly string[]): number {
    return lineOf(this.text, keys);
  }
  fail(keys: readonly string[], message: string): never {
    throw new UsageError(`${this.path}:${this.line(keys)}: ${message}`);
  }
}

/**
 * Parses and checks a manifest's text. Throws a UsageError (exit 2) naming
 * `path`, the line and what is wrong: TOML that does not parse, an unknown
 * key (with the closest known one), a value of the wrong type, a slot
 * twice, a package without files, both or a bad id.
 */
export async function parseManifest(text: string, path: string): Promise<Manifest> {
  const { parseTomlText } = await loadToml();
  const parsed = parseTomlText(text);
  if (!("data" in parsed)) {
    throw new UsageError(
      `${path}:${parsed.line}: not valid TOML (column ${parsed.column}): ${parsed.reason}. ` +
        "Fix that line.",
    );
  }
  const place: Place = new Place(path, text);
  const data = parsed.data;
  unknownKeys(place, data, [], TOP_KEYS);
  const schema = data["$schema"];
  if (schema !== undefined && typeof schema !== "string") {
    place.fail(["$schema"], "$schema must be a string (the schema's URL or path).");
  }
  if (data.packages === undefined) {
    if (PACKAGE_KEYS.every((key) => data[key] === undefined)) {
      throw new UsageError(
        `${path}:1: the manifest lists no package. Give its files in a [files] table ` +
          `(slot = "path"), or one [packages.NAME] table per package.`,
      );
    }
    const name = data.name === undefined ? "default" : packageName(place, data.name, ["name"]);
    return { path, packages: [checkedPackage(place, data, name, [])] };
  }
  const single = PACKAGE_KEYS.find((key) => data[key] !== undefined) ??
    (data.name === undefined ? undefined : "name");
  if (single !== undefined) {
    place.fail(
      [single],
      `'${single}' is outside any [packages.NAME] table, but the manifest has [packages] ` +
        "tables: move it under its package's table.",
    );
  }
  if (!isTable(data.packages)) {
    place.fail(["packages"], "packages must be a table of packages: [packages.NAME].");
  }
  const entries = Object.entries(data.packages);
  if (entries.length === 0) {
    place.fail(["packages"], "[packages] lists no package: add a [packages.NAME] table.");
  }
  const packages = entries.map(([key, value]) => {
    const keys = ["packages", key];
    const name = packageName(place, key, keys);
    if (!isTable(value)) place.fail(keys, `packages.${name} must be a table: [packages.${name}].`);
    return checkedPackage(place, value, name, keys);
  });
  return { path, packages };
}

function packageName(place: Place, value: unknown, keys: string[]): string {
  if (typeof value === "string" && NAME_RULE.test(value)) return value;
  const shown = typeof value === "string" ? `'${escapeControl(value)}'` : "it";
  return place.fail(
    keys,
    `the package name ${shown} is not a name: use at most 64 letters, digits, -, _ and . ` +
      "(starting with a letter or digit).",
  );
}

/** A key the manifest does not know, with the closest one it does. */
function unknownKeys(place: Place, table: Table, at: string[], known: readonly string[]): void {
  for (const key of Object.keys(table)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    const hint = near === undefined ? `known keys: ${known.join(", ")}` : `did you mean ${near}?`;
    const where = at.length === 0 ? "" : ` in [${at.join(".")}]`;
    place.fail([...at, key], `unknown key '${escapeControl(key)}'${where} (${hint})`);
  }
}

function checkedPackage(place: Place, table: Table, name: string, at: string[]): ManifestPackage {
  unknownKeys(place, table, at, at.length === 0 ? TOP_KEYS : PACKAGE_KEYS);
  const line = at.length === 0 ? 1 : place.line(at);
  const target = table.target === undefined ? undefined : checkedTarget(place, table.target, at);
  const pkg: ManifestPackage = { name, id: checkedId(place, table, at), files: [], line };
  if (target !== undefined) pkg.target = target;
  pkg.files = checkedFiles(place, table.files, name, at);
  return pkg;
}

function checkedTarget(place: Place, value: unknown, at: string[]): string {
  const keys = [...at, "target"];
  if (typeof value !== "string") {
    place.fail(keys, 'target must be a string, e.g. target = "deb" (omit it for every target).');
  }
  try {
    return parseTarget(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return place.fail(keys, `target '${escapeControl(value)}': ${reason}`);
  }
}

function checkedId(place: Place, table: Table, at: string[]): ManifestId {
  const { package_id: literal, package_id_env: variable } = table;
  if (literal !== undefined && variable !== undefined) {
    place.fail(
      [...at, "package_id_env"],
      "give package_id or package_id_env, not both: one says where the id is.",
    );
  }
  if (literal !== undefined) {
    const keys = [...at, "package_id"];
    if (typeof literal !== "string") place.fail(keys, 'package_id must be a string: "ID".');
    const value = literal.trim();
    if (value === "" || hasControlCharacters(value) || value.length > MAX_NAME_LENGTH) {
      place.fail(
        keys,
        `package_id must be the id the dashboard shows: not blank, one line, at most ` +
          `${MAX_NAME_LENGTH} characters.`,
      );
    }
    return { kind: "literal", value };
  }
  if (variable !== undefined) {
    const keys = [...at, "package_id_env"];
    const good = typeof variable === "string" && variable.startsWith(ID_VARIABLE_PREFIX) &&
      /^[A-Za-z0-9_]+$/.test(variable.slice(ID_VARIABLE_PREFIX.length));
    if (!good) {
      const shown = typeof variable === "string" ? ` ('${escapeControl(variable)}')` : "";
      place.fail(
        keys,
        `package_id_env${shown} must name a variable ${ID_VARIABLE_PREFIX}<NAME> (letters, ` +
          `digits, _), e.g. ${ID_VARIABLE_PREFIX}APP: the CLI reads no other variables.`,
      );
    }
    return { kind: "variable", name: variable as PackageIdVariable };
  }
  return { kind: "none" };
}

function checkedFiles(place: Place, files: unknown, name: string, at: string[]): FileSpec[] {
  const keys = [...at, "files"];
  const header = at.length === 0 ? "[files]" : `[${keys.join(".")}]`;
  if (files === undefined) {
    place.fail(
      at,
      `the package ${name} has no files: add a ${header} table of slot = "path" lines.`,
    );
  }
  if (!isTable(files)) place.fail(keys, `files must be a table: ${header}, slot = "path".`);
  const specs: FileSpec[] = [];
  for (const [slot, pattern] of Object.entries(files)) {
    const slotKeys = [...keys, slot];
    const refId = checkedSlot(slot, `${place.path}:${place.line(slotKeys)}`);
    if (specs.some((spec) => spec.refId === refId)) {
      place.fail(slotKeys, `the slot ${refId} of the package ${name} is given twice.`);
    }
    if (typeof pattern !== "string" || pattern.trim() === "") {
      place.fail(slotKeys, `the path of slot ${refId} must be a non-empty string: "dist/...".`);
    }
    specs.push({ refId, pattern: pattern.trim() });
  }
  if (specs.length === 0) {
    place.fail(keys, `the package ${name} has no files: its ${header} table is empty.`);
  }
  return specs;
}
