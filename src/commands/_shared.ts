import type { Context } from "../context.ts";
import { ENV_VARS, nonBlank } from "../config/env.ts";
import { UsageError } from "../errors.ts";
import type { ProgressEnv } from "../output/upload_progress.ts";

/** `--package-id`, else DISTROPACK_PACKAGE_ID, as CI guides tell users to set it. */
export function packageIdFrom(ctx: Context, flag: string | undefined): string {
  const id = flag?.trim() || nonBlank(ctx.env, ENV_VARS.packageId);
  if (!id) {
    throw new UsageError(
      `No package id: pass --package-id ID or set ${ENV_VARS.packageId}. ` +
        `The id is shown on the package's page in the dashboard.`,
    );
  }
  return id;
}

/** Animation only on a terminal, outside CI, and without --quiet. */
export function progressEnv(ctx: Context): ProgressEnv {
  const { deps, output } = ctx;
  return {
    live: deps.stderrIsTerminal && ctx.env(ENV_VARS.ci) === undefined && !output.mode.quiet,
    now: deps.now,
    columns: deps.columns,
  };
}
