/** `publish`'s uploads: every file at once, a few at a time, and the failure that names the file. */
import type { ApiClient } from "../api/client.ts";
import type { Context } from "../run/context.ts";
import { CliError, InterruptedError, withSuffix } from "../errors.ts";
import { uploadGroup } from "../output/upload_group.ts";
import { basename, flavorOf } from "../path.ts";
import type { ResolvedFile } from "../files/resolve.ts";
import { runPool } from "../files/pool.ts";
import { progressEnv } from "./shared.ts";
import { type UploadDocument, uploadFile } from "./upload.ts";

/** One upload of `publish`, as its document lists it: the package is said once, above. */
export type PublishUpload = Omit<UploadDocument, "package_id">;

/**
 * Uploads the files, `concurrency` at a time over the one client. When one
 * fails for good the others are cancelled, and the failure names the file
 * and the slots that did arrive.
 */
export async function uploadAll(
  ctx: Context,
  api: ApiClient,
  packageId: string,
  files: ResolvedFile[],
  concurrency: number,
  /** Called as each file arrives, before the next step (the release state records it). */
  arrived?: (slot: string, digest: { sha256: string; bytes: number }) => Promise<void>,
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
          }).then(async (doc) => {
            await arrived?.(doc.ref_id, { sha256: doc.sha256, bytes: doc.bytes });
            return doc;
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
