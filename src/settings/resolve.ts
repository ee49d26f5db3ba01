import { type Env, ENV_VARS, nonBlank } from "./env.ts";
import type { ConfigValues } from "./file.ts";
import { DEFAULT_BASE_URL } from "./base_url.ts";

export type BaseUrlSource = "env" | "file" | "default";
export type TokenSource = "env" | "file" | "none";

/** The settings in force, each with where it came from, so `config show` can tell. */
export interface ResolvedSettings {
  baseUrl: {
    value: string;
    source: BaseUrlSource;
    /** The config file's value when the environment overrides it. */
    shadowedFileValue?: string;
  };
  token: {
    value: string | null;
    source: TokenSource;
    /** True when the environment overrides a token stored in the file. */
    shadowsFile: boolean;
  };
}

/**
 * The one place where settings are resolved. The token comes from
 * DISTROPACK_API_TOKEN when it is set and not blank, else from the file; the
 * base URL from DISTROPACK_API_URL, else the file, else the default.
 * Surrounding white space is dropped, as users paste tokens with it.
 */
export function resolveSettings(env: Env, file: ConfigValues): ResolvedSettings {
  const fileToken = file.api_token?.trim() || undefined;
  const envToken = nonBlank(env, ENV_VARS.token);
  const token = envToken
    ? { value: envToken, source: "env" as const, shadowsFile: fileToken !== undefined }
    : fileToken
    ? { value: fileToken, source: "file" as const, shadowsFile: false }
    : { value: null, source: "none" as const, shadowsFile: false };

  const fileUrl = file.base_url?.trim() || undefined;
  const envUrl = nonBlank(env, ENV_VARS.apiUrl);
  const baseUrl = envUrl
    ? { value: envUrl, source: "env" as const, shadowedFileValue: fileUrl }
    : fileUrl
    ? { value: fileUrl, source: "file" as const }
    : { value: DEFAULT_BASE_URL, source: "default" as const };

  return { baseUrl, token };
}
