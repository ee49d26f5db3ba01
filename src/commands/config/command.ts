/** `config`: show and change the saved API token and base URL. */
import { defineCommand, type GroupDef } from "../../cli/define.ts";

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
  reference: async () => (await import("./reference.ts")).setTokenReference,
  load: async () => (await import("./set_token.ts")).configSetToken,
});

export const setBaseUrlCommand = defineCommand({
  name: "set-base-url",
  summary: "save the DistroPack server URL (https; http only to loopback)",
  args: [{ name: "url", description: "the base URL, e.g. https://distropack.dev", required: true }],
  examples: ["distropack-cli config set-base-url https://distropack.dev"],
  reference: async () => (await import("./reference.ts")).setBaseUrlReference,
  load: async () =>
    (await import("./set_base_url.ts"))
      .configSetBaseUrl,
});

const show = defineCommand({
  name: "show",
  summary: "show the base URL, the masked token and where each comes from",
  examples: ["distropack-cli config show", "distropack-cli config show --json"],
  reference: async () => (await import("./reference.ts")).showReference,
  load: async () => (await import("./show.ts")).configShow,
});

const path = defineCommand({
  name: "path",
  summary: "print the config file's path",
  examples: ['cat "$(distropack-cli config path)"'],
  reference: async () => (await import("./reference.ts")).pathReference,
  load: async () => (await import("./path.ts")).configPath,
});

const unsetToken = defineCommand({
  name: "unset-token",
  summary: "remove the saved API token from the config file",
  examples: ["distropack-cli config unset-token"],
  reference: async () => (await import("./reference.ts")).unsetTokenReference,
  load: async () =>
    (await import("./unset.ts")).configUnset(
      "api_token",
    ),
});

const unsetBaseUrl = defineCommand({
  name: "unset-base-url",
  summary: "remove the saved base URL from the config file",
  examples: ["distropack-cli config unset-base-url"],
  reference: async () => (await import("./reference.ts")).unsetBaseUrlReference,
  load: async () =>
    (await import("./unset.ts")).configUnset(
      "base_url",
    ),
});

export const configGroup: GroupDef = {
  name: "config",
  summary: "show and change the saved API token and base URL",
  commands: [setTokenCommand, setBaseUrlCommand, show, path, unsetToken, unsetBaseUrl],
  notes: () =>
    Promise.resolve(
      "The config file is where the official client keeps it: " +
        "~/.config/distropack/config.toml ($XDG_CONFIG_HOME/distropack if set) on Linux, " +
        "~/Library/Application Support/distropack/config.toml on macOS (or ~/.config's when " +
        "only that one exists), %APPDATA%\\distropack\\config.toml on Windows; 'config path' " +
        "says which. Environment variables take precedence over it.",
    ),
};
