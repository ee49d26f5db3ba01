/** `config unset-token` and `config unset-base-url`: remove one saved value. */
import { info } from "../../run/outcome.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import type { ConfigKey } from "../../settings/file.ts";
import { updateConfigFile } from "../../settings/update.ts";
import { defineCommand } from "../handler.ts";
import { reads, UNSET_DETAILS, UNSET_FIELDS } from "./fields.ts";

const ENV_OF: Record<ConfigKey, typeof ENV_VARS.token | typeof ENV_VARS.apiUrl> = {
  api_token: ENV_VARS.token,
  base_url: ENV_VARS.apiUrl,
};

const LABEL: Record<ConfigKey, string> = { api_token: "API token", base_url: "base URL" };

/** Removes one key from the config file; other keys and the file's layout stay. */
function unsetCommand(key: ConfigKey, name: string) {
  const label = LABEL[key];
  return defineCommand({
    name,
    summary: `remove the saved ${label} from the config file`,
    examples: [`distropack-cli config ${name}`],
    reference: { details: UNSET_DETAILS, document: UNSET_FIELDS, environment: reads(ENV_OF[key]) },
    handler: async (ctx) => {
      const path = ctx.writablePath();
      const file = await ctx.readConfig();
      let removed = false;
      if (file?.values[key] !== undefined) {
        const update = await updateConfigFile(path, { [key]: null });
        removed = update.before[key] !== undefined;
      }
      const envProvides = nonBlank(ctx.env, ENV_OF[key]) !== undefined;
      return {
        document: { key, config_file: path, removed, env_provides: envProvides },
        lines: [
          removed
            ? `${label[0].toUpperCase()}${label.slice(1)} removed from ${path}`
            : `No ${label} is stored in ${path}; nothing to remove.`,
        ],
        notes: envProvides
          ? [info(`Note: ${ENV_OF[key]} is still set in this environment and is used.`)]
          : [],
      };
    },
  });
}

export const unsetTokenCommand = unsetCommand("api_token", "unset-token");
export const unsetBaseUrlCommand = unsetCommand("base_url", "unset-base-url");
