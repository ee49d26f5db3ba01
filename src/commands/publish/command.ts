/**
 * `publish`: upload a release's files in parallel, then build it, in one command; or only
 * upload (`--no-build`), or only build (no files), for matrices that fan in.
 */
import { defineCommand } from "../../cli/define.ts";
import { BUILD_OPTIONS, versionTagNote } from "../../cli/options.ts";
import { JOBS_FIELDS, nested, UPLOAD_FIELDS, VERSION_SOURCE_FIELD } from "../documents.ts";

export const publishCommand = defineCommand({
  name: "publish",
  summary: "upload a release's files in parallel, then build the version and wait for the jobs",
  options: [
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
    ...BUILD_OPTIONS,
    {
      long: "concurrency",
      value: "n",
      default: { value: 4, shown: "4" },
      description: "how many files upload at once, 1 to 16",
      parse: (raw: string) => {
        const n = Number(raw);
        if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 16) {
          throw new Error("Use a whole number from 1 to 16.");
        }
        return n;
      },
    },
    { long: "dry-run", description: "check everything and print the plan; send nothing" },
    {
      long: "build",
      negatable: true,
      default: { value: true, shown: "" },
      description: "upload the files and trigger no build (a matrix leg; without files, " +
        "publish only builds, e.g. in the job that needs the legs)",
    },
    {
      long: "summary",
      negatable: true,
      default: { value: true, shown: "" },
      description: "write no GitHub Actions step summary (the outputs are still written)",
    },
  ],
  examples: [
    'distropack-cli publish --package-id "$ID" --file source-tarball=dist/app-{version}.tar.gz',
    "distropack-cli publish --version 1.2.3 --file 'source-tarball=dist/*.tar.gz' --file changelog=CHANGELOG.md",
    `distropack-cli publish --files '{"source-tarball": "dist/app.tar.gz"}' --dry-run`,
    "distropack-cli publish --no-build --file deb-binary=dist/app_amd64.deb   # then: publish",
  ],
  notes: versionTagNote,
  details: `\`upload\` once per file, then \`build\`, in one command:

- Everything is checked before any byte is sent: the version, every file (it exists, is a
  regular file, can be read), the token and the base URL. All the bad files are named in one
  error, so a release is never half uploaded because its last path had a typo.
- \`{version}\` in a path is replaced by the version. A path with \`*\`, \`?\`, \`[...]\` or
  \`{a,b}\` is a glob (\`**\` crosses directories) that must match exactly one regular file;
  quote globs so the shell leaves them alone. A slot given twice is a usage error.
- The files upload in parallel, --concurrency at a time, streamed and retried as \`upload\` does.
- One failing upload cancels the others, and no build is triggered: the error names the file and
  its slot and lists the slots that did arrive (exit 1).
- Only when every file has arrived is the build triggered, once; then it waits (or not, with
  --no-wait) as \`build\` does, with the same exit codes.`,
  document: [
    { name: "package_id", type: "string", description: "the package's id" },
    { name: "version", type: "string", description: "the version published" },
    VERSION_SOURCE_FIELD,
    {
      name: "uploads",
      type: "object[]",
      description: "the uploads that completed (with --dry-run: the planned ones, without seconds)",
    },
    ...nested("uploads[].", UPLOAD_FIELDS),
    {
      name: "build",
      type: "object | null",
      description: "build's own document; null when no build was triggered (a failed upload, " +
        "--dry-run)",
    },
    ...nested("build.", [...JOBS_FIELDS, VERSION_SOURCE_FIELD]),
    { name: "dry_run", type: "boolean", description: "with --dry-run only: true" },
    { name: "target", type: "string | null", description: "with --dry-run only: the target" },
    { name: "base_url", type: "string", description: "with --dry-run only: the server" },
  ],
  load: async () => (await import("./publish.ts")).publishHandler,
});
