/**
 * `publish` with a release manifest: every package's files checked before
 * the first byte is sent, all uploaded in one pool, one trigger per package
 * whose files all arrived, and one wait for every job.
 */
import { type ResolvedVersion, resolveVersion, taggedVersionNote } from "../ci/version.ts";
import { CliError, UsageError } from "../errors.ts";
import { checkFiles, type ResolvedFile } from "../files/resolve.ts";
import { parseFileSpecs } from "../files/specs.ts";
import { flavorOf } from "../path.ts";
import { type LoadedManifest, type ReleasePackage, resolvePackages } from "../release/load.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import { noteUnknownTarget } from "./build.ts";
import { uploadVersion } from "./publish_input.ts";
import { uploadPackages } from "./publish_uploads.ts";
import { type ReleaseEntry, releaseOutcome, type ReleaseRun } from "./publish_release_outcome.ts";
import { builds, sentFiles, withBefores, withRecordedPlans } from "./publish_release_builds.ts";
import { releasePlan } from "./publish_release_plan.ts";

/** The options of `publish` a manifest run reads. */
export interface ReleaseValues {
  file: string[];
  files: string | undefined;
  package: string[];
  packageId: string | undefined;
  version: string | undefined;
  target: string | undefined;
  build: boolean;
  buildOnly: boolean;
  wait: boolean;
  timeout: number;
  interval: number;
  concurrency: number;
  dryRun: boolean;
  summary: boolean;
  state: string | undefined;
  rebuild: boolean;
}

/** Publishes every package the manifest (and `--package`) names. */
export async function publishRelease(
  ctx: Context,
  values: ReleaseValues,
  manifest: LoadedManifest,
): Promise<Outcome> {
  if (values.buildOnly && !values.build) {
    throw new UsageError(
      "--build-only and --no-build leave nothing to do: give --build-only to build from the " +
        "files already on the server, or --no-build to upload them only.",
    );
  }
  const flagSpecs = parseFileSpecs(values.file, values.files);
  if (values.buildOnly && flagSpecs.length > 0) {
    throw new UsageError(
      "--build-only uploads nothing, so it takes no --file or --files: drop --build-only to " +
        "upload the files and then build, or drop the files.",
    );
  }
  const packages = resolvePackages(manifest, {
    names: values.package,
    packageId: values.packageId,
    files: flagSpecs,
    env: ctx.env,
    cwd: ctx.deps.cwd,
  }).map((pkg) => values.buildOnly ? { ...pkg, files: [] } : pkg);
  const version = releaseVersion(ctx, values, packages);
  const entries = await checkedEntries(ctx, values, packages, version?.version ?? "");
  for (const target of new Set(entries.map((entry) => entry.buildTarget))) {
    if (values.build) noteUnknownTarget(ctx, target);
  }
  // Checks the token and the base URL; sends nothing.
  const api = await ctx.api();
  const run: ReleaseRun = {
    version: version?.version ?? null,
    versionSource: version?.source ?? null,
    entries,
    build: values.build,
  };
  if (values.dryRun) {
    const plan = releasePlan((await ctx.settings()).baseUrl.value, run);
    return await withRecordedPlans(ctx, values, run, plan);
  }
  // Each package's re-run resumes what its record says an earlier run started.
  run.entries = await withBefores(ctx, api, values, run);
  const uploads = await uploadPackages(
    ctx,
    api,
    run.entries.map((entry) => ({
      packageId: entry.packageId,
      files: sentFiles(entry),
      name: entry.name,
      arrived: entry.before?.state?.uploaded,
    })),
    values.concurrency,
  );
  const outcome = await builds(ctx, api, values, run, uploads.map((result) => result.done));
  const failures = uploads.map((result, i) => result.failure ?? outcome.failures[i]);
  return releaseOutcome(run, uploads.map((result) => result.done), outcome, failures, values);
}

/** The version: needed to build, or for `{version}` in a path; else as for one package. */
function releaseVersion(
  ctx: Context,
  values: ReleaseValues,
  packages: ReleasePackage[],
): ResolvedVersion | undefined {
  if (values.build) {
    const resolved = resolveVersion(values.version, ctx.env);
    const note = taggedVersionNote(resolved);
    if (note) ctx.output.info(note);
    return resolved;
  }
  const usesVersion = packages.some((pkg) =>
    pkg.files.some((spec) => spec.pattern.includes("{version}"))
  );
  return uploadVersion(values.version, ctx.env, usesVersion);
}

/** Every file of every package found and checked; all the bad ones named in one error. */
async function checkedEntries(
  ctx: Context,
  values: ReleaseValues,
  packages: ReleasePackage[],
  version: string,
): Promise<ReleaseEntry[]> {
  const flavor = flavorOf(ctx.deps.os);
  const bad: string[] = [];
  let globProblems = false;
  const entries: ReleaseEntry[] = [];
  for (const pkg of packages) {
    const resolved: ResolvedFile[] = [];
    for (const dir of new Set(pkg.files.map((file) => file.dir))) {
      const specs = pkg.files.filter((file) => file.dir === dir);
      const checked = await checkFiles(specs, version, dir, flavor);
      resolved.push(...checked.files);
      bad.push(...checked.bad.map((line) => `${pkg.name}: ${line}`));
      globProblems ||= checked.globProblems;
    }
    const order = pkg.files.map((file) => file.refId);
    resolved.sort((a, b) => order.indexOf(a.refId) - order.indexOf(b.refId));
    const target = values.target ?? pkg.target;
    entries.push({ ...pkg, resolved, ...(target === undefined ? {} : { buildTarget: target }) });
  }
  if (bad.length > 0) {
    const what = bad.length === 1 ? bad[0] : `${bad.length} files: ${bad.join("; ")}`;
    const rule = globProblems ? "; a pattern must match exactly one file" : "";
    throw new CliError(
      `Cannot upload ${what}. Nothing was sent. Check the paths in the manifest and any ` +
        `--file or --files${rule}.`,
    );
  }
  return entries;
}
