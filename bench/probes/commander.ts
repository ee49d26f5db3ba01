// Start-up probe: the command-line parser alone, as the CLI imports it.
import { Command } from "@commander-js/extra-typings";

new Command();
