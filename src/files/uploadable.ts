/**
 * Whether a file can be uploaded, checked before anything is sent: it
 * exists, is a regular file (a pipe cannot be read twice, and a retried
 * upload starts again from the first byte) and can be opened.
 */
export type Uploadable = { size: number } | {
  problem: "not found" | "a directory" | "not a regular file" | "permission denied" | "unreadable";
  /** The system's words, for "unreadable". */
  reason?: string;
};

/** Why a file cannot be uploaded. */
export type NotUploadable = Exclude<Uploadable, { size: number }>;

export async function uploadable(path: string): Promise<Uploadable> {
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) return { problem: "a directory" };
    if (!info.isFile) return { problem: "not a regular file" };
    (await Deno.open(path, { read: true })).close();
    return { size: info.size };
  } catch (error) {
    return problemOf(error);
  }
}

/** What a failed stat or open says of the file. */
export function problemOf(error: unknown): NotUploadable {
  if (error instanceof Deno.errors.NotFound) return { problem: "not found" };
  if (error instanceof Deno.errors.PermissionDenied) return { problem: "permission denied" };
  return { problem: "unreadable", reason: error instanceof Error ? error.message : String(error) };
}
