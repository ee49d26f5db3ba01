/** `config set-token`: save the API token to the config file. */
import type { Context } from "../../run/context.ts";
import { info } from "../../run/outcome.ts";
import { ENV_VARS, nonBlank } from "../../settings/env.ts";
import { updateConfigFile } from "../../settings/update.ts";
import { normalizeToken } from "../../settings/token.ts";
import { UsageError } from "../../errors.ts";
import { readSecretFromPipe, readSecretFromTerminal } from "../../settings/secret.ts";
import { defineCommand } from "../handler.ts";
import { CONFIG_FILE_FIELD, envOverridesField, reads } from "./fields.ts";

/** How long a piped stdin may stay silent before set-token gives up. */
const STDIN_FIRST_BYTE_TIMEOUT_MS = 5_000;

/**
 * Saves the token to the config file. Without an argument it comes from a
 * pipe, or from a hidden prompt on a terminal, so it stays out of the
 * process list and shell history. A token from the environment is never
 * written.
 */
export const setTokenCommand = defineCommand({
  name: "set-token",
  summary: "save the API token to the config file (reads stdin or prompts when TOKEN is omitted)",
  args: [{
    name: "token",
    description: "the API token; omit it to keep it out of the process list",
    required: false,
  }],
  examples: [
    'echo "$DISTROPACK_TOKEN" | distropack-cli config set-token',
    "distropack-cli config set-token            # prompts, input hidden",
    "distropack-cli config set-token dp_abc123  # visible in shell history",
  ],
  reference: {
    details: `Without TOKEN, the token is read from stdin when stdin is not a terminal (the first
line), or asked for on a terminal without echo; it never prompts when CI is set. Empty input fails
at once and writes nothing; a pipe that stays silent for 5 seconds fails instead of hanging the
job. Surrounding white space is trimmed; a token that cannot travel in an HTTP header is refused
(exit 2), naming the character and its position, never the token. When DISTROPACK_API_TOKEN is
set, the command says so: the variable still wins.`,
    document: [
      { name: "saved", type: "string", description: "api_token" },
      CONFIG_FILE_FIELD,
      envOverridesField(ENV_VARS.token),
    ],
    environment: reads(ENV_VARS.token),
  },
  handler: async (ctx, { args: [tokenArg] }) => {
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
});

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
