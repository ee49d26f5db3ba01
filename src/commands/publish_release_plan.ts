/** The `--dry-run` plan of a manifest `publish`: every package, its files and its build. */
import type { Outcome } from "../run/outcome.ts";
import { formatBytes } from "../text/format.ts";
import type { ReleaseRun } from "./publish_release_outcome.ts";

export function releasePlan(baseUrl: string, run: ReleaseRun): Outcome {
  const from = run.versionSource === "flag" ? "--version" : run.versionSource;
  const lines = [
    run.version === null
      ? `Would upload ${run.entries.length} package(s) to ${baseUrl}:`
      : `Would publish version ${run.version} (from ${from}) of ${run.entries.length} ` +
        `package(s) to ${baseUrl}:`,
  ];
  for (const entry of run.entries) {
    lines.push(`  ${entry.name} (${entry.packageId}, id from ${entry.idSource}):`);
    const width = Math.max(0, ...entry.resolved.map((file) => file.refId.length));
    if (entry.resolved.length === 0) {
      lines.push("    no files (--build-only): the build uses the files already on the server");
    }
    for (const file of entry.resolved) {
      lines.push(`    ${file.refId.padEnd(width)}  ${file.shown} (${formatBytes(file.size)})`);
    }
    const target = entry.buildTarget;
    lines.push(
      !run.build
        ? "    then no build (--no-build)"
        : `    then build ${target ? `the ${target} target` : "all enabled targets"}`,
    );
  }
  lines.push("Dry run: nothing was sent.");
  return {
    document: {
      version: run.version,
      version_source: run.versionSource,
      dry_run: true,
      base_url: baseUrl,
      packages: run.entries.map((entry) => ({
        name: entry.name,
        package_id: entry.packageId,
        package_id_source: entry.idSource,
        target: run.build ? entry.buildTarget ?? null : null,
        uploads: entry.resolved.map((file) => ({
          ref_id: file.refId,
          file: file.shown,
          bytes: file.size,
        })),
        build: null,
      })),
    },
    lines,
  };
}
