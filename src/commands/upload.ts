import { basename, resolve } from "node:path";
import type { Context } from "../context.ts";
import { CliError } from "../errors.ts";
import { uploadReporter } from "../output/upload_progress.ts";
import { packageIdFrom, progressEnv } from "./_shared.ts";

export interface UploadOptions {
  packageId?: string;
  refId: string;
  file: string;
}

/** The `--json` shape of `upload`. */
export interface UploadResult {
  package_id: string;
  ref_id: string;
  file: string;
  bytes: number;
}

/**
 * Uploads a file into a package's slot, streamed from disk so memory stays
 * constant whatever its size. The file is checked before anything is sent.
 */
export async function upload(ctx: Context, options: UploadOptions): Promise<UploadResult> {
  const packageId = packageIdFrom(ctx, options.packageId);
  const shown = options.file;
  const path = resolve(ctx.deps.cwd, shown);
  const size = await checkFile(path, shown);
  const api = await ctx.api();
  const filename = basename(path);
  const reporter = await uploadReporter(
    ctx.output,
    { filename, size, packageId, refId: options.refId },
    progressEnv(ctx),
  );
  let sent = 0;
  try {
    await api.uploadFile({
      packageId,
      refId: options.refId,
      filename,
      size,
      open: () => openFile(path, shown),
      onAttempt: (attempt) => {
        sent = 0;
        reporter.attempt(attempt);
      },
      onProgress: (bytes) => {
        sent = bytes;
        reporter.progress(bytes);
      },
    });
    reporter.finish();
  } finally {
    reporter.stop();
  }
  return { package_id: packageId, ref_id: options.refId, file: shown, bytes: sent };
}

export function renderUpload(ctx: Context, result: UploadResult): void {
  ctx.output.result("File uploaded successfully!");
  ctx.output.json(result);
}

/** The file's size, or an error naming the path when it cannot be uploaded. */
async function checkFile(path: string, shown: string): Promise<number> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw unreadable(shown, error);
  }
  if (info.isDirectory) {
    throw new CliError(`${shown} is a directory. Pass the path of the file to upload.`);
  }
  if (!info.isFile) {
    // A pipe cannot be read twice, and a retried upload starts again from the first byte.
    throw new CliError(
      `${shown} is not a regular file. Save it to a file first, then upload that.`,
    );
  }
  (await openFile(path, shown)).close();
  return info.size;
}

async function openFile(path: string, shown: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    throw unreadable(shown, error);
  }
}

function unreadable(shown: string, error: unknown): CliError {
  if (error instanceof Deno.errors.NotFound) {
    return new CliError(`File not found: ${shown}. Check the path given to --file.`);
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new CliError(`Cannot read ${shown}: permission denied.`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CliError(`Cannot read ${shown}: ${reason}.`, { cause: error });
}
