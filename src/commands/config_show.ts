import type { Context } from "../context.ts";
import { parseBaseUrl } from "../config/base_url.ts";
import { ENV_VARS } from "../config/env.ts";
import type { BaseUrlSource, TokenSource } from "../config/resolve.ts";
import { maskToken } from "../config/token.ts";
import { noLocationHint } from "../config/paths.ts";
import { CliError } from "../errors.ts";

/** The `--json` shape of `config show`; never holds more of the token than its mask. */
export interface ShowResult {
  config_file: string | null;
  base_url: string;
  base_url_source: BaseUrlSource;
  api_token: string | null;
  api_token_source: TokenSource;
}

interface ShowDetails {
  fileExists: boolean;
  /** The environment overrides a value the file also has. */
  shadowed: { token: boolean; baseUrl?: string };
  /** Why the base URL in force would be refused, if it would. */
  baseUrlProblem?: string;
}

/** Reads the settings in force and where each came from. Writes nothing. */
export async function configShow(ctx: Context): Promise<ShowResult & ShowDetails> {
  const { baseUrl, token, file } = await ctx.settings();
  let baseUrlProblem: string | undefined;
  try {
    parseBaseUrl(baseUrl.value);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    baseUrlProblem = error.message;
  }
  return {
    config_file: ctx.location().path,
    base_url: baseUrl.value,
    base_url_source: baseUrl.source,
    api_token: token.value === null ? null : maskToken(token.value),
    api_token_source: token.source,
    fileExists: file?.exists ?? false,
    shadowed: { token: token.shadowsFile, baseUrl: baseUrl.shadowedFileValue },
    baseUrlProblem,
  };
}

const SOURCE_TEXT = {
  env: (variable: string) => `from ${variable}`,
  file: () => "from config file",
  default: () => "default",
  none: () => "",
};

export function renderShow(ctx: Context, show: ShowResult & ShowDetails): void {
  const { output } = ctx;
  const urlSource = SOURCE_TEXT[show.base_url_source](ENV_VARS.apiUrl);
  const tokenSource = SOURCE_TEXT[show.api_token_source](ENV_VARS.token);
  const file = show.config_file === null
    ? "none"
    : `${show.config_file}${show.fileExists ? "" : " (does not exist yet)"}`;
  output.result(
    [
      "Configuration:",
      `  Base URL: ${show.base_url} (${urlSource})`,
      `  API Token: ${show.api_token === null ? "Not set" : `${show.api_token} (${tokenSource})`}`,
      `  Config file: ${file}`,
    ].join("\n"),
  );
  if (show.config_file === null) output.info(`Note: ${noLocationHint(ctx.deps.os)}`);
  if (show.shadowed.token) {
    output.info(`Note: ${ENV_VARS.token} overrides the api_token stored in the config file.`);
  }
  if (show.shadowed.baseUrl !== undefined) {
    output.info(
      `Note: ${ENV_VARS.apiUrl} overrides the base_url stored in the config file ` +
        `(${show.shadowed.baseUrl}).`,
    );
  }
  if (show.baseUrlProblem) output.warn(show.baseUrlProblem);
  if (show.api_token === null) {
    output.info(
      `Set a token with 'distropack-cli config set-token' or the ${ENV_VARS.token} variable.`,
    );
  }
  const { fileExists: _, shadowed: __, baseUrlProblem: ___, ...json } = show;
  output.json(json);
}
