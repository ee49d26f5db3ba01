// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * `deno task bundle`: the CLI as a code-split bundle, the artifact users get
 * (`deno task compile` and `compile:all` compile it):
 *
 *   deno task bundle                  # dist/bundle/, entry dist/bundle/main.js
 *   deno task bundle --outdir=DIR     # elsewhere
 *
 * Start-up is the build's job: each literal `import()` of the source becomes
 * a chunk of its own, loaded when that line runs, and the modules every run
 * needs are joined into a few files, which the runtime reads and
 * instantiates much faster than one module per source file.
 *
 * The CLI's npm packages stay external, each named with `--external=NAME`
 * and `--external=NAME/*` for its subpaths (with `--external NAME`, bundle 2.9.6 takes the entry as a second value and
 * bundles nothing), so each still loads only when a run needs it. Not
 * `--packages external`: 2.9.6 then still inlines them, and cli-progress's
 * `node:module` shim lands in a chunk every command loads (1.8x slower). The
 * names are the import map's entries for the npm packages main.ts's graph
 * imports, as `deno info` lists them, never a second list.
 *
 * The output directory is emptied first, so no chunk of an earlier bundle
 * is left for compile to embed or a run to load.
 */
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where `deno task bundle` writes, and `deno task compile` reads. */
export const BUNDLE_DIR = `${REPO_ROOT}dist/bundle`;
/** The entry point of a bundle in `dir`. */
export const bundleEntry = (dir = BUNDLE_DIR) => `${dir}/main.js`;

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
 * The bare names to keep external: the entries of `imports` (deno.json's
 * import map) that point to one of `packages` ("name@version").
 */
/** `npm:name@version` of `npm:name@version/sub/path`, scoped names (`@scope/name`) kept whole. */
export function withoutSubpath(target: string): string {
  return /^npm:(?:@[^/]+\/)?[^/]+/.exec(target)?.[0] ?? target;
}

export function externalNames(
  imports: Record<string, string>,
  packages: Iterable<string>,
): string[] {
  const used = new Set([...packages].map((name) => `npm:${name}`));
  return Object.entries(imports)
    .filter(([, target]) => target.startsWith("npm:") && used.has(withoutSubpath(target)))
    .map(([name]) => name);
}

/** The `deno bundle` arguments that write the bundle of main.ts into `outdir`. */
export function bundleArgs(outdir: string, externals: string[]): string[] {
  return [
    "bundle",
    "--quiet",
    "--code-splitting",
    "--platform=deno",
    `--config=${REPO_ROOT}deno.json`,
    `--outdir=${outdir}`,
    // NAME/* too: an import of a subpath (`@noble/hashes/sha2.js`) is inlined otherwise.
    ...externals.flatMap((name) => [`--external=${name}`, `--external=${name}/*`]),
    `${REPO_ROOT}main.ts`,
  ];
}

/**
 * Empties `outdir` and bundles main.ts into it; the bundler's own messages go
 * to the terminal. Returns whether it succeeded.
 */
export async function bundle(outdir = BUNDLE_DIR): Promise<boolean> {
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`)) as {
    imports?: Record<string, string>;
  };
  const externals = externalNames(config.imports ?? {}, await graphPackages());
  await Deno.remove(outdir, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  return await deno(bundleArgs(outdir, externals));
}

/** Runs `deno` with `args` in the repository; its own output goes to the terminal. */
export async function deno(args: string[]): Promise<boolean> {
  const { success } = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: REPO_ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return success;
}

if (import.meta.main) {
  let outdir: string | undefined;
  for (const arg of Deno.args) {
    if (arg.startsWith("--outdir=") && arg.length > "--outdir=".length) {
      outdir = arg.slice("--outdir=".length);
    } else {
      console.error(`deno task bundle: unknown argument '${arg}' (it takes only --outdir=DIR)`);
      Deno.exit(2);
    }
  }
  const ok = await bundle(outdir);
  if (!ok) console.error("deno bundle failed: see above.");
  else console.error(`bundled main.ts into ${outdir ?? BUNDLE_DIR}/ (entry main.js)`);
  Deno.exit(ok ? 0 : 1);
}
