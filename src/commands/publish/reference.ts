/** What the reference pages say of `publish` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { ENV_VARS } from "../../settings/env.ts";
import { jobsFields, nested, UPLOAD_FIELDS, VERSION_SOURCE_FIELD } from "../documents.ts";
import { CI_REPORT, CONFIG_FILE, EVERY_RUN, SERVER, TAG } from "../environment.ts";

export const publishReference: Reference = {
  details: `\`upload\` once per file, then \`build\`, in one command:

- Everything is checked before any byte is sent: the version, every file (it exists, is a
  regular file, can be read), the token and the base URL. All the bad files are named in one
  error, so a release is never half uploaded because its last path had a typo.
- \`{version}\` in a path is replaced by the version. A path with \`*\`, \`?\`, \`[...]\` or
  \`{a,b}\` is a glob (\`**\` crosses directories) that must match exactly one regular file;
  quote globs so the shell leaves them alone. On Windows \`\\\` separates directories in a glob as
  in any path there (\`dist\\app-*.zip\`); elsewhere it takes the next character as itself. A
  slot given twice is a usage error.
- The files upload in parallel, --concurrency at a time, streamed and retried as \`upload\` does.
- One failing upload cancels the others, and no build is triggered: the error names the file and
  its slot and lists the slots that did arrive (exit 1).
- Only when every file has arrived is the build triggered, once; then it waits (or not, with
  --no-wait) as \`build\` does, with the same exit codes.
- A run with no file to upload (none given, or a --files that is empty or holds only blank lines
  and comments) is a usage error (exit 2) that sends nothing: an empty CI variable never builds the
  new version from whatever the slots still hold. To build from the files already on the server,
  say so: --build-only (or \`build\`). It takes no --file, --files or --no-build.
- With --no-build, the version is needed only when a path holds \`{version}\` (the upload itself
  takes none), so a matrix leg of a branch build uploads; it is then null in the document.
- --target takes deb, rpm, pacman or any other lower-case name the server knows; a name this
  release does not know is sent as given, with a one-line note on stderr.`,
  document: [
    { name: "package_id", type: "string", description: "the package's id" },
    {
      name: "version",
      type: "string | null",
      description: "the version published; null with --no-build when none was needed or found",
    },
    { ...VERSION_SOURCE_FIELD, type: "string | null" },
    {
      name: "uploads",
      type: "object[]",
      description: "the uploads that completed (with --dry-run: the planned ones, without seconds)",
    },
    ...nested("uploads[].", UPLOAD_FIELDS),
    {
      name: "build",
      type: "object | null",
      description: "build's own document; null when no build was triggered (--no-build, a " +
        "failed upload, --dry-run)",
    },
    ...nested("build.", [...jobsFields("build"), VERSION_SOURCE_FIELD]),
    { name: "dry_run", type: "boolean", description: "with --dry-run only: true" },
    { name: "target", type: "string | null", description: "with --dry-run only: the target" },
    { name: "base_url", type: "string", description: "with --dry-run only: the server" },
  ],
  environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ENV_VARS.packageId, ...TAG, ...CI_REPORT],
};
