import type { Context } from "../context.ts";
import { ENV_VARS, nonBlank } from "../config/env.ts";
import { updateConfigFile } from "../config/file.ts";
import { normalizeToken } from "../config/token.ts";
import { UsageError } from "../errors.ts";
import { readSecretFromPipe, readSecretFromTerminal } from "../input/secret.ts";

/** How long a piped stdin may stay silent before set-token gives up. */
export const STDIN_FIRST_BYTE_TIMEOUT_MS = 5_000;

export interface SetTokenResult {
  config_file: string;
  /** DISTROPACK_API_TOKEN is set, so the saved token is not the one in use. */
  env_overrides: boolean;
}

/**
 * Saves the token to the config file. Without an argument it comes from a
 * pipe, or from a hidden prompt on a terminal, so it stays out of the
 * process list and shell history. A token from the environment is never
 * written.
 */
export async function configSetToken(ctx: Context, tokenArg?: string): Promise<SetTokenResult> {
  const path = ctx.writablePath();
  const token = normalizeToken(...await tokenInput(ctx, tokenArg));
  await updateConfigFile(path, { api_token: token });
  return {
    config_file: path,
    env_overrides: nonBlank(ctx.env, ENV_VARS.token) !== undefined,
  };
}

async function tokenInput(ctx: Context, tokenArg?: string): Promise<[string, string]> {
  if (tokenArg !== undefined) return [tokenArg, "given as argument"];
  const { stdin } = ctx.deps;
  if (!stdin.isTerminal()) {
    return [await readSecretFromPipe(stdin.readable, STDIN_FIRST_BYTE_TIMEOUT_MS), "on stdin"];
  }
  if (ctx.env(ENV_VARS.ci) !== undefined) {
    throw new UsageError(
      "No token given, and CI is set, so there is no prompt. Pass TOKEN, pipe it in " +
        '(echo "$TOKEN" | distropack-cli config set-token), or set DISTROPACK_API_TOKEN.',
    );
  }
  const token = await readSecretFromTerminal(
    stdin,
    ctx.deps.stderr,
    "Paste your API token (input is hidden): ",
  );
  return [token, "entered"];
}

export function renderSetToken(ctx: Context, result: SetTokenResult): void {
  ctx.output.result("API token saved successfully!");
  if (result.env_overrides) {
    ctx.output.info(
      `Note: ${ENV_VARS.token} is set in this environment and takes precedence ` +
        `over the saved token. Unset it to use the saved one.`,
    );
  }
  ctx.output.json({ saved: "api_token", ...result });
}
