/**
 * `publish`: upload a release's files in parallel, then build it, in one command; or only
 * upload (`--no-build`), or only build (`--build-only`), for matrices that fan in.
 */
import { defineCommand } from "../../cli/define.ts";
import { BUILD_OPTIONS, versionTagNote } from "../../cli/options.ts";

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
      description: "upload the files and trigger no build (a matrix leg; the job that needs " +
        "the legs then runs publish --build-only); the version is needed only for {version}",
    },
    {
      long: "build-only",
      description: "upload nothing: build the version from the files already on the server " +
        "(the job after a matrix of --no-build legs); refused with --file, --files, --no-build",
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
    "distropack-cli publish --no-build --file deb-binary=dist/app_amd64.deb   # a matrix leg",
    "distropack-cli publish --build-only   # after every leg: build once, from the uploaded files",
  ],
  notes: versionTagNote,
  reference: async () => (await import("./reference.ts")).publishReference,
  load: async () => (await import("./publish.ts")).publishHandler,
});
