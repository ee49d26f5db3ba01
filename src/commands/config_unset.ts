import type { Context } from "../context.ts";
import { ENV_VARS, nonBlank } from "../config/env.ts";
import { type ConfigKey, updateConfigFile } from "../config/file.ts";

export interface UnsetResult {
  key: ConfigKey;
  config_file: string;
  /** False when the file had no such key; the file is then left untouched. */
  removed: boolean;
  /** The environment still provides a value. */
  env_provides: boolean;
}

const ENV_OF: Record<ConfigKey, typeof ENV_VARS.token | typeof ENV_VARS.apiUrl> = {
  api_token: ENV_VARS.token,
  base_url: ENV_VARS.apiUrl,
};

const LABEL: Record<ConfigKey, string> = { api_token: "API token", base_url: "base URL" };

/** Removes one key from the config file; other keys and the file's layout stay. */
export async function configUnset(ctx: Context, key: ConfigKey): Promise<UnsetResult> {
  const path = ctx.writablePath();
  const file = await ctx.readConfig();
  let removed = false;
  if (file?.values[key] !== undefined) {
    const update = await updateConfigFile(path, { [key]: null });
    removed = update.before[key] !== undefined;
  }
  return {
    key,
    config_file: path,
    removed,
    env_provides: nonBlank(ctx.env, ENV_OF[key]) !== undefined,
  };
}

export function renderUnset(ctx: Context, result: UnsetResult): void {
  const label = LABEL[result.key];
  ctx.output.result(
    result.removed
      ? `${label[0].toUpperCase()}${label.slice(1)} removed from ${result.config_file}`
      : `No ${label} is stored in ${result.config_file}; nothing to remove.`,
  );
  if (result.env_provides) {
    ctx.output.info(`Note: ${ENV_OF[result.key]} is still set in this environment and is used.`);
  }
  ctx.output.json(result);
}
