import assert from "node:assert/strict";
import { compileArgs, compileConfig, REPO_ROOT } from "./compile.ts";

const DENO_JSON = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));

/** The npm package a bare specifier names, through deno.json's import map. */
function npmPackage(specifier: string): string | undefined {
  const key = Object.keys(DENO_JSON.imports).find((name) =>
    specifier === name || specifier.startsWith(`${name}/`)
  );
  const target = key ? DENO_JSON.imports[key] : specifier;
  return /^npm:((?:@[^/]+\/)?[^/@]+)/.exec(target)?.[1];
}

/**
 * What main.ts can load, read from the source itself: every module reached
 * by a static import or export, or by a literal `import()`, and the npm
 * packages they import. Type-only imports load nothing and are not followed.
 */
async function reachable(): Promise<{ modules: Set<string>; packages: Set<string> }> {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pattern = new RegExp(
    [
      String.raw`^\s*(?:import|export)\s+(?!type\b)[^;"']*?\bfrom\s*["']([^"']+)["']`,
      String.raw`^\s*import\s*["']([^"']+)["']`,
      String.raw`(?<![\w.])import\(\s*["']([^"']+)["']\s*\)`,
    ].join("|"),
    "gm",
  );
  const visit = async (path: string) => {
    if (modules.has(path)) return;
    modules.add(path);
    const text = await Deno.readTextFile(`${REPO_ROOT}${path}`);
    for (const match of text.matchAll(pattern)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.endsWith(".d.ts")) continue; // types, in a type position: nothing loads
      if (specifier.startsWith(".")) {
        await visit(new URL(specifier, `file:///${path}`).pathname.slice(1));
      } else if (!specifier.startsWith("node:")) {
        const name = npmPackage(specifier);
        assert.ok(name, `${path} imports ${specifier}, which is no npm package of deno.json`);
        packages.add(name);
      }
    }
  };
  await visit("main.ts");
  return { modules, packages };
}

/** The files `deno compile` puts in the binary, as its debug log names them. */
function embedded(log: string): { modules: Set<string>; packages: Set<string> } {
  const root = REPO_ROOT.replaceAll("\\", "/");
  const modules = new Set<string>();
  const packages = new Set<string>();
  for (const [, file] of log.matchAll(/Adding file '([^']+)'/g)) {
    const path = file.replaceAll("\\", "/");
    const npm = /\/registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\/[^/]+\//.exec(path);
    // Windows may name the repository with a \\?\ prefix or in another case.
    const at = path.toLowerCase().indexOf(root.toLowerCase());
    if (npm) packages.add(npm[1]);
    else modules.add(at >= 0 ? path.slice(at + root.length) : path);
  }
  return { modules, packages };
}

Deno.test("the source scan finds the lazily loaded command runner and every npm package", async () => {
  const { modules, packages } = await reachable();
  for (const module of ["src/cli/run.ts", "src/cli/invoke.ts", "src/api/client.ts"]) {
    assert.ok(modules.has(module), module);
  }
  assert.deepEqual([...packages].sort(), ["cli-progress", "leven", "smol-toml", "zeptomatch"]);
});

Deno.test(
  "deno task compile, checked with a stand-in runtime (DENORT_BIN=deno, the binary is not run), embeds every module main.ts can load and no test, script or dev-only package",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "distropack-compile-" });
    try {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["task", "compile", `--output=${dir}/distropack-cli`, "--log-level=debug"],
        cwd: REPO_ROOT,
        env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      assert.equal(code, 0, log.slice(-2000));
      const actual = embedded(log);
      const expected = await reachable();
      const missing = [...expected.modules].filter((module) => !actual.modules.has(module));
      assert.deepEqual(missing, [], "modules main.ts can load but the binary lacks");
      const missingPackages = [...expected.packages].filter((name) => !actual.packages.has(name));
      assert.deepEqual(missingPackages, [], "npm packages the CLI imports but the binary lacks");
      const strays = [...actual.modules].filter((path) =>
        /(^|\/)(tests|scripts|bench)\//.test(path) || path.endsWith("_test.ts")
      );
      assert.deepEqual(strays, [], "tests or tooling in the binary");
      const devOnly = Object.keys(DENO_JSON.imports).map(npmPackage)
        .filter((name) => name && !expected.packages.has(name) && actual.packages.has(name));
      assert.deepEqual(devOnly, [], "npm packages only the tests or scripts use, in the binary");
      // Nothing of the derived config is left beside deno.json.
      const left = [...Deno.readDirSync(REPO_ROOT)].filter((e) => e.name.startsWith(".compile-"));
      assert.deepEqual(left, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("the compile config keeps deno.json's permissions, drops lazy imports and dev packages", () => {
  const config = compileConfig(DENO_JSON, ["cli-progress@3.12.0", "leven@4.1.0"]);
  assert.deepEqual(config.permissions, DENO_JSON.permissions);
  assert.equal(config.unstable, undefined);
  assert.deepEqual(Object.keys(config.imports ?? {}), ["cli-progress", "leven"]);
  const kept = compileConfig({ ...DENO_JSON, unstable: ["lazy-dynamic-imports", "kv"] }, []);
  assert.deepEqual(kept.unstable, ["kv"]);
});

Deno.test("binaries are compiled with the cli permission set and no other grant", () => {
  const args = compileArgs("cfg.json", "dist/distropack-cli-linux-x86_64", {
    target: "x86_64-unknown-linux-gnu",
  });
  assert.ok(args.includes("--permission-set=cli"));
  assert.ok(args.includes("--no-prompt"));
  assert.ok(args.includes("--config=cfg.json"));
  assert.ok(args.includes("--target=x86_64-unknown-linux-gnu"));
  assert.ok(args.includes("--output=dist/distropack-cli-linux-x86_64"));
  assert.deepEqual(args.filter((arg) => /^(-A|--allow-)/.test(arg)), []);
  // No CA file baked in: SSL_CERT_FILE, DENO_CERT and DENO_TLS_CA_STORE are read at run time.
  assert.deepEqual(args.filter((arg) => /^--(cert|unsafely-ignore)/.test(arg)), []);
});
