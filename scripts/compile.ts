// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * How the CLI is compiled, for this machine (`deno task compile`) and for
 * each release target (`compile:all`, which calls compileArgs and
 * withCompileConfig):
 *
 *   deno task compile                         # dist/distropack-cli (.exe on Windows)
 *   deno task compile --output=/tmp/dp        # elsewhere; other flags go to deno compile
 *
 * The binary must hold every module the CLI can load. Two settings of
 * deno.json serve running from source and would leave modules out, so
 * compile gets a config derived from it, written beside it for the run and
 * removed after:
 *
 * - without `lazy-dynamic-imports`, which keeps every literal `import()` out
 *   of the graph `deno compile` embeds;
 * - with only the npm packages that main.ts's graph imports, static and
 *   lazy imports alike, since compile embeds every package of the import
 *   map: the tests' and scripts' packages stay out of the binary.
 *
 * Everything else, the `cli` permission set first, is deno.json's own.
 */
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

type Config = Record<string, unknown> & {
  imports?: Record<string, string>;
  unstable?: string[];
};

/**
 * The config compile runs with: `config` (deno.json) without
 * `lazy-dynamic-imports`, and its import map cut to the npm packages in
 * `graphPackages` ("name@version", as `deno info` names them).
 */
export function compileConfig(config: Config, graphPackages: Iterable<string>): Config {
  const used = new Set([...graphPackages].map((name) => `npm:${name}`));
  const imports = Object.fromEntries(
    Object.entries(config.imports ?? {}).filter(([, target]) =>
      !target.startsWith("npm:") || used.has(target.replace(/\/.*$/, ""))
    ),
  );
  const unstable = (config.unstable ?? []).filter((flag) => flag !== "lazy-dynamic-imports");
  const { unstable: _, ...rest } = config;
  return { ...rest, ...(unstable.length > 0 ? { unstable } : {}), imports };
}

/** The npm packages ("name@version") that main.ts imports, lazily or not. */
export async function graphPackages(): Promise<string[]> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", `--config=${REPO_ROOT}deno.json`, `${REPO_ROOT}main.ts`],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) throw new Error(`deno info failed: ${new TextDecoder().decode(stderr)}`);
  const { modules } = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules: { specifier: string }[];
  };
  return modules.flatMap(({ specifier }) => {
    const match = /^npm:\/?((?:@[^/]+\/)?[^/@]+@[^/]+)/.exec(specifier);
    return match ? [match[1]] : [];
  });
}

/**
 * Runs `use` with the path of the compile config, written beside deno.json
 * (where compile finds the lockfile and the npm packages as it does for
 * deno.json) and removed afterwards.
 */
export async function withCompileConfig<T>(use: (path: string) => Promise<T>): Promise<T> {
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`)) as Config;
  const derived = compileConfig(config, await graphPackages());
  const path = await Deno.makeTempFile({ dir: REPO_ROOT, prefix: ".compile-", suffix: ".json" });
  try {
    await Deno.writeTextFile(path, JSON.stringify(derived, null, 2));
    return await use(path);
  } finally {
    await Deno.remove(path);
  }
}

/**
 * The `deno compile` arguments: the cli permission set, no prompt, deno.json's
 * lockfile. Not `--frozen`: with the import map cut, compile 2.9.6 then leaves
 * every npm package out of the binary without a word.
 */
export function compileArgs(
  config: string,
  output: string,
  { target, extra = [] }: { target?: string; extra?: string[] } = {},
): string[] {
  return [
    "compile",
    "--permission-set=cli",
    "--no-prompt",
    `--config=${config}`,
    `--lock=${REPO_ROOT}deno.lock`,
    ...(target ? [`--target=${target}`] : []),
    `--output=${output}`,
    ...extra,
    `${REPO_ROOT}main.ts`,
  ];
}

/** Compiles with `args` (from compileArgs); the process's own output goes to the terminal. */
export async function compile(args: string[]): Promise<boolean> {
  const { success } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO_ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return success;
}

if (import.meta.main) {
  const exe = Deno.build.os === "windows" ? ".exe" : "";
  let output = `${REPO_ROOT}dist/distropack-cli${exe}`;
  const extra: string[] = [];
  for (let i = 0; i < Deno.args.length; i++) {
    const arg = Deno.args[i];
    if (arg === "--output" || arg === "-o") output = Deno.args[++i];
    else if (arg.startsWith("--output=")) output = arg.slice("--output=".length);
    else extra.push(arg);
  }
  const ok = await withCompileConfig((config) => compile(compileArgs(config, output, { extra })));
  if (!ok) console.error("deno compile failed: see above.");
  Deno.exit(ok ? 0 : 1);
}
