/**
 * Builds the API client from the settings in force: the CLI's side of
 * src/api, which knows nothing of settings, files or the process.
 */
import { ApiClient } from "../api/client.ts";
import { CA_FILE_VARS, NETWORK_ENV } from "../api/network.ts";
import type { ClientLog } from "../api/transport.ts";
import { allowsPlainHttp, clearTextWarning, parseBaseUrl } from "../settings/base_url.ts";
import { type Env, ENV_VARS, nonBlank } from "../settings/env.ts";
import type { ResolvedSettings } from "../settings/resolve.ts";
import { tokenProblem } from "../settings/token.ts";
import { AuthError, CliError, UsageError } from "../errors.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";
import { caFileError, explainApiFailure, noTokenError } from "./advice.ts";

export interface ConnectInput {
  settings: ResolvedSettings;
  /** The config file's path, for messages about its base_url. */
  configPath: string | null;
  env: Env;
  os: string;
  signal?: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The run's monotonic clock, for the timing of requests. */
  monotonic: () => number;
  /** The wall clock, for dates (an HTTP-date Retry-After). */
  now: () => number;
  fetch?: typeof fetch;
  log: ClientLog;
  /** A warning for people, on stderr. */
  warn: (text: string) => void;
}

/**
 * The client for these settings. The base URL is checked here with the same
 * rule as `config set-base-url` (https, or http only to loopback unless
 * DISTROPACK_ALLOW_HTTP=1), whichever source it came from, because the token
 * goes with every request; a run that sends it in clear text says so.
 */
export async function connect(input: ConnectInput): Promise<ApiClient> {
  const { baseUrl, token } = input.settings;
  const label = baseUrl.source === "env"
    ? `${ENV_VARS.apiUrl}`
    : baseUrl.source === "file"
    ? `base_url in ${input.configPath}`
    : "base URL";
  let checkedUrl: string;
  try {
    checkedUrl = parseBaseUrl(baseUrl.value, label, allowsPlainHttp(input.env));
  } catch (error) {
    // A bad setting is not a mistake on this command line: exit 1, not 2.
    if (error instanceof UsageError) throw new CliError(error.message);
    throw error;
  }
  if (token.value === null) throw noTokenError(input.env);
  const clearText = clearTextWarning(checkedUrl);
  if (clearText !== undefined) input.warn(clearText);
  const problem = tokenProblem(token.value);
  if (problem !== undefined) {
    const from = token.source === "env" ? ENV_VARS.token : `api_token in ${input.configPath}`;
    throw new AuthError(
      `The API token from ${from} ${problem}. Copy the token again from the dashboard ` +
        `(API Tokens) and set it with '${PROGRAM_NAME} config set-token' or ${ENV_VARS.token}.`,
    );
  }
  // Certificates matter only to https; plain http never reads them.
  const { caCerts, caFiles } = checkedUrl.startsWith("https:")
    ? await readCaCerts(input.env)
    : { caCerts: [], caFiles: [] };
  // Read now: the runtime's copies are cleared next.
  const network = new Map(NETWORK_ENV.map((name) => [name, input.env(name)]));
  if (!input.fetch) detachRuntimeProxies();
  return new ApiClient({
    baseUrl: checkedUrl,
    token: token.value,
    userAgent: `${PROGRAM_NAME}/${VERSION} (${input.os}; ${Deno.build.arch})`,
    signal: input.signal,
    sleep: input.sleep,
    monotonic: input.monotonic,
    now: input.now,
    fetch: input.fetch,
    env: (name) => network.get(name),
    caCerts,
    log: input.log,
    explain: (failure, subject) =>
      explainApiFailure(failure, { baseUrl: checkedUrl, caFiles, ...subject }) ?? failure,
  });
}

/**
 * The PEM files named by SSL_CERT_FILE, NODE_EXTRA_CA_CERTS and DENO_CERT,
 * read; one without a PEM certificate is an error that names it.
 */
async function readCaCerts(env: Env): Promise<{ caCerts: string[]; caFiles: string[] }> {
  const caCerts: string[] = [];
  const caFiles: string[] = [];
  const read = new Set<string>();
  for (const variable of CA_FILE_VARS) {
    const path = nonBlank(env, variable);
    // CI images often point both variables at the system bundle: read it once.
    if (path === undefined || read.has(path)) continue;
    read.add(path);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(path);
    } catch (error) {
      const reason = error instanceof Deno.errors.NotFound
        ? "no such file"
        : error instanceof Error
        ? error.message
        : String(error);
      throw new CliError(
        `Cannot read ${variable} (${path}): ${reason}. Point it at a PEM file of CA ` +
          `certificates, or unset it.`,
      );
    }
    const text = new TextDecoder().decode(bytes);
    if (!text.includes("-----BEGIN CERTIFICATE-----")) {
      throw caFileError(variable, path, bytes);
    }
    caCerts.push(text);
    caFiles.push(`${variable}=${path}`);
  }
  return { caCerts, caFiles };
}

/**
 * The runtime applies proxy variables on its own, by rules that would send
 * a token through a proxy the client decided against (NO_PROXY=* is ignored
 * for IP addresses). The client has read them through `env` and decides per
 * request; clearing them from the process leaves that decision alone.
 */
function detachRuntimeProxies(): void {
  for (const name of NETWORK_ENV) {
    if (!/proxy/i.test(name)) continue;
    try {
      Deno.env.delete(name);
    } catch {
      // Without permission for the name, the runtime cannot be reading it for us either.
    }
  }
}
