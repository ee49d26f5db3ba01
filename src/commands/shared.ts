/** Checks and settings more than one command needs. */
import type { Context } from "../run/context.ts";
import { ENV_VARS, nonBlank } from "../settings/env.ts";
import { UsageError } from "../errors.ts";
import { checkedName } from "../text/names.ts";
import type { ProgressEnv } from "../output/live.ts";
import { defineOption } from "../cli/define.ts";

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

/** How the live views draw: as the terminal allows, on the run's monotonic clock. */
export function progressEnv(ctx: Context): ProgressEnv {
  return {
    live: ctx.terminal.animate,
    monotonic: ctx.deps.monotonic,
    columns: ctx.terminal.columns,
  };
}

/** `--manifest`: the release manifest to read instead of `distropack.toml` in the working directory. */
export const MANIFEST_OPTION = defineOption({
  long: "manifest",
  value: "path",
  path: true,
  description: "the release manifest to read (env: DISTROPACK_MANIFEST; default: " +
    "distropack.toml in the working directory, when there is one)",
});
