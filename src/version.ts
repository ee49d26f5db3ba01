/** The one source of truth for the CLI's version; the release workflow checks the tag against it. */
export const VERSION = "2.0.0";

export const PROGRAM_NAME = "distropack-cli";
