/**
 * The release `check` looks at: the manifest (`--manifest`,
 * DISTROPACK_MANIFEST or `distropack.toml`) and the packages `--package`
 * picks from it, or without one the package of `--package-id` and the file
 * flags; then every file of every package, as publish would find it.
 */
import { CliError } from "../errors.ts";
import { type ResolvedFile, resolveFiles } from "../files/resolve.ts";
import { type FileSpec, parseFileSpecs } from "../files/specs.ts";
import { flavorOf } from "../path.ts";
import {
  type LoadedManifest,
  loadManifest,
  type ReleaseFile,
  type ReleasePackage,
  resolvePackages,
  type RunInput,
  selectPackages,
} from "../release/load.ts";
import type { Context } from "../run/context.ts";
import { ENV_VARS, nonBlank } from "../settings/env.ts";
import { formatBytes } from "../text/format.ts";
import type { Findings } from "./check_findings.ts";
import { fileSpecs } from "./publish_input.ts";

export interface ReleaseFlags {
  manifest: string | undefined;
  package: string[];
  packageId: string | undefined;
  file: string[];
  files: string | undefined;
  target: string | undefined;
  build: boolean;
  buildOnly: boolean;
}

/** A package to check: its files, and its id when that was settled. */
export interface Checked {
  /** The manifest's name for it; "default" without a manifest. */
  name: string;
  files: ReleaseFile[];
  /** Undefined when its id is a problem: its files are still checked. */
  settled?: ReleasePackage;
}

/** The packages found, and the manifest they came from (undefined: none). */
export interface Release {
  manifest?: LoadedManifest;
  packages: Checked[];
}

/** What a check of a package is called: `files`, or `files (cli)` for a manifest's package. */
export function label(release: Release, what: string, pkg: { name: string }): string {
  return release.manifest === undefined ? what : `${what} (${pkg.name})`;
}

/** Stands for an id that is a problem, so that the package's files are settled all the same. */
const NO_ID = "unsettled";

/**
 * The manifest and each package's id and files, as publish settles them:
 * the flags over the environment over the manifest. Each package is
 * settled on its own, so one whose id is missing does not hide the others.
 */
export async function checkPackages(
  ctx: Context,
  found: Findings,
  flags: ReleaseFlags,
): Promise<Release> {
  const where = { flag: flags.manifest, env: ctx.env, cwd: ctx.deps.cwd, os: ctx.deps.os };
  const loaded = await found.attempt("manifest", () => loadManifest(where));
  if (found.failed("manifest")) return { packages: [] };
  const manifest = loaded ?? undefined;
  // With a manifest the file flags are optional: it names the files.
  const given = { file: flags.file, files: flags.files };
  const specs = await found.attempt(
    "files",
    () =>
      manifest === undefined || flags.buildOnly
        ? fileSpecs({ ...given, build: flags.build, buildOnly: flags.buildOnly })
        : parseFileSpecs(flags.file, flags.files),
  );
  if (specs === undefined) return { manifest, packages: [] };
  const input = {
    names: flags.package,
    packageId: flags.packageId,
    files: specs,
    env: ctx.env,
    cwd: ctx.deps.cwd,
  };
  if (manifest === undefined) {
    return { packages: [await settle(found, "package id", input, flags)] };
  }
  const names = manifest.packages.map((pkg) => pkg.name).join(", ");
  const picked = await found.attempt("manifest", () => selectPackages(manifest, flags.package));
  if (picked === undefined) return { manifest, packages: [] };
  const from = manifest.from === "default" ? "in the working directory" : `from ${manifest.from}`;
  found.pass("manifest", `${manifest.path} (${from}): ${names}`);
  if (picked.length > 1 && namesOnePackage(ctx, flags, specs)) {
    // Refused before any package: publish refuses the whole run.
    await found.attempt("manifest", () => resolvePackages(manifest, input));
    return { manifest, packages: [] };
  }
  const release: Release = { manifest, packages: [] };
  for (const pkg of picked) {
    const one = { ...input, names: [pkg.name] };
    const check = label(release, "package id", pkg);
    release.packages.push(await settle(found, check, one, flags, manifest));
  }
  return release;
}

/** One package, settled as publish settles it; its files all the same when its id is a problem. */
async function settle(
  found: Findings,
  check: string,
  input: RunInput,
  flags: ReleaseFlags,
  manifest?: LoadedManifest,
): Promise<Checked> {
  const [settled] = await found.attempt(check, () => resolvePackages(manifest, input)) ?? [];
  if (settled !== undefined) {
    const builds = flags.build
      ? flags.target ?? settled.target ?? "all enabled targets"
      : "no build (--no-build)";
    found.pass(check, `${settled.packageId} (from ${settled.idSource}); ${builds}`);
    return { name: settled.name, files: settled.files, settled };
  }
  try {
    const [files] = resolvePackages(manifest, { ...input, packageId: NO_ID });
    return { name: files.name, files: files.files };
  } catch (error) {
    // A problem found already (--package without a manifest): nothing more to check.
    if (!(error instanceof CliError)) throw error;
    return { name: input.names[0] ?? "default", files: [] };
  }
}

/** `--package-id`, DISTROPACK_PACKAGE_ID and the file flags name one package. */
function namesOnePackage(ctx: Context, flags: ReleaseFlags, specs: FileSpec[]): boolean {
  return flags.packageId !== undefined || specs.length > 0 ||
    nonBlank(ctx.env, ENV_VARS.packageId) !== undefined;
}

/**
 * Every file of every package, found as publish finds it. A path that
 * holds `{version}` cannot be found without the version: when that is the
 * problem, the other paths are still checked, and those are named as not
 * checked. The files found, by package.
 */
export async function checkFiles(
  ctx: Context,
  found: Findings,
  release: Release,
  version: string | undefined,
): Promise<Map<Checked, ResolvedFile[]>> {
  const flavor = flavorOf(ctx.deps.os);
  const all = new Map<Checked, ResolvedFile[]>();
  for (const pkg of release.packages) {
    const check = label(release, "files", pkg);
    const needsVersion = (spec: FileSpec) => spec.pattern.includes("{version}");
    const checkable = version === undefined
      ? pkg.files.filter((spec) => !needsVersion(spec))
      : pkg.files;
    const files: ResolvedFile[] = [];
    // The manifest's paths are relative to its directory, the flags' to the working directory.
    for (const [dir, specs] of byDir(checkable)) {
      files.push(
        ...await found.attempt(check, () => resolveFiles(specs, version ?? "", dir, flavor)) ?? [],
      );
    }
    const width = Math.max(0, ...files.map((file) => file.refId.length));
    for (const file of files) {
      found.pass(check, `${file.refId.padEnd(width)}  ${file.shown} (${formatBytes(file.size)})`);
    }
    const unchecked = pkg.files.filter((spec) => !checkable.includes(spec));
    if (unchecked.length > 0) {
      const slots = unchecked.map((spec) => spec.refId).join(", ");
      found.skip(check, `not checked without a version: ${slots}`);
    }
    all.set(pkg, files);
  }
  return all;
}

function byDir(files: readonly ReleaseFile[]): Map<string, ReleaseFile[]> {
  const groups = new Map<string, ReleaseFile[]>();
  for (const file of files) groups.set(file.dir, [...groups.get(file.dir) ?? [], file]);
  return groups;
}
