/**
 * Loads a module the first time a run needs it.
 *
 * A literal `import("./x.ts")` is read ahead by the runtime: before the
 * first line runs, it loads and analyses x.ts and all it imports, whether
 * the run needs them or not, so every command would pay for every other
 * command's code at start-up. A specifier built at run time is read only
 * when the import runs. The compiled binary gets these modules from the
 * `--include` flags of the `compile` task; a test keeps that list equal to
 * the calls of `late`.
 *
 * `specifier` is relative to `base`, the caller's `import.meta.url`; `T` is
 * the module's type, given as `typeof import("./x.ts")`, which is read for
 * types only.
 */
export function late<T>(specifier: string, base: string): Promise<T> {
  return import(new URL(specifier, base).href);
}
