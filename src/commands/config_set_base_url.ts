import type { Context } from "../context.ts";
import { parseBaseUrl } from "../config/base_url.ts";
import { ENV_VARS, nonBlank } from "../config/env.ts";
import { updateConfigFile } from "../config/file.ts";

export interface SetBaseUrlResult {
  base_url: string;
  config_file: string;
  /** DISTROPACK_API_URL is set, so the saved URL is not the one in use. */
  env_overrides: boolean;
}

/** Checks the URL (https, or http to loopback only), then saves it without a trailing slash. */
export async function configSetBaseUrl(ctx: Context, input: string): Promise<SetBaseUrlResult> {
  const baseUrl = parseBaseUrl(input);
  const path = ctx.writablePath();
  await updateConfigFile(path, { base_url: baseUrl });
  return {
    base_url: baseUrl,
    config_file: path,
    env_overrides: nonBlank(ctx.env, ENV_VARS.apiUrl) !== undefined,
  };
}

export function renderSetBaseUrl(ctx: Context, result: SetBaseUrlResult): void {
  ctx.output.result(`Base URL set to: ${result.base_url}`);
  if (result.env_overrides) {
    ctx.output.info(
      `Note: ${ENV_VARS.apiUrl} is set in this environment and takes precedence ` +
        `over the saved base URL. Unset it to use the saved one.`,
    );
  }
  ctx.output.json(result);
}
