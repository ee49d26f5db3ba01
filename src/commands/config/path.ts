import type { Handler } from "../../cli/define.ts";
import { info } from "../../run/outcome.ts";
import { locationNotes } from "../../settings/paths.ts";

/**
 * The config file's path, whether or not the file exists yet. Why this file
 * is said on stderr only when it may surprise (another one is not read, a
 * variable is ignored); the document always says.
 */
export const configPath: Handler = (ctx) => {
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
};
