/**
 * Runs the CLI on `argv` (without the program name) and returns the exit
 * code. It finds what argv asks for and prints help or the version itself;
 * a command goes to src/program/invoke.ts, which reads the command's options,
 * runs it and renders its outcome once. Nothing in here exits the process;
 * main.ts does.
 */
import type { Host } from "../host.ts";
import { Output, type OutputMode } from "../output/output.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";
import { helpText } from "../cli/help.ts";
import { flagsGiven, locate, type Located } from "../cli/locate.ts";
import type { Handler } from "../commands/handler.ts";
import { COMMAND_TREE } from "../commands/tree.ts";
import { invoke, missingCommand } from "./invoke.ts";
import { exitCode, renderUsageFailure } from "../run/render.ts";

/** The real clock's wait, for main.ts: --version, answered before this module loads, needs none. */
export { sleep } from "../sleep.ts";

export async function run(argv: string[], deps: Host): Promise<number> {
  let located: Located<Handler>;
  try {
    located = locate(argv, COMMAND_TREE);
  } catch (error) {
    return await renderUsageFailure(flagsGiven(argv, COMMAND_TREE), deps, error);
  }
  switch (located.kind) {
    case "version":
      return await printed(deps, `${PROGRAM_NAME} ${VERSION}\n`);
    case "help":
      return await printed(deps, helpText(located.path));
    case "group":
      return await missingCommand(argv, deps, located);
    case "command":
      return await invoke(argv, deps, located, COMMAND_TREE);
  }
}

/**
 * Help or the version on stdout: 0, or, when it could not be written (a
 * full disk), what the renderer says of lost output.
 */
async function printed(deps: Host, text: string): Promise<number> {
  const output = new Output(deps, PLAIN);
  output.print(text);
  if (output.lost.length === 0) return 0;
  return await exitCode({ output }, 0);
}

/** The mode of help and version text: plain text on stdout, nothing asked of the terminal. */
const PLAIN: OutputMode = { format: "text", quiet: false, debug: false, color: false };
