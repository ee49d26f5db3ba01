/** The options the framework itself reads: help, everywhere, and the program's version. */
import type { OptionDef } from "./define.ts";

export const HELP_OPTION: OptionDef = {
  long: "help",
  short: "h",
  description: "show help for a command",
};
export const VERSION_OPTION: OptionDef = {
  long: "version",
  short: "V",
  description: "print the version and exit",
};
