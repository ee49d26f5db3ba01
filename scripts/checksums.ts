/**
 * Writes checksums.txt for every file in a directory (a release's assets):
 *
 *   deno task checksums [dist]
 */
import { CHECKSUMS_FILE, checksumsText, sha256Hex } from "./release_assets.ts";

/** Checksums every file in `dir`, or only those `include` accepts, into `dir`/checksums.txt. */
export async function writeChecksums(
  dir: string,
  include: (name: string) => boolean = () => true,
): Promise<string> {
  const entries: { name: string; sha256: string }[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || entry.name === CHECKSUMS_FILE || !include(entry.name)) continue;
    entries.push({
      name: entry.name,
      sha256: await sha256Hex(await Deno.readFile(`${dir}/${entry.name}`)),
    });
  }
  const text = checksumsText(entries);
  await Deno.writeTextFile(`${dir}/${CHECKSUMS_FILE}`, text);
  return text;
}

if (import.meta.main) {
  await writeChecksums(Deno.args[0] ?? "dist");
}
