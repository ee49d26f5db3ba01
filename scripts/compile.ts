// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * How the CLI is compiled, for this machine (`deno task compile`) and for
 * each release target (`compile:all`, which calls bundle, compileArgs and
 * withCompileConfig):
 *
 *   deno task compile                         # dist/distropack-cli (.exe on Windows)
 *   deno task compile --output=/tmp/dp        # elsewhere; other flags go to deno compile
 *
 * What is compiled is the code-split bundle (scripts/bundle.ts), built first
 * into dist/bundle/ (`--bundle-dir=DIR`: elsewhere), so the binary starts as
 * fast as the bundle does. The binary must hold every chunk the CLI can load.
 * Two settings of deno.json serve running from source and would leave files
 * out, so compile gets a config derived from it, written beside it for the
 * run and removed after:
 *
 * - without `lazy-dynamic-imports`, which keeps every literal `import()` (a
 *   chunk loaded on first use) out of the graph `deno compile` embeds;
 * - with only the npm packages that main.ts's graph imports, static and
 *   lazy imports alike, since compile embeds every package of the import
 *   map: the tests' and scripts' packages stay out of the binary.
 *
 * Everything else, the `cli` permission set first, is deno.json's own.
 */
import {
  bundle,
  BUNDLE_DIR,
  bundleEntry,
  deno,
  externalNames,
  graphPackages,
  REPO_ROOT,
} from "./bundle.ts";

export { REPO_ROOT };

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
  const used = new Set(externalNames(config.imports ?? {}, graphPackages));
  const imports = Object.fromEntries(
    Object.entries(config.imports ?? {}).filter(([name, target]) =>
      !target.startsWith("npm:") || used.has(name)
    ),
  );
  const unstable = (config.unstable ?? []).filter((flag) => flag !== "lazy-dynamic-imports");
  const { unstable: _, ...rest } = config;
  return { ...rest, ...(unstable.length > 0 ? { unstable } : {}), imports };
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
 * lockfile, the bundle's entry (`entry`: another bundle's). Not `--frozen`:
 * with the import map cut, compile 2.9.6 then leaves every npm package out of
 * the binary without a word.
 */
export function compileArgs(
  config: string,
  output: string,
  { target, extra = [], entry = bundleEntry() }: {
    target?: string;
    extra?: string[];
    entry?: string;
  } = {},
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
    entry,
  ];
}

/** Compiles with `args` (from compileArgs); the process's own output goes to the terminal. */
export const compile = (args: string[]): Promise<boolean> => deno(args);

if (import.meta.main) {
  const exe = Deno.build.os === "windows" ? ".exe" : "";
  let output = `${REPO_ROOT}dist/distropack-cli${exe}`;
  let bundleDir = BUNDLE_DIR;
  const extra: string[] = [];
  for (let i = 0; i < Deno.args.length; i++) {
    const arg = Deno.args[i];
    if (arg === "--output" || arg === "-o") output = Deno.args[++i];
    else if (arg.startsWith("--output=")) output = arg.slice("--output=".length);
    else if (arg.startsWith("--bundle-dir=")) bundleDir = arg.slice("--bundle-dir=".length);
    else extra.push(arg);
  }
  if (!await bundle(bundleDir)) {
    console.error("deno bundle failed: see above.");
    Deno.exit(1);
  }
  const entry = bundleEntry(bundleDir);
  const ok = await withCompileConfig((config) =>
    compile(compileArgs(config, output, { extra, entry }))
  );
  if (!ok) console.error("deno compile failed: see above.");
  Deno.exit(ok ? 0 : 1);
}
