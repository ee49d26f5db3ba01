/** What the reference pages of the `config` commands share: their `--json` fields, what they read. */
import type { DocumentField } from "../../cli/define.ts";
import { CONFIG_FILE, EVERY_RUN } from "../environment.ts";

/** What a config command reads: where the file is, and the variable that overrides its value. */
export const reads = (...overrides: string[]) => [...EVERY_RUN, ...CONFIG_FILE, ...overrides];

export const CONFIG_FILE_FIELD: DocumentField = {
  name: "config_file",
  type: "string",
  description: "the config file's path",
};

export function envOverridesField(variable: string): DocumentField {
  return {
    name: "env_overrides",
    type: "boolean",
    description: `${variable} is set, so it is used instead of the saved value`,
  };
}

export const SOURCE_FIELD: DocumentField = {
  name: "config_file_source",
  type: "string",
  description: "why this file: flag (--config), env (DISTROPACK_CONFIG), application-support " +
    "(macOS), xdg, home, appdata, userprofile (Windows), or none",
};

export const UNUSED_FIELD: DocumentField = {
  name: "unused_config_file",
  type: "string | null",
  description: "macOS: the config file in the other default place, which exists but is not read",
};

export const UNSET_DETAILS = `Everything else in the file stays as it was. When the value was not
stored, it says so and exits 0.`;

export const UNSET_FIELDS: DocumentField[] = [
  { name: "key", type: "string", description: "api_token or base_url" },
  CONFIG_FILE_FIELD,
  { name: "removed", type: "boolean", description: "the value was stored and is now removed" },
  {
    name: "env_provides",
    type: "boolean",
    description: "the matching environment variable is set and still used",
  },
];
