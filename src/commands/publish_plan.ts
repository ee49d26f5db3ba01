/** What a `publish` run is about (its package and version), and its `--dry-run` plan. */
import type { Target } from "../api/types.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import { formatBytes } from "../text/format.ts";
import type { ResolvedFile } from "../files/resolve.ts";

/** The run's package and version; with `--no-build` the version may be unknown (null). */
export interface PublishBase {
  package_id: string;
  version: string | null;
  /** `"flag"` for `--version`, else the variable the CI tag came from. */
  version_source?: string | null;
}

/** The `--dry-run` plan: what would be sent, and where. */
export async function plan(
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
