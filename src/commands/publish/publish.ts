import type { ApiClient } from "../../api/client.ts";
import type { Target } from "../../api/types.ts";
import type { Context } from "../../run/context.ts";
import { type Handler, handlerOf, type InvocationOf } from "../../cli/define.ts";
import type { Outcome } from "../../run/outcome.ts";
import { runReport } from "../../ci/report.ts";
import { type ResolvedVersion, resolveVersion } from "../../ci/version.ts";
import type { Env } from "../../settings/env.ts";
import { CliError, InterruptedError, stoppedBy, UsageError, withSuffix } from "../../errors.ts";
import { formatBytes } from "../../text/format.ts";
import { uploadGroup } from "../../output/upload_group.ts";
import { basename, flavorOf } from "../../path.ts";
import { type FileSpec, parseFileSpecs } from "../../files/specs.ts";
import { type ResolvedFile, resolveFiles } from "../../files/resolve.ts";
import { runPool } from "../../files/pool.ts";
import { build, type BuildRequest, buildRequest, noteUnknownTarget } from "../build/build.ts";
import { jobsOutcome, type JobsResult, type WaitEnd } from "../waiting.ts";
import { packageIdFrom, progressEnv } from "../shared.ts";
import { type UploadDocument, uploadFile } from "../upload/upload.ts";
import type { publishCommand } from "./command.ts";

type PublishUpload = Omit<UploadDocument, "package_id">;

/**
 * Everything is checked before the first byte is sent; then the files
 * upload in parallel, and only when every one has arrived is the build
 * triggered, exactly as `build` does it. A run with no file to upload builds
 * only when told to (`--build-only`): an empty CI variable must not rebuild
 * whatever the slots still hold from the last release.
 */
export const publishHandler: Handler = handlerOf<typeof publishCommand>(async (ctx, { values }) => {
  const specs = fileSpecs(values);
  const uploadOnly = !values.build;
  let request: BuildRequest | undefined;
  let base: PublishBase;
  if (uploadOnly) {
    const packageId = packageIdFrom(ctx, values.packageId);
    const usesVersion = specs.some((spec) => spec.pattern.includes("{version}"));
    const resolved = uploadVersion(values.version, ctx.env, usesVersion);
    base = {
      package_id: packageId,
      version: resolved?.version ?? null,
      version_source: resolved?.source ?? null,
    };
  } else {
    const built = buildRequest(ctx, values);
    request = built.request;
    base = {
      package_id: request.packageId,
      version: request.version,
      version_source: built.source,
    };
    noteUnknownTarget(ctx, request.target);
  }
  const files = specs.length === 0
    ? []
    : await resolveFiles(specs, base.version ?? "", ctx.deps.cwd, flavorOf(ctx.deps.os));
  // Checks the token and the base URL; sends nothing.
  const api = await ctx.api();
  if (values.dryRun) return await plan(ctx, base, files, request ? request.target : null);

  const uploaded = files.length === 0
    ? { done: [] }
    : await uploadAll(ctx, api, base.package_id, files, values.concurrency);
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
    result = await build(ctx, api, request);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return unbuilt(error);
  }
  const jobs = jobsOutcome(result);
  return {
    ...jobs,
    ...summary,
    document: {
      ...base,
      uploads: uploaded.done,
      build: { ...jobs.document, version_source: base.version_source },
    },
    report: runReport("publish", base, uploaded.done, result, jobs.failure),
  };
});

/** The run's package and version; with `--no-build` the version may be unknown (null). */
interface PublishBase {
  package_id: string;
  version: string | null;
  /** `"flag"` for `--version`, else the variable the CI tag came from. */
  version_source?: string | null;
}

const BUILD_ONLY_HINT = "to build the version from the files already on the server, without " +
  "uploading, run publish --build-only (or distropack-cli build)";

/**
 * The files to upload, or none with `--build-only`; any other run with no
 * file is a usage error that says how to build without uploading.
 */
function fileSpecs(values: InvocationOf<typeof publishCommand>["values"]): FileSpec[] {
  const fileFlags = values.file.length > 0 || values.files !== undefined;
  if (values.buildOnly) {
    if (!values.build) {
      throw new UsageError(
        "--build-only and --no-build leave nothing to do: give --build-only to build from the " +
          "files already on the server, or --no-build with files to upload them only.",
      );
    }
    if (fileFlags) {
      const given = values.file.length > 0 ? "--file" : "--files";
      throw new UsageError(
        `--build-only uploads nothing, so it takes no ${given}: drop --build-only to upload ` +
          "the files and then build, or drop the files to build from those already on the server.",
      );
    }
    return [];
  }
  const specs = parseFileSpecs(values.file, values.files);
  if (specs.length > 0) return specs;
  if (!values.build) {
    throw new UsageError(
      "Nothing to do: --no-build with no files. Give --file SLOT=PATH (repeatable) or --files.",
    );
  }
  if (values.files === undefined) {
    throw new UsageError(
      `No file to upload: give --file SLOT=PATH (repeatable) or --files; ${BUILD_ONLY_HINT}.`,
    );
  }
  const what = values.files.trim() === ""
    ? "is empty (an unset CI variable?)"
    : "names no file (only blank lines and comments, or {})";
  throw new UsageError(
    `--files ${what}, so there is nothing to upload. Give the files; ${BUILD_ONLY_HINT}.`,
  );
}

/**
 * The version of an upload-only run. The upload endpoint takes none, so it
 * is needed only when a path holds `{version}`; otherwise a missing or
 * unusable CI tag leaves it unknown (a leg of a branch build), while a bad
 * `--version` is still refused.
 */
function uploadVersion(
  flag: string | undefined,
  env: Env,
  needed: boolean,
): ResolvedVersion | undefined {
  if (needed || flag !== undefined) return resolveVersion(flag, env);
  try {
    return resolveVersion(flag, env);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
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

/** The `--dry-run` plan: what would be sent, and where. */
async function plan(
  ctx: Context,
  base: PublishBase,
  files: ResolvedFile[],
  /** null: no build (`--no-build`). */
  target: Target | undefined | null,
): Promise<Outcome> {
  const baseUrl = (await ctx.settings()).baseUrl.value;
  const from = base.version_source === "flag" ? "--version" : base.version_source;
  const width = Math.max(...files.map((file) => file.refId.length));
  const what = base.version === null
    ? `Would upload to package ${base.package_id}`
    : `Would publish version ${base.version} (from ${from}) of package ${base.package_id}`;
  return {
    document: {
      ...base,
      dry_run: true,
      target: target ?? null,
      base_url: baseUrl,
      uploads: files.map((file) => ({ ref_id: file.refId, file: file.shown, bytes: file.size })),
      build: null,
    },
    lines: [
      `${what} to ${baseUrl}:`,
      ...(files.length === 0
        ? ["  no files (--build-only): the build uses the files already on the server"]
        : files.map((file) =>
          `  ${file.refId.padEnd(width)}  ${file.shown} (${formatBytes(file.size)})`
        )),
      target === null
        ? "Then no build (--no-build)."
        : `Then build ${target ? `the ${target} target` : "all enabled targets"}.`,
      "Dry run: nothing was sent.",
    ],
  };
}

/**
 * Uploads the files, `concurrency` at a time over the one client. When one
 * fails for good the others are cancelled, and the failure names the file
 * and the slots that did arrive.
 */
async function uploadAll(
  ctx: Context,
  api: ApiClient,
  packageId: string,
  files: ResolvedFile[],
  concurrency: number,
): Promise<{ done: PublishUpload[]; failure?: CliError }> {
  const flavor = flavorOf(ctx.deps.os);
  const group = await uploadGroup(
    ctx.output,
    files.map((file) => ({
      filename: basename(file.path, flavor),
      size: file.size,
      packageId,
      refId: file.refId,
    })),
    progressEnv(ctx),
  );
  const pool = await ctx.output.section(
    "distropack_uploads",
    "Uploading the release files",
    () =>
      runPool(
        files.map((file, index) => (signal: AbortSignal) =>
          uploadFile(ctx, api, { packageId, ...file }, {
            signal,
            reporter: group.reporters[index],
          })
        ),
        concurrency,
        ctx.signal,
      ),
  ).finally(() => group.stop());
  const done = pool.results.filter((doc): doc is UploadDocument => doc !== undefined)
    .map(({ package_id: _, ...upload }) => upload);
  if (!pool.failure) return { done };
  const file = files[pool.failure.index];
  const slots = done.length > 0 ? done.map((upload) => upload.ref_id).join(", ") : "none";
  const what = `Uploaded slots: ${slots}. No build was triggered.`;
  const { error } = pool.failure;
  if (!(error instanceof CliError)) throw error;
  if (error instanceof InterruptedError) return { done, failure: withSuffix(error, what) };
  // The same error (a refused token stays exit 3), said of this file, its prefix said once.
  const reason = error.message.replace(
    /^Could not upload the file(?: to slot '[^']*' of package .*?)?: /,
    "",
  );
  const named = `Could not upload ${file.shown} (slot ${file.refId}): ${reason}`;
  return { done, failure: withSuffix(reworded(error, named), what) };
}

/** The same error (class, exit code, code) saying `message` instead. */
function reworded<E extends CliError>(error: E, message: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error) as E;
  Object.defineProperty(copy, "message", { value: message, writable: true, configurable: true });
  return copy;
}
