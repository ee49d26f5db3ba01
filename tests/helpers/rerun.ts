/** The one-package release the re-run tests publish again and again. */

/** `publish` of 1.2.3 of package p: a tarball and a changelog, polling fast. */
export const PUBLISH_ONE = [
  "publish",
  "--package-id",
  "p",
  "--version",
  "1.2.3",
  "--file",
  "source-tarball=app.tar.gz",
  "--file",
  "changelog=CHANGELOG.md",
  "--interval",
  "0.05",
];

/** Writes the release's two files into `dir`. */
export async function writeOneRelease(dir: string): Promise<void> {
  await Deno.writeTextFile(`${dir}/app.tar.gz`, "tarball bytes");
  await Deno.writeTextFile(`${dir}/CHANGELOG.md`, "# 1.2.3\n");
}
