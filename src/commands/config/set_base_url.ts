import { type Handler, handlerOf } from "../../cli/define.ts";
import { info, type Note, warn } from "../../run/outcome.ts";
import { allowsPlainHttp, clearTextWarning, parseBaseUrl } from "../../settings/base_url.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import { updateConfigFile } from "../../settings/update.ts";
import type { setBaseUrlCommand } from "./command.ts";

/**
 * Checks the URL (https, or http to loopback only unless
 * DISTROPACK_ALLOW_HTTP=1), then saves it without a trailing slash.
 */
export const configSetBaseUrl: Handler = handlerOf<typeof setBaseUrlCommand>(
  async (ctx, { args: [input] }) => {
    const baseUrl = parseBaseUrl(input, "base URL", allowsPlainHttp(ctx.env));
    const path = ctx.writablePath();
    await updateConfigFile(path, { base_url: baseUrl });
    const envOverrides = nonBlank(ctx.env, ENV_VARS.apiUrl) !== undefined;
    const notes: Note[] = [];
    const clearText = clearTextWarning(baseUrl);
    if (clearText !== undefined) notes.push(warn(clearText));
    if (envOverrides) {
      notes.push(info(
        `Note: ${ENV_VARS.apiUrl} is set in this environment and takes precedence ` +
          `over the saved base URL. Unset it to use the saved one.`,
      ));
    }
    return {
      document: { base_url: baseUrl, config_file: path, env_overrides: envOverrides },
      lines: [`Base URL set to: ${baseUrl}`],
      notes,
    };
  },
);
