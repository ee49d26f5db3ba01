/**
 * Builds the API client from the settings in force. The base URL is checked
 * here with the same rule as `config set-base-url` (https, or http only to
 * loopback), whichever source it came from, because the token goes with
 * every request.
 */
import { ApiClient } from "../api/client.ts";
import { parseBaseUrl } from "../config/base_url.ts";
import { ENV_VARS } from "../config/env.ts";
import type { ResolvedSettings } from "../config/resolve.ts";
import type { Deps } from "../deps.ts";
import { AuthError, CliError, UsageError } from "../errors.ts";
import type { Output } from "../output/output.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";

export function connect(
  { settings, configPath, deps, output }: {
    settings: ResolvedSettings;
    configPath: string | null;
    deps: Deps;
    output: Output;
  },
): ApiClient {
  const { baseUrl, token } = settings;
  const label = baseUrl.source === "env"
    ? `${ENV_VARS.apiUrl}`
    : baseUrl.source === "file"
    ? `base_url in ${configPath}`
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
