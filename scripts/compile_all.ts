// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Builds release binaries with `deno compile`, archives them and writes
 * checksums.txt:
 *
 *   deno task compile:all                      # all five targets into dist/
 *   deno task compile:all --target aarch64-apple-darwin
 *   deno task compile:all --no-compile         # archive binaries already in dist/
 *
 * Each target is compiled as `deno task compile` compiles for this machine
 * (scripts/compile.ts): the code-split bundle, built first into dist/bundle/,
 * with the `cli` permission set, the one the `cli` task and the end-to-end
 * tests run with, and every chunk the CLI can load.
 */
import { parseArgs } from "node:util";
import { MAN_PAGE_PATH } from "../src/docs/files.ts";
import { writeChecksums } from "./checksums.ts";
import { bundle } from "./bundle.ts";
import { compile, compileArgs, REPO_ROOT, withCompileConfig } from "./compile.ts";
import { archiveBytes, type ReleaseTarget, targetOf, TARGETS } from "./release_assets.ts";

async function archive(target: ReleaseTarget, outDir: string): Promise<void> {
  const path = `${outDir}/${target.binary}`;
  const [binary, info, manPage] = await Promise.all([
    Deno.readFile(path),
    Deno.stat(path),
    // Committed beside the sources and kept fresh by a test (deno task docs).
    Deno.readFile(`${REPO_ROOT}${MAN_PAGE_PATH}`),
  ]);
  const bytes = await archiveBytes(target, binary, info.mtime ?? new Date(), manPage);
  await Deno.writeFile(`${outDir}/${target.archive}`, bytes);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", multiple: true },
      "no-compile": { type: "boolean", default: false },
      out: { type: "string", default: `${REPO_ROOT}dist` },
    },
  });
  const targets = values.target?.map(targetOf) ?? TARGETS;
  const outDir = values.out;
  await Deno.mkdir(outDir, { recursive: true });
  if (!values["no-compile"]) {
    if (!await bundle()) throw new Error("deno bundle failed: see above.");
    await withCompileConfig(async (config) => {
      for (const target of targets) {
        const output = `${outDir}/${target.binary}`;
        if (!await compile(compileArgs(config, output, { target: target.target }))) {
          throw new Error(`deno compile failed for ${target.target}.`);
        }
      }
    });
  }
  for (const target of targets) {
    await archive(target, outDir);
    console.error(`${target.target}: ${target.binary}, ${target.archive}`);
  }
  // Only release assets: dist/ may also hold the `compile` task's binary or older builds.
  const assets = new Set(TARGETS.flatMap((t) => [t.binary, t.archive]));
  await writeChecksums(outDir, (name) => assets.has(name));
  console.error(`${outDir}/checksums.txt written`);
}
