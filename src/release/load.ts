/**
 * Which manifest a run reads (`--manifest`, DISTROPACK_MANIFEST, else
 * `distropack.toml` in the working directory), which of its packages
 * (`--package`), and each package's id and files once the command line and
 * the environment have had their say: flags win over environment
 * variables, which win over the manifest, for the values they name.
 */
import { UsageError } from "../errors.ts";
import type { FileSpec } from "../files/specs.ts";
import { dirname, flavorOf, resolve } from "../path.ts";
import { closest } from "../cli/suggest.ts";
import { type Env, ENV_VARS, nonBlank } from "../settings/env.ts";
import { escapeControl } from "../text/escape.ts";
import { checkedName } from "../text/names.ts";
import { type Manifest, MANIFEST_NAME, type ManifestPackage, parseManifest } from "./manifest.ts";

/** A manifest read from a file. */
export interface LoadedManifest extends Manifest {
  /** The directory its paths are relative to: the manifest's own. */
  dir: string;
  /** How it was named: `--manifest`, DISTROPACK_MANIFEST, or found in the working directory. */
  from: "--manifest" | "DISTROPACK_MANIFEST" | "default";
}

export interface ManifestWhere {
  /** `--manifest`'s value. */
  flag?: string;
  env: Env;
  cwd: string;
  /** The OS, for paths: `Deno.build.os` or a test's. */
  os: string;
}

/**
 * The manifest this run reads, or undefined when none is named and the
 * working directory has no `distropack.toml`. A named manifest that does not
 * exist, cannot be read or is not valid is a UsageError (exit 2).
 */
export async function loadManifest(where: ManifestWhere): Promise<LoadedManifest | undefined> {
  const fromEnv = nonBlank(where.env, ENV_VARS.manifest);
  const given = where.flag ?? fromEnv;
  const from = where.flag !== undefined
    ? "--manifest"
    : fromEnv !== undefined
    ? "DISTROPACK_MANIFEST"
    : "default";
  const flavor = flavorOf(where.os);
  const shown = given ?? MANIFEST_NAME;
  const path = resolve(where.cwd, shown, flavor);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound && from === "default") return undefined;
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new UsageError(
      `Cannot read the manifest ${escapeControl(shown)} (from ${from}): ${reason}. ` +
        `Give the path of a distropack.toml.`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`The manifest ${escapeControl(shown)} is not UTF-8: save it as UTF-8.`);
  }
  const manifest = await parseManifest(text, escapeControl(shown));
  return { ...manifest, dir: dirname(path, flavor), from };
}

/**
 * The packages `--package` names (repeatable), in the manifest's order;
 * all of them when it names none. An unknown name is a UsageError with the
 * closest name.
 */
export function selectPackages(manifest: Manifest, names: readonly string[]): ManifestPackage[] {
  const known = manifest.packages.map((pkg) => pkg.name);
  for (const name of names) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    const hint = near === undefined ? `its packages: ${known.join(", ")}` : `did you mean ${near}?`;
    throw new UsageError(
      `--package ${escapeControl(name)}: ${manifest.path} has no such package (${hint}).`,
    );
  }
  if (names.length === 0) return manifest.packages;
  return manifest.packages.filter((pkg) => names.includes(pkg.name));
}

/** `--package` given and no manifest found: a UsageError saying where one is looked for. */
export function requireManifest(names: readonly string[]): never {
  throw new UsageError(
    `--package ${escapeControl(names[0])} picks a package from a manifest, and there is none: ` +
      `no ${MANIFEST_NAME} in the working directory. Give --manifest PATH (or DISTROPACK_MANIFEST).`,
  );
}

/** A file of a release: its slot and pattern, and the directory the pattern is relative to. */
export interface ReleaseFile extends FileSpec {
  dir: string;
}

/** One package of a run, with its id and files settled. */
export interface ReleasePackage {
  /** The manifest's name for it; "default" without a manifest. */
  name: string;
  packageId: string;
  /** Where the id came from: `--package-id`, DISTROPACK_PACKAGE_ID, the variable, or `manifest`. */
  idSource: string;
  files: ReleaseFile[];
  /** The manifest's target (`--target` wins over it; the caller decides). */
  target?: string;
}

export interface RunInput {
  /** `--package` values. */
  names: readonly string[];
  /** `--package-id`. */
  packageId?: string;
  /** `--file` and `--files`, parsed: relative to the working directory. */
  files: readonly FileSpec[];
  env: Env;
  cwd: string;
}

/**
 * The packages of a run. Without a manifest: one, from `--package-id` (or
 * DISTROPACK_PACKAGE_ID) and the file flags. With one: those `--package`
 * picks; for a single package `--package-id`, then DISTROPACK_PACKAGE_ID,
 * then the manifest give its id, and a `--file` replaces the manifest's file
 * for its slot. Those name one package, so with several they are refused.
 */
export function resolvePackages(
  manifest: LoadedManifest | undefined,
  input: RunInput,
): ReleasePackage[] {
  const flagged = input.files.map((spec) => ({ ...spec, dir: input.cwd }));
  if (manifest === undefined) {
    if (input.names.length > 0) requireManifest(input.names);
    const { value, source } = singleId(input, undefined);
    return [{ name: "default", packageId: value, idSource: source, files: flagged }];
  }
  const picked = selectPackages(manifest, input.names);
  if (picked.length > 1) refuseSingleValues(manifest, picked, input);
  return picked.map((pkg) => {
    const { value, source } = singleId(input, pkg, manifest.path);
    const ownFiles = pkg.files
      .filter((spec) => !flagged.some((flag) => flag.refId === spec.refId))
      .map((spec) => ({ ...spec, dir: manifest.dir }));
    const release: ReleasePackage = {
      name: pkg.name,
      packageId: value,
      idSource: source,
      files: [...ownFiles, ...flagged],
    };
    if (pkg.target !== undefined) release.target = pkg.target;
    return release;
  });
}

/** `--package-id`, DISTROPACK_PACKAGE_ID and `--file` name one package: refused for several. */
function refuseSingleValues(
  manifest: Manifest,
  picked: ManifestPackage[],
  input: RunInput,
): void {
  const names = picked.map((pkg) => pkg.name).join(", ");
  const what = input.packageId !== undefined
    ? "--package-id names"
    : input.files.length > 0
    ? "--file and --files name files of"
    : nonBlank(input.env, ENV_VARS.packageId) !== undefined
    ? `${ENV_VARS.packageId} is set: it names`
    : undefined;
  if (what === undefined) return;
  throw new UsageError(
    `${what} one package, but this run publishes ${picked.length} from ${manifest.path} ` +
      `(${names}). Pick one with --package NAME, or leave the ids and files to the manifest` +
      (what.startsWith(ENV_VARS.packageId) ? ` (unset ${ENV_VARS.packageId}).` : "."),
  );
}

/** A package's id: the flag, the variable, then the manifest. */
function singleId(
  input: RunInput,
  pkg: ManifestPackage | undefined,
  path?: string,
): { value: string; source: string } {
  if (input.packageId !== undefined) {
    return { value: checkedName(input.packageId, "--package-id"), source: "--package-id" };
  }
  const fromEnv = nonBlank(input.env, ENV_VARS.packageId);
  if (fromEnv !== undefined) {
    return { value: checkedName(fromEnv, ENV_VARS.packageId), source: ENV_VARS.packageId };
  }
  const id = pkg?.id ?? { kind: "none" };
  if (id.kind === "literal") return { value: id.value, source: "manifest" };
  if (id.kind === "variable") {
    const value = nonBlank(input.env, id.name);
    if (value === undefined) {
      throw new UsageError(
        `The package ${pkg?.name}'s id is read from ${id.name} (package_id_env in ${path}), ` +
          `which is not set. Set it (a CI secret, say), or pass --package-id ID.`,
      );
    }
    return { value: checkedName(value, id.name), source: id.name };
  }
  const where = pkg === undefined ? "" : ` (or package_id in ${path})`;
  throw new UsageError(
    `No package id: pass --package-id ID or set ${ENV_VARS.packageId}${where}. ` +
      `The id is shown on the package's page in the dashboard.`,
  );
}
