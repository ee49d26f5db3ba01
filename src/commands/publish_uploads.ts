/** `publish`'s uploads: every file at once, a few at a time, and the failure that names the file. */
import type { ApiClient } from "../api/client.ts";
import type { Context } from "../run/context.ts";
import { AuthError, CliError, InterruptedError, withSuffix } from "../errors.ts";
import { uploadGroup } from "../output/upload_group.ts";
import { basename, flavorOf } from "../path.ts";
import type { ResolvedFile } from "../files/resolve.ts";
import { runPool } from "../files/pool.ts";
import { progressEnv } from "./shared.ts";
import { StreamDigest } from "../release/state_digest.ts";
import { type UploadDocument, uploadFile } from "./upload.ts";

/** One upload of `publish`, as its document lists it: the package is said once, above. */
export type PublishUpload = Omit<UploadDocument, "package_id">;

/** What one package's uploads came to: those that arrived, and the failure that ended them. */
export interface UploadsResult {
  done: PublishUpload[];
  failure?: CliError;
}

/** Told of each file as it arrives, before the next step (the release state records it). */
type Arrived = (slot: string, digest: { sha256: string; bytes: number }) => Promise<void>;

/** One package's files to upload. */
export interface UploadGroup {
  packageId: string;
  files: ResolvedFile[];
  /** The manifest's name for the package, said in the log's section title. */
  name?: string;
  arrived?: Arrived;
}

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
  arrived?: Arrived,
): Promise<UploadsResult> {
  const [result] = await uploadPackages(ctx, api, [{ packageId, files, arrived }], concurrency);
  return result;
}

/**
 * Uploads the files of several packages in one pool, `concurrency` at a
 * time. A failure cancels only its own package's other uploads (that
 * package is not built); the other packages' go on. Stopping the run stops
 * them all.
 */
export async function uploadPackages(
  ctx: Context,
  api: ApiClient,
  groups: UploadGroup[],
  concurrency: number,
): Promise<UploadsResult[]> {
  const flavor = flavorOf(ctx.deps.os);
  const all = groups.flatMap((group, g) => group.files.map((file) => ({ g, file })));
  const progress = await uploadGroup(
    ctx.output,
    all.map(({ g, file }) => ({
      filename: basename(file.path, flavor),
      size: file.size,
      packageId: groups[g].packageId,
      refId: file.refId,
    })),
    progressEnv(ctx),
  );
  const cancels = groups.map(() => new AbortController());
  const failures: Array<{ index: number; error: unknown } | undefined> = groups.map(() =>
    undefined
  );
  const names = groups.flatMap((group) => group.name === undefined ? [] : [group.name]);
  const pool = await ctx.output.section(
    "distropack_uploads",
    names.length === 0
      ? "Uploading the release files"
      : `Uploading the release files of ${names.join(", ")}`,
    () =>
      runPool(
        all.map(({ g, file }, index) => async (signal: AbortSignal) => {
          const own = AbortSignal.any([signal, cancels[g].signal]);
          if (own.aborted) return undefined;
          const packageId = groups[g].packageId;
          try {
            const doc = await uploadFile(ctx, api, { packageId, ...file }, {
              signal: own,
              reporter: progress.reporters[index],
              digest: new StreamDigest(),
            });
            await groups[g].arrived?.(doc.ref_id, { sha256: doc.sha256!, bytes: doc.bytes });
            return doc;
          } catch (error) {
            // Cancelled for a sibling's failure: that failure, recorded first, is the cause.
            if (own.aborted && !ctx.signal.aborted) return undefined;
            // The run's stop, or a refused token (every package needs it), ends every package.
            if (groups.length === 1 || ctx.signal.aborted || error instanceof AuthError) {
              throw error;
            }
            failures[g] ??= { index, error };
            cancels[g].abort("a sibling failed");
            return undefined;
          }
        }),
        concurrency,
        ctx.signal,
      ),
  ).finally(() => progress.stop());
  if (pool.failure) failures[all[pool.failure.index].g] ??= pool.failure;
  return groups.map((_group, g) => {
    const done = all.flatMap(({ g: of }, index) => {
      const doc = pool.results[index];
      return of === g && doc !== undefined ? [doc] : [];
    }).map(({ package_id: _, ...upload }) => upload);
    // A failure that ended the whole pool ends each package whose files did not all arrive.
    const cut = pool.failure && done.length < groups[g].files.length ? pool.failure : undefined;
    const failed = failures[g] ?? cut;
    if (!failed) return { done };
    return { done, failure: namedFailure(all[failed.index].file, done, failed.error) };
  });
}

/** The failure of an upload, said of its file, with the slots that did arrive. */
function namedFailure(file: ResolvedFile, done: PublishUpload[], error: unknown): CliError {
  const slots = done.length > 0 ? done.map((upload) => upload.ref_id).join(", ") : "none";
  const what = `Uploaded slots: ${slots}. No build was triggered.`;
  if (!(error instanceof CliError)) throw error;
  if (error instanceof InterruptedError) return withSuffix(error, what);
  // The same error (a refused token stays exit 3), said of this file, its prefix said once.
  const reason = error.message.replace(
    /^Could not upload the file(?: to slot '[^']*' of package .*?)?: /,
    "",
  );
  const named = `Could not upload ${file.shown} (slot ${file.refId}): ${reason}`;
  return withSuffix(reworded(error, named), what);
}

/** The same error (class, exit code, code) saying `message` instead. */
export function reworded<E extends CliError>(error: E, message: string): E {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(error)), error) as E;
  Object.defineProperty(copy, "message", { value: message, writable: true, configurable: true });
  return copy;
}
