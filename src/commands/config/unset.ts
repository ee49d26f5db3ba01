import type { Handler } from "../../cli/define.ts";
import { info } from "../../run/outcome.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import type { ConfigKey } from "../../settings/file.ts";
import { updateConfigFile } from "../../settings/update.ts";

const ENV_OF: Record<ConfigKey, typeof ENV_VARS.token | typeof ENV_VARS.apiUrl> = {
  api_token: ENV_VARS.token,
  base_url: ENV_VARS.apiUrl,
};

const LABEL: Record<ConfigKey, string> = { api_token: "API token", base_url: "base URL" };

/** Removes one key from the config file; other keys and the file's layout stay. */
export function configUnset(key: ConfigKey): Handler {
  return async (ctx) => {
    const path = ctx.writablePath();
    const file = await ctx.readConfig();
    let removed = false;
    if (file?.values[key] !== undefined) {
      const update = await updateConfigFile(path, { [key]: null });
      removed = update.before[key] !== undefined;
    }
    const envProvides = nonBlank(ctx.env, ENV_OF[key]) !== undefined;
    const label = LABEL[key];
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
  };
}
