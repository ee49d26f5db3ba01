/**
 * The `--json` documents that several commands print, declared once for the
 * docs; each command's declaration lists its own fields with these.
 */
import type { DocumentField } from "../cli/define.ts";
import { ERROR_CODES } from "../errors.ts";

/** Prefixes each field's name: the fields of `uploads[]` from those of an upload. */
export function nested(prefix: string, fields: readonly DocumentField[]): DocumentField[] {
  return fields.map((field) => ({ ...field, name: `${prefix}${field.name}` }));
}

/**
 * What `build` and `status` print about jobs (src/commands/jobs_outcome.ts), said
 * of each: status is given job ids, so it has no package, version, target
 * or --no-wait, and prints those fields as null to keep build's shape.
 */
export function jobsFields(of: "build" | "status"): DocumentField[] {
  const build = of === "build";
  const statusNull = "always null: status is given job ids, not a package and a version";
  return [
    {
      name: "package_id",
      type: build ? "string" : "null",
      description: build ? "the package's id" : statusNull,
    },
    {
      name: "version",
      type: build ? "string" : "null",
      description: build ? "the version built" : statusNull,
    },
    {
      name: "target",
      type: build ? "string | null" : "null",
      description: build
        ? "the one target built (deb, rpm, pacman); null for all enabled targets"
        : statusNull,
    },
    { name: "job_ids", type: "string[]", description: "the build jobs' ids, in order" },
    { name: "jobs", type: "object[]", description: "one entry per job id, in the same order" },
    { name: "jobs[].job_id", type: "string", description: "the job's id" },
    {
      name: "jobs[].name",
      type: "string | null",
      description: "the job's target as the server names it; null until the server reports the job",
    },
    {
      name: "jobs[].status",
      type: "string | null",
      description: "the server's status, e.g. running, finished or failed; null until it reports " +
        `the job${build ? " (always null with --no-wait)" : ""}`,
    },
    {
      name: "jobs[].fail_message",
      type: "string | null",
      description: "why a failed job failed, as the server says",
    },
    {
      name: "jobs[].technical_error",
      type: "string | null",
      description: "the technical detail of a failure, as the server says",
    },
    { name: "all_finished", type: "boolean", description: "every job has ended" },
    { name: "any_failed", type: "boolean", description: "at least one job has failed" },
  ];
}

export const VERSION_SOURCE_FIELD: DocumentField = {
  name: "version_source",
  type: "string",
  description: "where the version came from: flag for --version, else the variable holding " +
    "the CI's tag, e.g. GITHUB_REF_NAME",
};

/** What one upload reports (`upload`, and each of `publish`'s uploads). */
export const UPLOAD_FIELDS: readonly DocumentField[] = [
  { name: "ref_id", type: "string", description: "the file slot uploaded into" },
  { name: "file", type: "string", description: "the file, as given on the command line" },
  { name: "bytes", type: "number", description: "the bytes sent" },
  {
    name: "seconds",
    type: "number",
    description: "how long the upload took, retries included",
  },
];

/** Each of `publish`'s uploads, whose digests its release state records and its reports show. */
export const RELEASE_UPLOAD_FIELDS: readonly DocumentField[] = [
  ...UPLOAD_FIELDS,
  {
    name: "sha256",
    type: "string",
    description: "the SHA-256 of the bytes sent, computed while they streamed",
  },
];

/** What the release state made of a run of `build` and `publish` (src/release/). */
export const STATE_FIELDS: readonly DocumentField[] = [
  {
    name: "state",
    type: "object | null",
    description: "the release state; null when none is kept (no cache directory)",
  },
  { name: "state.path", type: "string", description: "the state file" },
  {
    name: "state.action",
    type: "string",
    description: "fresh (no earlier run recorded, or --rebuild), skip (already built), wait " +
      "(for the jobs an earlier run started) or build (again, after uploading what changed)",
  },
  {
    name: "state.reason",
    type: "string | null",
    description: "with build: why the version is built again",
  },
];

/** Beside a command's own fields when it failed (src/run/render.ts). */
export const ERROR_FIELDS: readonly DocumentField[] = [
  {
    name: "error",
    type: "object",
    description: "present only when the command failed, beside the fields of what was done " +
      "before the failure",
  },
  {
    name: "error.code",
    type: "string",
    description: `why it failed, one of: ${Object.keys(ERROR_CODES).join(", ")} (the ` +
      "exit-code reference says what each means)",
  },
  { name: "error.message", type: "string", description: "the message printed on stderr" },
  { name: "error.exit_code", type: "number", description: "the process's exit code" },
];

/**
 * `publish`'s document when it reads a manifest: a section per package
 * (src/commands/publish_release_outcome.ts). On the manifest's page.
 */
export const RELEASE_FIELDS: readonly DocumentField[] = [
  {
    name: "version",
    type: "string | null",
    description: "the version published; null with --no-build when none was needed or found",
  },
  { ...VERSION_SOURCE_FIELD, type: "string | null" },
  {
    name: "packages",
    type: "object[]",
    description: "one section per package, in the manifest's order",
  },
  { name: "packages[].name", type: "string", description: "the package's name in the manifest" },
  { name: "packages[].package_id", type: "string", description: "its id" },
  {
    name: "packages[].package_id_source",
    type: "string",
    description: "where the id came from: --package-id, DISTROPACK_PACKAGE_ID, the variable " +
      "package_id_env names, or manifest",
  },
  {
    name: "packages[].target",
    type: "string | null",
    description: "the one target built; null: every enabled target (or no build)",
  },
  {
    name: "packages[].uploads",
    type: "object[]",
    description: "its uploads that completed (with --dry-run: the planned ones, without seconds)",
  },
  ...nested("packages[].uploads[].", RELEASE_UPLOAD_FIELDS),
  {
    name: "packages[].build",
    type: "object | null",
    description: "build's own document for its jobs; null when it was not built (--no-build, " +
      "a failed upload or trigger, --dry-run)",
  },
  ...nested("packages[].build.", jobsFields("build")),
  ...nested("packages[].", STATE_FIELDS).map((field) =>
    field.name === "packages[].state"
      ? {
        ...field,
        description: "its release state, as for one package; null when none is kept (no " +
          "cache directory, --no-build)",
      }
      : field
  ),
  {
    name: "packages[].error",
    type: "object | null",
    description: "why this package failed (code, message, exit_code, as error below); null when " +
      "it did not",
  },
  ...nested("packages[].error.", [
    { name: "code", type: "string", description: "the error's code" },
    { name: "message", type: "string", description: "what went wrong" },
    { name: "exit_code", type: "number", description: "the exit code it alone would give" },
  ]),
  { name: "dry_run", type: "boolean", description: "with --dry-run only: true" },
  { name: "base_url", type: "string", description: "with --dry-run only: the server" },
];
