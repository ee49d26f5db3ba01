import type { Context } from "../../run/context.ts";
import { type Handler, handlerOf } from "../../cli/define.ts";
import { info } from "../../run/outcome.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import { updateConfigFile } from "../../settings/update.ts";
import { normalizeToken } from "../../settings/token.ts";
import { UsageError } from "../../errors.ts";
import { readSecretFromPipe, readSecretFromTerminal } from "../../settings/secret.ts";
import type { setTokenCommand } from "./command.ts";

/** How long a piped stdin may stay silent before set-token gives up. */
export const STDIN_FIRST_BYTE_TIMEOUT_MS = 5_000;

/**
 * Saves the token to the config file. Without an argument it comes from a
 * pipe, or from a hidden prompt on a terminal, so it stays out of the
 * process list and shell history. A token from the environment is never
 * written.
 */
export const configSetToken: Handler = handlerOf<typeof setTokenCommand>(
  async (ctx, { args: [tokenArg] }) => {
    const path = ctx.writablePath();
    const token = normalizeToken(...await tokenInput(ctx, tokenArg));
    await updateConfigFile(path, { api_token: token });
    const envOverrides = nonBlank(ctx.env, ENV_VARS.token) !== undefined;
    return {
      document: { saved: "api_token", config_file: path, env_overrides: envOverrides },
      lines: ["API token saved successfully!"],
      notes: envOverrides
        ? [info(
          `Note: ${ENV_VARS.token} is set in this environment and takes precedence ` +
            `over the saved token. Unset it to use the saved one.`,
        )]
        : [],
    };
  },
);

async function tokenInput(ctx: Context, tokenArg?: string): Promise<[string, string]> {
  if (tokenArg !== undefined) return [tokenArg, "given as argument"];
  const { stdin } = ctx.deps;
  if (!stdin.isTerminal()) {
    return [
      await readSecretFromPipe(stdin.readable, STDIN_FIRST_BYTE_TIMEOUT_MS, ctx.signal),
      "on stdin",
    ];
  }
  if (!ctx.terminal.canPrompt) {
    throw new UsageError(
      "No token given, and CI is set, so there is no prompt. Pass TOKEN, pipe it in " +
        '(echo "$TOKEN" | distropack-cli config set-token), or set DISTROPACK_API_TOKEN.',
    );
  }
  const token = await readSecretFromTerminal(
    stdin,
    ctx.deps.stderr,
    "Paste your API token (input is hidden): ",
    ctx.signal,
  );
  return [token, "entered"];
}
