/** What the reference pages say of the `config` commands beyond their help. */
import type { DocumentField, Reference } from "../../cli/define.ts";
import { ENV_VARS } from "../../settings/env.ts";
import { CONFIG_FILE, EVERY_RUN } from "../environment.ts";

/** What a config command reads: where the file is, and the variable that overrides its value. */
const reads = (...overrides: string[]) => [...EVERY_RUN, ...CONFIG_FILE, ...overrides];

const CONFIG_FILE_FIELD: DocumentField = {
  name: "config_file",
  type: "string",
  description: "the config file's path",
};

function envOverridesField(variable: string): DocumentField {
  return {
    name: "env_overrides",
    type: "boolean",
    description: `${variable} is set, so it is used instead of the saved value`,
  };
}

const SOURCE_FIELD: DocumentField = {
  name: "config_file_source",
  type: "string",
  description: "why this file: flag (--config), env (DISTROPACK_CONFIG), application-support " +
    "(macOS), xdg, home, appdata, userprofile (Windows), or none",
};

const UNUSED_FIELD: DocumentField = {
  name: "unused_config_file",
  type: "string | null",
  description: "macOS: the config file in the other default place, which exists but is not read",
};

const UNSET_DETAILS = `Everything else in the file stays as it was. When the value was not
stored, it says so and exits 0.`;

const UNSET_FIELDS: DocumentField[] = [
  { name: "key", type: "string", description: "api_token or base_url" },
  CONFIG_FILE_FIELD,
  { name: "removed", type: "boolean", description: "the value was stored and is now removed" },
  {
    name: "env_provides",
    type: "boolean",
    description: "the matching environment variable is set and still used",
  },
];

export const setTokenReference: Reference = {
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
};

export const setBaseUrlReference: Reference = {
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
};

export const showReference: Reference = {
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
  ],
  environment: reads(ENV_VARS.token, ENV_VARS.apiUrl, ENV_VARS.allowHttp),
};

export const pathReference: Reference = {
  details: `Prints the path whether or not the file exists yet. A note on stderr says when
another config file exists but is not read (macOS), or a relative XDG_CONFIG_HOME is ignored.`,
  document: [CONFIG_FILE_FIELD, SOURCE_FIELD, UNUSED_FIELD],
  environment: reads(),
};

export const unsetTokenReference: Reference = {
  details: UNSET_DETAILS,
  document: UNSET_FIELDS,
  environment: reads(ENV_VARS.token),
};

export const unsetBaseUrlReference: Reference = {
  details: UNSET_DETAILS,
  document: UNSET_FIELDS,
  environment: reads(ENV_VARS.apiUrl),
};
