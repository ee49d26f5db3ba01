/** Checks and settings more than one command needs. */
import type { Context } from "../cli/context.ts";
import { ENV_VARS, nonBlank } from "../config/env.ts";
import { UsageError } from "../errors.ts";
import type { ProgressEnv } from "../output/live.ts";

/** Longer ids and slot names than this are not real ones; refused before any request. */
export const MAX_NAME_LENGTH = 256;

/**
 * A name given on the command line (a slot, a version, a package id): not
 * blank, no control characters, not absurdly long. Returns it trimmed.
 */
export function checkedName(value: string, flag: string): string {
  const trimmed = value.trim();
  if (trimmed === "") throw new UsageError(`${flag} is blank. Give a value, e.g. ${flag} VALUE.`);
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new UsageError(`${flag} contains control characters. Give it as plain text.`);
  }
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `${flag} is ${trimmed.length} characters long; at most ${MAX_NAME_LENGTH} are accepted.`,
    );
  }
  return trimmed;
}

/** `--package-id`, else DISTROPACK_PACKAGE_ID, as CI guides tell users to set it. */
export function packageIdFrom(ctx: Context, flag: string | undefined): string {
  if (flag !== undefined) return checkedName(flag, "--package-id");
  const id = nonBlank(ctx.env, ENV_VARS.packageId);
  if (!id) {
    throw new UsageError(
      `No package id: pass --package-id ID or set ${ENV_VARS.packageId}. ` +
        `The id is shown on the package's page in the dashboard.`,
    );
  }
  return checkedName(id, ENV_VARS.packageId);
}

/** How the live views draw: as the terminal allows, on the run's clock. */
export function progressEnv(ctx: Context): ProgressEnv {
  return { live: ctx.terminal.animate, now: ctx.deps.now, columns: ctx.terminal.columns };
}
