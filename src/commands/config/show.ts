/** `config show`: the settings in force and where each came from. */
import { info, type Note, warn } from "../../run/outcome.ts";
import {
  allowsPlainHttp,
  clearTextWarning,
  parseBaseUrl,
  withoutUserInfo,
} from "../../settings/base_url.ts";
import { ENV_VARS } from "../../settings/env.ts";
import { locationNotes, noLocationHint } from "../../settings/paths.ts";
import { maskToken } from "../../settings/token.ts";
import { CliError } from "../../errors.ts";
import { defineCommand } from "../handler.ts";
import { CONFIG_FILE_FIELD, reads, SOURCE_FIELD, UNUSED_FIELD } from "./fields.ts";
import { STATE } from "../environment.ts";
import { stateLocation } from "../../release/state_path.ts";

const SOURCE_TEXT = {
  env: (variable: string) => `from ${variable}`,
  file: () => "from config file",
  default: () => "default",
  none: () => "",
};

/**
 * The settings in force and where each came from. Writes nothing. The
 * document never holds more of the token than its mask.
 */
export const showCommand = defineCommand({
  name: "show",
  summary: "show the base URL, the masked token and where each comes from",
  examples: ["distropack-cli config show", "distropack-cli config show --json"],
  reference: {
    details: `The config file's line says why that file is used (the default, --config, ...). When
an environment variable overrides a value stored in the file, or another config file exists but is
not read, a note on stderr says so. The mask never shows more than a quarter of the token, nor more
than 4 characters at each end. With --json, only the document is printed, and warnings on stderr.`,
    document: [
      {
        ...CONFIG_FILE_FIELD,
        type: "string | null",
        description: CONFIG_FILE_FIELD.description +
          "; null when no HOME (or APPDATA) says where it is",
      },
      SOURCE_FIELD,
      UNUSED_FIELD,
      { name: "base_url", type: "string", description: "the base URL in force" },
      { name: "base_url_source", type: "string", description: "env, file or default" },
      {
        name: "api_token",
        type: "string | null",
        description: "the token in force, masked; null when there is none",
      },
      { name: "api_token_source", type: "string", description: "env, file or none" },
      {
        name: "release_state",
        type: "string | null",
        description: "the release state file build and publish keep (DISTROPACK_STATE or the " +
          "cache directory); null when nothing says where",
      },
    ],
    environment: reads(ENV_VARS.token, ENV_VARS.apiUrl, ENV_VARS.allowHttp, ...STATE),
  },
  handler: async (ctx) => {
    const { baseUrl, token, file } = await ctx.settings();
    const location = ctx.location();
    const release = stateLocation(undefined, { env: ctx.env, os: ctx.deps.os, cwd: ctx.deps.cwd });
    const configFile = location.path;
    const masked = token.value === null ? null : maskToken(token.value);
    const urlSource = SOURCE_TEXT[baseUrl.source](ENV_VARS.apiUrl);
    const tokenSource = SOURCE_TEXT[token.source](ENV_VARS.token);
    const state = file?.nullDevice
      ? "; no saved settings"
      : file?.exists
      ? ""
      : "; does not exist yet";
    const fileText = configFile === null ? "none" : `${configFile} (${location.why}${state})`;
    const notes: Note[] = locationNotes(location).map(info);
    // Not among the official client's lines, which scripts may read: a note on stderr.
    notes.push(info(
      release.path === null
        ? `Release state: none kept (${release.why}); build and publish take --state FILE.`
        : `Release state: ${release.path} (${release.why}).`,
    ));
    if (configFile === null) notes.push(info(`Note: ${noLocationHint(location, ctx.deps.os)}`));
    if (token.shadowsFile) {
      notes.push(
        info(`Note: ${ENV_VARS.token} overrides the api_token stored in the config file.`),
      );
    }
    if (baseUrl.shadowedFileValue !== undefined) {
      notes.push(info(
        `Note: ${ENV_VARS.apiUrl} overrides the base_url stored in the config file ` +
          `(${withoutUserInfo(baseUrl.shadowedFileValue)}).`,
      ));
    }
    try {
      const checked = parseBaseUrl(baseUrl.value, "base URL", allowsPlainHttp(ctx.env));
      const clearText = clearTextWarning(checked);
      if (clearText !== undefined) notes.push(warn(clearText));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      notes.push(warn(error.message));
    }
    if (masked === null) {
      // A config file that keeps no settings cannot take one: only the variable can.
      notes.push(info(
        file?.nullDevice
          ? `Set a token with the ${ENV_VARS.token} variable; the config file keeps no settings.`
          : `Set a token with 'distropack-cli config set-token' or the ${ENV_VARS.token} variable.`,
      ));
    }
    return {
      document: {
        config_file: configFile,
        config_file_source: location.source,
        unused_config_file: location.unused ?? null,
        base_url: withoutUserInfo(baseUrl.value),
        base_url_source: baseUrl.source,
        api_token: masked,
        api_token_source: token.source,
        release_state: release.path,
      },
      lines: [
        [
          "Configuration:",
          `  Base URL: ${withoutUserInfo(baseUrl.value)} (${urlSource})`,
          `  API Token: ${masked === null ? "Not set" : `${masked} (${tokenSource})`}`,
          `  Config file: ${fileText}`,
        ].join("\n"),
      ],
      notes,
      restatesDocument: true,
    };
  },
});
