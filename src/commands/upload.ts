/** `upload`: stream one release file into a package's file slot. */
import type { ApiClient } from "../api/client.ts";
import type { Context } from "../run/context.ts";
import { deadlineAfter } from "../sleep.ts";
import { CliError, InterruptedError, stoppedBy, WaitTimeoutError } from "../errors.ts";
import { formatDuration } from "../text/duration.ts";
import { type UploadReporter, uploadReporter } from "../output/upload_progress.ts";
import { type NotUploadable, problemOf, uploadable } from "../files/uploadable.ts";
import { basename, flavorOf, resolve } from "../path.ts";
import { checkedSlot } from "../text/names.ts";
import { ENV_VARS } from "../settings/env.ts";
import { UPLOAD_FIELDS } from "./documents.ts";
import { CONFIG_FILE, EVERY_RUN, SERVER } from "./environment.ts";
import { defineCommand } from "./handler.ts";
import { PACKAGE_ID_OPTION, UPLOAD_TIMEOUT_OPTION } from "./options.ts";
import { packageIdFrom, progressEnv } from "./shared.ts";
import type { StreamDigest } from "../release/state_digest.ts";

export const uploadCommand = defineCommand({
  name: "upload",
  summary: "upload a release file into a package's file slot (streamed; retried on failure)",
  options: [
    PACKAGE_ID_OPTION,
    {
      long: "ref-id",
      value: "slot",
      required: true,
      description: "the file slot's reference id (access name), e.g. source-tarball",
    },
    {
      long: "file",
      value: "path",
      path: true,
      required: true,
      description: "the file to upload; its base name is sent as the file name",
    },
    UPLOAD_TIMEOUT_OPTION,
  ],
  examples: [
    'distropack-cli upload --package-id "$ID" --ref-id source-tarball --file dist/app-1.0.0.tar.gz',
    "DISTROPACK_PACKAGE_ID=... distropack-cli upload --ref-id changelog --file CHANGELOG.md --json",
  ],
  reference: {
    details: `The file is streamed from disk, so memory use stays the same whatever its size. A
missing file, a directory, a pipe or an unreadable file is reported with its path before anything
is sent. A file that grows or shrinks while it is read fails (exit 1): the server would otherwise
keep a file that is neither the old one nor the new one. Uploading again to the same slot replaces the file.`,
    document: [
      { name: "package_id", type: "string", description: "the package's id" },
      ...UPLOAD_FIELDS,
    ],
    environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ENV_VARS.packageId],
  },
  handler: async (ctx, { values }) => {
    const packageId = packageIdFrom(ctx, values.packageId);
    const refId = checkedSlot(values.refId, "--ref-id");
    const shown = values.file;
    const path = resolve(ctx.deps.cwd, shown, flavorOf(ctx.deps.os));
    const size = await checkFile(path, shown);
    const api = await ctx.api();
    const timeoutMs = values.timeout;
    const deadline = deadlineAfter(ctx.deps, timeoutMs);
    try {
      const document = await uploadFile(ctx, api, { packageId, refId, path, shown, size }, {
        signal: AbortSignal.any([ctx.signal, deadline.signal]),
      });
      return { document: { ...document }, lines: ["File uploaded successfully!"] };
    } catch (error) {
      if (deadline.signal.aborted) {
        throw new WaitTimeoutError(
          `Timed out after ${formatDuration(timeoutMs)} uploading ${shown}; the upload was ` +
            "stopped and is not complete. Run the command again, with a longer --timeout.",
        );
      }
      throw error;
    } finally {
      deadline.cancel();
    }
  },
});

/** One file to upload, checked: `path` is absolute, `shown` as the user gave it. */
export interface UploadSpec {
  packageId: string;
  refId: string;
  path: string;
  shown: string;
  size: number;
}

/** The `--json` shape of `upload`, and of each file of `publish`. */
export interface UploadDocument {
  package_id: string;
  ref_id: string;
  file: string;
  bytes: number;
  /** SHA-256 of the bytes sent, computed while they streamed: `publish`'s uploads only. */
  sha256?: string;
  seconds: number;
}

/**
 * Uploads a checked file into a package's slot, streamed from disk so memory
 * stays constant whatever its size, with progress as the terminal allows.
 * Stops when `signal` fires.
 */
export async function uploadFile(
  ctx: Context,
  api: ApiClient,
  spec: UploadSpec,
  { signal, reporter: given, digest }: {
    signal: AbortSignal;
    reporter?: UploadReporter;
    /** Hash the bytes as they stream, for the document's sha256 (publish's release state). */
    digest?: StreamDigest;
  },
): Promise<UploadDocument> {
  const filename = basename(spec.path, flavorOf(ctx.deps.os));
  const reporter = given ?? await uploadReporter(
    ctx.output,
    { filename, size: spec.size, packageId: spec.packageId, refId: spec.refId },
    progressEnv(ctx),
  );
  const started = ctx.deps.monotonic();
  let sent = 0;
  try {
    await api.uploadFile({
      packageId: spec.packageId,
      refId: spec.refId,
      filename,
      size: spec.size,
      open: async () => {
        const source = await openFile(spec.path, spec.shown);
        return digest ? await digest.wrap(source) : source;
      },
      signal,
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
  } catch (error) {
    // Said of this file, whatever the API layer said of the call it stopped.
    if (ctx.signal.aborted) {
      throw new InterruptedError(
        `Interrupted while uploading ${spec.shown}; the upload is not complete.`,
        stoppedBy(ctx.signal),
      );
    }
    throw error;
  } finally {
    reporter.stop();
  }
  return {
    package_id: spec.packageId,
    ref_id: spec.refId,
    file: spec.shown,
    bytes: sent,
    seconds: Math.round(ctx.deps.monotonic() - started) / 1000,
    ...(digest ? { sha256: (await digest.digest()).sha256 } : {}),
  };
}

/** The file's size, or an error naming the path when it cannot be uploaded. */
async function checkFile(path: string, shown: string): Promise<number> {
  const checked = await uploadable(path);
  if ("size" in checked) return checked.size;
  throw cannotUpload(shown, checked);
}

/** The error for a file that cannot be uploaded, naming it as the user gave it. */
function cannotUpload(shown: string, checked: NotUploadable): CliError {
  switch (checked.problem) {
    case "a directory":
      return new CliError(`${shown} is a directory. Pass the path of the file to upload.`);
    case "not a regular file":
      return new CliError(
        `${shown} is not a regular file. Save it to a file first, then upload that.`,
      );
    case "not found":
      return new CliError(`File not found: ${shown}. Check the path given to --file.`);
    case "permission denied":
      return new CliError(`Cannot read ${shown}: permission denied.`);
    case "unreadable":
      return new CliError(`Cannot read ${shown}: ${checked.reason}.`);
  }
}

async function openFile(path: string, shown: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    throw cannotUpload(shown, problemOf(error));
  }
}
