/** `upload`: stream one release file into a package's file slot. */
import { defineCommand } from "../../cli/define.ts";
import { PACKAGE_ID_OPTION, UPLOAD_TIMEOUT_OPTION } from "../../cli/options.ts";

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
  reference: async () => (await import("./reference.ts")).uploadReference,
  load: async () => (await import("./upload.ts")).uploadHandler,
});
