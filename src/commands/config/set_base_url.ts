/** `config set-base-url`: save the DistroPack server URL. */
import { info, type Note, warn } from "../../run/outcome.ts";
import { allowsPlainHttp, clearTextWarning, parseBaseUrl } from "../../settings/base_url.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import { updateConfigFile } from "../../settings/update.ts";
import { defineCommand } from "../handler.ts";
import { CONFIG_FILE_FIELD, envOverridesField, reads } from "./fields.ts";

/**
 * Checks the URL (https, or http to loopback only unless
 * DISTROPACK_ALLOW_HTTP=1), then saves it without a trailing slash.
 */
export const setBaseUrlCommand = defineCommand({
  name: "set-base-url",
  summary: "save the DistroPack server URL (https; http only to loopback)",
  args: [{ name: "url", description: "the base URL, e.g. https://distropack.dev", required: true }],
  examples: ["distropack-cli config set-base-url https://distropack.dev"],
  reference: {
    details: `The URL must be absolute https; plain http is accepted only for loopback hosts
(localhost, 127.0.0.0/8, [::1]), because the token travels with every request, unless
DISTROPACK_ALLOW_HTTP=1 allows it for any host (a staging server without TLS; a warning then says
the token is sent unencrypted). A trailing slash is removed. An invalid URL exits 2 and leaves the
file as it was.`,
    document: [
      { name: "base_url", type: "string", description: "the URL saved, without a trailing slash" },
      CONFIG_FILE_FIELD,
      envOverridesField(ENV_VARS.apiUrl),
    ],
    environment: reads(ENV_VARS.apiUrl, ENV_VARS.allowHttp),
  },
  handler: async (ctx, { args: [input] }) => {
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
});
