/** `upload`: stream one release file into a package's file slot. */
import { defineCommand } from "../../cli/define.ts";
import { PACKAGE_ID_OPTION, UPLOAD_TIMEOUT_OPTION } from "../../cli/options.ts";
import { UPLOAD_FIELDS } from "../documents.ts";

export const uploadCommand = defineCommand({
  name: "upload",
  summary: "upload a release file into a package's file slot (streamed; retried on failure)",
  options: [
    PACKAGE_ID_OPTION,
    {
      long: "ref-id",
      value: "slot",
      required: true,
      description: "the file slot's reference id (access name), e.g. source-tarball",
    },
    {
      long: "file",
      value: "path",
      path: true,
      required: true,
      description: "the file to upload; its base name is sent as the file name",
    },
    UPLOAD_TIMEOUT_OPTION,
  ],
  examples: [
    'distropack-cli upload --package-id "$ID" --ref-id source-tarball --file dist/app-1.0.0.tar.gz',
    "DISTROPACK_PACKAGE_ID=... distropack-cli upload --ref-id changelog --file CHANGELOG.md --json",
  ],
  details: `The file is streamed from disk, so memory use stays the same whatever its size. A
missing file, a directory, a pipe or an unreadable file is reported with its path before anything
is sent. A file that grows or shrinks while it is read fails (exit 1): the server would otherwise
keep a file that is neither the old one nor the new one. Uploading again to the same slot replaces the file.`,
  document: [
    { name: "package_id", type: "string", description: "the package's id" },
    ...UPLOAD_FIELDS,
  ],
  load: async () => (await import("./upload.ts")).uploadHandler,
});
