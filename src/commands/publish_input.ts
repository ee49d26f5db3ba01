/** What a `publish` run is given to upload, and the version of a run that only uploads. */
import { type ResolvedVersion, resolveVersion } from "../ci/version.ts";
import type { Env } from "../settings/env.ts";
import { UsageError } from "../errors.ts";
import { type FileSpec, parseFileSpecs } from "../files/specs.ts";

/** `--file` and `--files`: what `publish` uploads, and what `check` checks. */
export const FILE_OPTIONS = [
  {
    long: "file",
    value: "slot=path",
    path: true,
    multiple: true,
    description: "a file slot and the file to upload into it; {version} in the path is the " +
      "version; a glob (quoted) must match one file",
  },
  {
    long: "files",
    value: "spec",
    description: 'the same for several files: a JSON object {"slot": "path", ...}, or ' +
      "slot=path lines (blank lines and # comments skipped), as the GitHub Action's files",
  },
] as const;

/** The options of `publish` that say what to upload and whether to build. */
export interface FileFlags {
  file: string[];
  files: string | undefined;
  build: boolean;
  buildOnly: boolean;
}

const BUILD_ONLY_HINT = "to build the version from the files already on the server, without " +
  "uploading, run publish --build-only (or distropack-cli build)";

/**
 * The files to upload, or none with `--build-only`; any other run with no
 * file is a usage error that says how to build without uploading.
 */
export function fileSpecs(values: FileFlags): FileSpec[] {
  const fileFlags = values.file.length > 0 || values.files !== undefined;
  if (values.buildOnly) {
    if (!values.build) {
      throw new UsageError(
        "--build-only and --no-build leave nothing to do: give --build-only to build from the " +
          "files already on the server, or --no-build with files to upload them only.",
      );
    }
    if (fileFlags) {
      const given = values.file.length > 0 ? "--file" : "--files";
      throw new UsageError(
        `--build-only uploads nothing, so it takes no ${given}: drop --build-only to upload ` +
          "the files and then build, or drop the files to build from those already on the server.",
      );
    }
    return [];
  }
  const specs = parseFileSpecs(values.file, values.files);
  if (specs.length > 0) return specs;
  if (!values.build) {
    throw new UsageError(
      "Nothing to do: --no-build with no files. Give --file SLOT=PATH (repeatable) or --files.",
    );
  }
  if (values.files === undefined) {
    throw new UsageError(
      `No file to upload: give --file SLOT=PATH (repeatable) or --files; ${BUILD_ONLY_HINT}.`,
    );
  }
  const what = values.files.trim() === ""
    ? "is empty (an unset CI variable?)"
    : "names no file (only blank lines and comments, or {})";
  throw new UsageError(
    `--files ${what}, so there is nothing to upload. Give the files; ${BUILD_ONLY_HINT}.`,
  );
}

/**
 * The version of an upload-only run. The upload endpoint takes none, so it
 * is needed only when a path holds `{version}`; otherwise a missing or
 * unusable CI tag leaves it unknown (a leg of a branch build), while a bad
 * `--version` is still refused.
 */
export function uploadVersion(
  flag: string | undefined,
  env: Env,
  needed: boolean,
): ResolvedVersion | undefined {
  if (needed || flag !== undefined) return resolveVersion(flag, env);
  try {
    return resolveVersion(flag, env);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}
