/** `config path`: print the config file's path. */
import { info } from "../../run/outcome.ts";
import { locationNotes } from "../../settings/paths.ts";
import { defineCommand } from "../handler.ts";
import { CONFIG_FILE_FIELD, reads, SOURCE_FIELD, UNUSED_FIELD } from "./fields.ts";

/**
 * The config file's path, whether or not the file exists yet. Why this file
 * is said on stderr only when it may surprise (another one is not read, a
 * variable is ignored); the document always says.
 */
export const pathCommand = defineCommand({
  name: "path",
  summary: "print the config file's path",
  examples: ['cat "$(distropack-cli config path)"'],
  reference: {
    details: `Prints the path whether or not the file exists yet. A note on stderr says when
another config file exists but is not read (macOS), or a relative XDG_CONFIG_HOME is ignored.`,
    document: [CONFIG_FILE_FIELD, SOURCE_FIELD, UNUSED_FIELD],
    environment: reads(),
  },
  handler: (ctx) => {
    const configFile = ctx.writablePath();
    const location = ctx.location();
    return Promise.resolve({
      document: {
        config_file: configFile,
        config_file_source: location.source,
        unused_config_file: location.unused ?? null,
      },
      lines: [configFile],
      notes: locationNotes(location).map(info),
      restatesDocument: true,
    });
  },
});
