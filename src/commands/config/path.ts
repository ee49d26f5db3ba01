import type { Handler } from "../../cli/define.ts";

/** The config file's path, whether or not the file exists yet. */
export const configPath: Handler = (ctx) => {
  const configFile = ctx.writablePath();
  return Promise.resolve({
    document: { config_file: configFile },
    lines: [configFile],
    restatesDocument: true,
  });
};
