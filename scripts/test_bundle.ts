// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * `deno task test:bundle`: the bundle users get, tested as the source is.
 * Bundles into dist/bundle/ (scripts/bundle.ts), then runs every test file
 * that spawns the CLI with DISTROPACK_CLI_BUNDLE set to dist/bundle/main.js,
 * so their runs are `deno run --permission-set=cli --config deno.json
 * dist/bundle/main.js` (tests/helpers/process.ts). Other arguments go to
 * `deno test`, e.g. `deno task test:bundle --filter upload`.
 */
import { bundle, bundleEntry, REPO_ROOT } from "./bundle.ts";

/** What tests/helpers/process.ts exports that starts the CLI as a process. */
const SPAWNS = ["runProcess", "cliCommand", "cliInvocation"];

/**
 * The test files under tests/ (paths from the root, sorted) that spawn the
 * CLI: those importing one of SPAWNS from helpers/process.ts.
 */
export async function spawnedTestFiles(): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}tests`)) {
    if (!entry.isFile || !entry.name.endsWith("_test.ts")) continue;
    const text = await Deno.readTextFile(`${REPO_ROOT}tests/${entry.name}`);
    const imports = /^import\s*\{([^}]*)\}\s*from\s*["']\.\/helpers\/process\.ts["']/m.exec(text);
    const names = imports?.[1].split(",").map((name) => name.replace(/^\s*type\s+/, "").trim());
    if (names?.some((name) => SPAWNS.includes(name))) files.push(`tests/${entry.name}`);
  }
  return files.sort();
}

if (import.meta.main) {
  if (!await bundle()) {
    console.error("deno bundle failed: see above.");
    Deno.exit(1);
  }
  const files = await spawnedTestFiles();
  console.error(`the ${files.length} test files that spawn the CLI, against ${bundleEntry()}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "--allow-all", "--quiet", "--parallel", ...Deno.args, ...files],
    cwd: REPO_ROOT,
    env: { DISTROPACK_CLI_BUNDLE: bundleEntry() },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  Deno.exit(code);
}
