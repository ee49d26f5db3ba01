/** What the reference pages say of `upload` beyond its help. */
import type { Reference } from "../../cli/define.ts";
import { ENV_VARS } from "../../settings/env.ts";
import { UPLOAD_FIELDS } from "../documents.ts";
import { CONFIG_FILE, EVERY_RUN, SERVER } from "../environment.ts";

export const uploadReference: Reference = {
  details: `The file is streamed from disk, so memory use stays the same whatever its size. A
missing file, a directory, a pipe or an unreadable file is reported with its path before anything
is sent. A file that grows or shrinks while it is read fails (exit 1): the server would otherwise
keep a file that is neither the old one nor the new one. Uploading again to the same slot replaces the file.`,
  document: [
    { name: "package_id", type: "string", description: "the package's id" },
    ...UPLOAD_FIELDS,
  ],
  environment: [...EVERY_RUN, ...CONFIG_FILE, ...SERVER, ENV_VARS.packageId],
};
