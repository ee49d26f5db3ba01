import type { ApiClient } from "../../api/client.ts";
import type { Target } from "../../api/types.ts";
import { explainApiFailure } from "../../cli/advice.ts";
import type { Context } from "../../cli/context.ts";
import type { Handler } from "../../cli/define.ts";
import type { Outcome } from "../../cli/outcome.ts";
import type { PublishReport } from "../../ci/report.ts";
import { CliError, InterruptedError, UsageError, withSuffix } from "../../errors.ts";
import { formatBytes } from "../../output/format.ts";
import { uploadGroup } from "../../output/upload_group.ts";
import { basename, flavorOf } from "../../path.ts";
import { parseFileSpecs, type ResolvedFile, resolveFiles } from "../../publish/files.ts";
import { runPool } from "../../publish/pool.ts";
import { build, buildRequest } from "../build/build.ts";
import { jobsReport, reportFailure } from "../report.ts";
import { jobsOutcome, type JobsResult } from "../jobs.ts";
import { gitlabSection } from "../sections.ts";
import { progressEnv } from "../shared.ts";
import { type UploadDocument, uploadFile } from "../upload/upload.ts";

type PublishUpload = Omit<UploadDocument, "package_id">;

/**
 * Everything is checked before the first byte is sent; then the files
 * upload in parallel, and only when every one has arrived is the build
 * triggered, exactly as `build` does it.
 */
export const publishHandler: Handler = async (ctx, { values }) => {
  const { request, source } = buildRequest(ctx, values);
  const { packageId, version, target } = request;
  const specs = parseFileSpecs(
    (values.file as string[] | undefined) ?? [],
    values.files as string | undefined,
  );
  const uploadOnly = values.build === false;
  if (specs.length === 0 && uploadOnly) {
    throw new UsageError(
      "Nothing to do: --no-build with no files. Give --file REF=PATH (repeatable) or --files JSON.",
    );
  }
  const files = specs.length === 0 ? [] : await resolveFiles(specs, version, ctx.deps.cwd);
  // Checks the token and the base URL; sends nothing.
  const api = await ctx.api();
  const base = { package_id: packageId, version, version_source: source };
  if (values["dry-run"] === true) return await plan(ctx, base, files, uploadOnly ? null : target);

  const uploaded = files.length === 0
    ? { done: [] }
    : await uploadAll(ctx, api, packageId, files, values.concurrency as number);
  const report = (result?: JobsResult) => jobsReport("publish", base, uploaded.done, result);
  const summary: Pick<Outcome, "stepSummary"> = values.summary === false
    ? { stepSummary: false }
    : {};
  // Ended before a build was under way: the uploads that arrived, and no build.
  const unbuilt = (failure: CliError): Outcome => ({
    document: { ...base, uploads: uploaded.done, build: null },
    failure,
    report: reportFailure(report(), failure),
  });
  if (uploaded.failure) return { ...unbuilt(uploaded.failure), ...summary };
  if (uploadOnly) return { ...uploadedOnly(base, uploaded.done, report()), ...summary };
  let result: JobsResult;
  try {
    result = await build(ctx, api, request);
  } catch (thrown) {
    const error = explainApiFailure(thrown) ?? thrown;
    if (!(error instanceof CliError)) throw error;
    return { ...unbuilt(error), ...summary };
  }
  const jobs = jobsOutcome(ctx, result);
  return {
    ...jobs,
    ...summary,
    document: {
      ...base,
      uploads: uploaded.done,
      build: { ...jobs.document, version_source: source },
    },
    report: reportFailure(report(result), jobs.failure),
  };
};

/** `--no-build`: every file arrived; the build is left to a later `publish` without files. */
function uploadedOnly(
  base: { package_id: string; version: string; version_source: string },
  uploads: PublishUpload[],
  report: PublishReport,
): Outcome {
  return {
    document: { ...base, uploads, build: null },
    lines: [
      `Uploaded ${uploads.length} file(s) to version ${base.version} of package ` +
      `${base.package_id}; no build was triggered (--no-build).`,
    ],
    report: { ...report, outcome: "uploaded" },
  };
}

/** The `--dry-run` plan: what would be sent, and where. */
async function plan(
  ctx: Context,
  base: { package_id: string; version: string; version_source: string },
  files: ResolvedFile[],
  /** null: no build (`--no-build`). */
  target: Target | undefined | null,
): Promise<Outcome> {
  const baseUrl = (await ctx.settings()).baseUrl.value;
  const from = base.version_source === "flag" ? "--version" : base.version_source;
  const width = Math.max(...files.map((file) => file.refId.length));
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
      `Would publish version ${base.version} (from ${from}) of package ${base.package_id} ` +
      `to ${baseUrl}:`,
      ...files.map((file) =>
        `  ${file.refId.padEnd(width)}  ${file.shown} (${formatBytes(file.size)})`
      ),
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
  const pool = await gitlabSection(
    ctx,
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
        ctx.deps.signal,
      ),
  ).finally(() => group.stop());
  const done = pool.results.filter((doc): doc is UploadDocument => doc !== undefined)
    .map(({ package_id: _, ...upload }) => upload);
  if (!pool.failure) return { done };
  const file = files[pool.failure.index];
  const slots = done.length > 0 ? done.map((upload) => upload.ref_id).join(", ") : "none";
  const what = `Uploaded slots: ${slots}. No build was triggered.`;
  const error = explainApiFailure(pool.failure.error) ?? pool.failure.error;
  if (error instanceof InterruptedError) return { done, failure: withSuffix(error, what) };
  const reason = error instanceof Error ? error.message : String(error);
  return {
    done,
    failure: new CliError(
      `Could not upload ${file.shown} (slot ${file.refId}): ${reason} ${what}`,
      {
        cause: error,
      },
    ),
  };
}
