import assert from "node:assert/strict";
import { loadedModules, loadedText, withDebugLog } from "./_modules.ts";

const LOG = [
  "DEBUG RS - deno::module_loader:835 - V8 code cache hit for ES module: file:///r/dist/bundle/main.js, [69]",
  "DEBUG RS - deno::module_loader:1821 - Updating V8 code cache for ES module: file:///r/dist/bundle/run-X.js, [39]",
  // The same module twice (looked up, then written) counts once.
  "DEBUG RS - deno::module_loader:835 - V8 code cache hit for ES module: file:///r/dist/bundle/run-X.js, [39]",
  "DEBUG RS - deno::module_loader:1821 - Updating V8 code cache for ES module: file:///home/u/.cache/deno/npm/registry.npmjs.org/leven/4.1.0/index.js, [86]",
  "DEBUG RS - deno::module_loader:1802 - V8 code cache hit for ES module: ext:deno_node/internal/errors.ts, [33]",
  "DEBUG RS - deno::module_loader:1802 - V8 code cache hit for ES module: node:process, [17]",
  "DEBUG RS - deno_cache_dir::file_fetcher:638 - FileFetcher::fetch_no_follow - specifier: file:///r/x.js",
].join("\n");

Deno.test("a run's debug log gives its own files, the runtime's lazily loaded modules and its npm packages", () => {
  assert.deepEqual(loadedModules(LOG), { files: 2, packages: ["leven"], runtime: 2 });
  assert.equal(loadedText(loadedModules(LOG)), "2 files, 2 runtime modules, npm: leven");
  assert.equal(loadedText({ files: 1, packages: [], runtime: 1 }), "1 file, 1 runtime module");
});

Deno.test("the debug run is the same deno run without --quiet, which would silence the log", () => {
  const invocation = {
    program: "deno",
    args: ["run", "--quiet", "--no-prompt", "main.ts", "--quiet"],
    env: {},
    cwd: "/r",
  };
  assert.deepEqual(withDebugLog(invocation).args, [
    "run",
    "--log-level=debug",
    "--no-prompt",
    "main.ts",
    "--quiet",
  ]);
  assert.throws(() => withDebugLog({ ...invocation, program: "/bin/dp", args: ["--help"] }));
});
