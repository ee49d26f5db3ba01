import type { Context } from "../context.ts";

/** The config file's path, whether or not the file exists yet. */
export function configPath(ctx: Context): { config_file: string } {
  return { config_file: ctx.writablePath() };
}

export function renderPath(ctx: Context, result: { config_file: string }): void {
  ctx.output.result(result.config_file);
  ctx.output.json(result);
}
