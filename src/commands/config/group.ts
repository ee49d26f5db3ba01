/** `config`: show and change the saved API token and base URL. */
import type { Group } from "../handler.ts";
import { pathCommand } from "./path.ts";
import { setBaseUrlCommand } from "./set_base_url.ts";
import { setTokenCommand } from "./set_token.ts";
import { showCommand } from "./show.ts";
import { unsetBaseUrlCommand, unsetTokenCommand } from "./unset.ts";

export const configGroup: Group = {
  name: "config",
  summary: "show and change the saved API token and base URL",
  commands: [
    setTokenCommand,
    setBaseUrlCommand,
    showCommand,
    pathCommand,
    unsetTokenCommand,
    unsetBaseUrlCommand,
  ],
  notes: "The config file is where the official client keeps it: " +
    "~/.config/distropack/config.toml ($XDG_CONFIG_HOME/distropack if set) on Linux, " +
    "~/Library/Application Support/distropack/config.toml on macOS (or ~/.config's when " +
    "only that one exists), %APPDATA%\\distropack\\config.toml on Windows; 'config path' " +
    "says which. Environment variables take precedence over it.",
};
