/**
 * `publish`: upload a release's files in parallel, then build it, in one command; or only
 * upload (`--no-build`), or only build (`--build-only`), for matrices that fan in.
 */
import type { Context } from "../run/context.ts";
import type { OptionValues } from "../cli/define.ts";
import type { Outcome } from "../run/outcome.ts";
import { runReport } from "../ci/report.ts";
import { CliError, stoppedBy } from "../errors.ts";
import { resolveFiles } from "../files/resolve.ts";
import type { FileSpec } from "../files/specs.ts";
import { flavorOf } from "../path.ts";
import { build, type BuildRequest, buildRequest, noteUnknownTarget } from "./build.ts";
import {
  jobsFields,
  nested,
  RELEASE_UPLOAD_FIELDS,
  STATE_FIELDS,
  VERSION_SOURCE_FIELD,
} from "./documents.ts";
import { BUILDING } from "./environment.ts";
import { ENV_VARS } from "../settings/env.ts";
import { defineCommand } from "./handler.ts";
import { FILE_OPTIONS, fileSpecs, uploadVersion } from "./publish_input.ts";
import { BUILD_OPTIONS, RERUN_DETAILS, versionTagNote } from "./options.ts";
import { plan, type PublishBase } from "./publish_plan.ts";
import { type PublishUpload, uploadAll } from "./publish_uploads.ts";
import { MANIFEST_OPTION, packageIdFrom } from "./shared.ts";
import { loadManifest, requireManifest } from "../release/load.ts";
import { publishRelease } from "./publish_release.ts";
import type { JobsResult, WaitEnd } from "../jobs/result.ts";
import { jobsOutcome } from "./jobs_outcome.ts";
import {
  filesToSend,
  releaseBefore,
  resumeJobs,
  resumes,
  withRecordedPlan,
  withState,
} from "./state_resume.ts";

const PUBLISH_OPTIONS = [
  ...FILE_OPTIONS,
  MANIFEST_OPTION,
  {
    long: "package",
    value: "name",
    multiple: true,
    description: "publish only this package of the manifest (repeatable; default: all of them)",
  },
  ...BUILD_OPTIONS,
  {
    long: "concurrency",
    value: "n",
    default: { value: 4, shown: "4" },
    description: "how many files upload at once, 1 to 16",
    parse: (raw: string) => {
      const n = Number(raw);
      if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 16) {
        throw new Error("Use a whole number from 1 to 16.");
      }
      return n;
    },
  },
  { long: "dry-run", description: "check everything and print the plan; send nothing" },
  {
    long: "build",
    negatable: true,
    default: { value: true, shown: "" },
    description: "upload the files and trigger no build (a matrix leg; the job that needs " +
      "the legs then runs publish --build-only); the version is needed only for {version}",
  },
  {
    long: "build-only",
    description: "upload nothing: build the version from the files already on the server " +
      "(the job after a matrix of --no-build legs); refused with --file, --files, --no-build",
  },
  {
    long: "summary",
    negatable: true,
    default: { value: true, shown: "" },
    description: "write no GitHub Actions step summary (the outputs are still written)",
  },
] as const;

type PublishValues = OptionValues<typeof PUBLISH_OPTIONS>;

export const publishCommand = defineCommand({
  name: "publish",
  summary: "upload a release's files in parallel, then build the version and wait for the jobs",
  options: PUBLISH_OPTIONS,
  examples: [
    'distropack-cli publish --package-id "$ID" --file source-tarball=dist/app-{version}.tar.gz',
    "distropack-cli publish --version 1.2.3 --file 'source-tarball=dist/*.tar.gz' --file changelog=CHANGELOG.md",
    `distropack-cli publish --files '{"source-tarball": "dist/app.tar.gz"}' --dry-run`,
    "distropack-cli publish --no-build --file deb-binary=dist/app_amd64.deb   # a matrix leg",
    "distropack-cli publish --build-only   # after every leg: build once, from the uploaded files",
  ],
  notes: versionTagNote(),
  reference: {
    details: `\`upload\` once per file, then \`build\`, in one command:

- Everything is checked before any byte is sent: the version, every file (it exists, is a
  regular file, can be read), the token and the base URL. All the bad files are named in one
  error, so a release is never half uploaded because its last path had a typo.
- \`{version}\` in a path is replaced by the version. A path with \`*\`, \`?\`, \`[...]\` or
  \`{a,b}\` is a glob (\`**\` crosses directories) that must match exactly one regular file;
  quote globs so the shell leaves them alone. On Windows \`\\\` separates directories in a glob as
  in any path there (\`dist\\app-*.zip\`); elsewhere it takes the next character as itself. A
  slot given twice is a usage error.
- The files upload in parallel, --concurrency at a time, streamed and retried as \`upload\` does.
- One failing upload cancels the others, and no build is triggered: the error names the file and
  its slot and lists the slots that did arrive (exit 1).
- Only when every file has arrived is the build triggered, once; then it waits (or not, with
  --no-wait) as \`build\` does, with the same exit codes.
- A run with no file to upload (none given, or a --files that is empty or holds only blank lines
  and comments) is a usage error (exit 2) that sends nothing: an empty CI variable never builds the
  new version from whatever the slots still hold. To build from the files already on the server,
  say so: --build-only (or \`build\`). It takes no --file, --files or --no-build.
- With --no-build, the version is needed only when a path holds \`{version}\` (the upload itself
  takes none), so a matrix leg of a branch build uploads; it is then null in the document.
- --target takes deb, rpm, pacman or any other lower-case name the server knows; a name this
  release does not know is sent as given, with a one-line note on stderr.
- With a release manifest (\`distropack.toml\` in the working directory, or --manifest, or
  DISTROPACK_MANIFEST) it publishes every package the manifest lists, or those --package picks:
  all their files are checked first, upload in one pool, each package is built with one
  trigger and one wait follows every job; the document then has a section per package and the
  exit code is the worst package's. A re-run is resumed per package (below): each has its own
  record, decision and \`state\` in its section, and one wait follows every job still running.
  docs/reference/manifest.md describes the format, what wins over it and that document.

${RERUN_DETAILS}`,
    document: [
      { name: "package_id", type: "string", description: "the package's id" },
      {
        name: "version",
        type: "string | null",
        description: "the version published; null with --no-build when none was needed or found",
      },
      { ...VERSION_SOURCE_FIELD, type: "string | null" },
      {
        name: "uploads",
        type: "object[]",
        description:
          "the uploads that completed (with --dry-run: the planned ones, without seconds)",
      },
      ...nested("uploads[].", RELEASE_UPLOAD_FIELDS),
      {
        name: "build",
        type: "object | null",
        description: "build's own document; null when no build was triggered (--no-build, a " +
          "failed upload, --dry-run)",
      },
      ...nested("build.", [...jobsFields("build"), VERSION_SOURCE_FIELD]),
      ...STATE_FIELDS,
      { name: "dry_run", type: "boolean", description: "with --dry-run only: true" },
      { name: "target", type: "string | null", description: "with --dry-run only: the target" },
      { name: "base_url", type: "string", description: "with --dry-run only: the server" },
    ],
    environment: [...BUILDING, ENV_VARS.manifest],
  },
  handler: (ctx, { values }) => publish(ctx, values),
});

/**
 * Everything is checked before the first byte is sent; then the files
 * upload in parallel, and only when every one has arrived is the build
 * triggered, exactly as `build` does it. A run with no file to upload builds
 * only when told to (`--build-only`): an empty CI variable must not rebuild
 * whatever the slots still hold from the last release.
 */
async function publish(ctx: Context, values: PublishValues): Promise<Outcome> {
  const { os, cwd } = ctx.deps;
  const manifest = await loadManifest({ flag: values.manifest, env: ctx.env, cwd, os });
  if (manifest) return await publishRelease(ctx, values, manifest);
  // --package without a manifest: refused, saying where a manifest is looked for.
  if (values.package.length > 0) requireManifest(values.package);
  const specs = fileSpecs(values);
  const { request, base } = publishBase(ctx, values, specs);
  const files = specs.length === 0
    ? []
    : await resolveFiles(specs, base.version ?? "", ctx.deps.cwd, flavorOf(ctx.deps.os));
  // Checks the token and the base URL; sends nothing.
  const api = await ctx.api();
  const planned = values.dryRun && await plan(ctx, base, files, request ? request.target : null);
  if (planned) return await withRecordedPlan(ctx, planned, request, values, files);
  // A re-run resumes what the record says an earlier run started (upload-only legs keep none).
  const before = await releaseBefore(ctx, api, request, values, files);
  const sending = filesToSend(files, before.decision);
  const uploaded = sending.length === 0 ? { done: [] } : await uploadAll(
    ctx,
    api,
    base.package_id,
    sending,
    values.concurrency,
    before.state?.uploaded,
  );
  const summary: Pick<Outcome, "stepSummary"> = values.summary ? {} : { stepSummary: false };
  // Ended before a build was under way: the uploads that arrived, and no build.
  const unbuilt = (failure: CliError): Outcome => {
    const { signal } = ctx.deps;
    const end: WaitEnd = signal.aborted
      ? { how: "interrupted", signal: stoppedBy(signal) }
      : { how: "error", error: failure };
    return {
      document: { ...base, uploads: uploaded.done, build: null },
      failure,
      report: runReport("publish", base, uploaded.done, { end }, failure),
      ...summary,
    };
  };
  if (uploaded.failure) return unbuilt(uploaded.failure);
  if (!request) return { ...uploadedOnly(base, uploaded.done), ...summary };
  let result: JobsResult;
  try {
    result = resumes(before.decision)
      ? await resumeJobs(ctx, api, request, before.decision)
      : await build(ctx, api, request, before.state?.started);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return unbuilt(error);
  }
  const jobs = jobsOutcome(result);
  return withState({
    ...jobs,
    ...summary,
    document: {
      ...base,
      uploads: uploaded.done,
      build: { ...jobs.document, version_source: base.version_source },
    },
    report: runReport("publish", base, uploaded.done, result, jobs.failure),
  }, before);
}

/**
 * What the run publishes: the package and version, and the build to
 * trigger, none for `--no-build`, which needs a version only when a path
 * holds {version}.
 */
function publishBase(
  ctx: Context,
  values: PublishValues,
  specs: FileSpec[],
): { request?: BuildRequest; base: PublishBase } {
  if (!values.build) {
    const packageId = packageIdFrom(ctx, values.packageId);
    const usesVersion = specs.some((spec) => spec.pattern.includes("{version}"));
    const resolved = uploadVersion(values.version, ctx.env, usesVersion);
    const base = {
      package_id: packageId,
      version: resolved?.version ?? null,
      version_source: resolved?.source ?? null,
    };
    return { base };
  }
  const { request, source } = buildRequest(ctx, values);
  noteUnknownTarget(ctx, request.target);
  const base = { package_id: request.packageId, version: request.version, version_source: source };
  return { request, base };
}

/** `--no-build`: every file arrived; the build is left to a later `publish --build-only`. */
function uploadedOnly(base: PublishBase, uploads: PublishUpload[]): Outcome {
  const version = base.version === null ? "" : `version ${base.version} of `;
  return {
    document: { ...base, uploads, build: null },
    lines: [
      `Uploaded ${uploads.length} file(s) to ${version}package ${base.package_id}; ` +
      "no build was triggered (--no-build).",
    ],
    report: runReport("publish", base, uploads, { end: { how: "uploaded" } }),
  };
}
