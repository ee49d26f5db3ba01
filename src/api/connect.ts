import type { Context } from "../context.ts";
import { parseBaseUrl } from "../config/base_url.ts";
import { ENV_VARS } from "../config/env.ts";
import { AuthError, CliError, UsageError } from "../errors.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";
import { ApiClient } from "./client.ts";

/**
 * Builds the API client from the settings in force. The base URL is checked
 * here with the same rule as `config set-base-url` (https, or http only to
 * loopback), whichever source it came from, because the token goes with
 * every request.
 */
export async function connect(ctx: Context): Promise<ApiClient> {
  const { baseUrl, token } = await ctx.settings();
  const label = baseUrl.source === "env"
    ? `${ENV_VARS.apiUrl}`
    : baseUrl.source === "file"
    ? `base_url in ${ctx.location().path}`
    : "base URL";
  let checkedUrl: string;
  try {
    checkedUrl = parseBaseUrl(baseUrl.value, label);
  } catch (error) {
    // A bad setting is not a mistake on this command line: exit 1, not 2.
    if (error instanceof UsageError) throw new CliError(error.message);
    throw error;
  }
  if (token.value === null) {
    throw new AuthError(
      `API token not set. Save one with '${PROGRAM_NAME} config set-token', ` +
        `or set the ${ENV_VARS.token} environment variable.`,
    );
  }
  const { deps, output } = ctx;
  return new ApiClient({
    baseUrl: checkedUrl,
    token: token.value,
    userAgent: `${PROGRAM_NAME}/${VERSION} (${deps.os}; ${Deno.build.arch})`,
    signal: deps.signal,
    sleep: deps.sleep,
    now: deps.now,
    fetch: deps.fetch,
    log: { debug: (text) => output.debug(text), notice: (text) => output.info(text) },
  });
}
