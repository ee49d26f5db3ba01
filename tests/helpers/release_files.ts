/** The files of a release on disk, as a build leaves them, for publish to upload. */

/** `size` random bytes. */
export function random(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) {
    crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
  }
  return bytes;
}

/** A release directory with three files: a tarball named by version, a changelog, a checksum. */
export async function release(dir: string, version = "1.2.3") {
  await Deno.mkdir(`${dir}/dist`);
  const files = {
    tarball: { path: `${dir}/dist/app-${version}.tar.gz`, bytes: random(3 * 1024 * 1024 + 7) },
    changelog: { path: `${dir}/CHANGELOG.md`, bytes: new TextEncoder().encode("# 1.2.3\n") },
    sums: { path: `${dir}/dist/SHA256SUMS`, bytes: random(4096) },
  };
  for (const file of Object.values(files)) await Deno.writeFile(file.path, file.bytes);
  return files;
}
