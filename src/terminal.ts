/**
 * What the terminal and the environment allow, decided once at start:
 * colour, live animation, prompting, and which CI runs the CLI.
 */
import type { Host } from "./host.ts";
import { ENV_VARS } from "./settings/env.ts";
import type { CiProvider } from "./ci/provider.ts";
import { detectProvider } from "./ci/providers.ts";

export interface Terminal {
  /** Colour on stderr. */
  color: boolean;
  /** Live views that redraw (progress bar, job table) on stderr. */
  animate: boolean;
  /** A hidden prompt on the terminal may ask for input. */
  canPrompt: boolean;
  /** The CI system running the CLI, if any. */
  ci: CiProvider | undefined;
  /** The width of stderr's terminal, when it is one. */
  columns: () => number | undefined;
}

export function detectTerminal(deps: Host, quiet: boolean): Terminal {
  const { env } = deps;
  const ci = detectProvider(env);
  // TERM=dumb terminals show escape sequences as text; NO_COLOR counts only when not empty.
  const dumb = env(ENV_VARS.term) === "dumb";
  const color = (env(ENV_VARS.noColor) ?? "") === "" && deps.stderrIsTerminal && !dumb;
  return {
    color,
    animate: deps.stderrIsTerminal && !dumb && ci === undefined && !quiet,
    canPrompt: deps.stdin.isTerminal() && env(ENV_VARS.ci) === undefined,
    ci,
    columns: () => deps.columns?.(),
  };
}
