import assert from "node:assert/strict";
import { bundle, bundleArgs, externalNames } from "./bundle.ts";
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
 * What `entry` (a path under `root`) can load, read from the code itself:
 * every module reached by a static import or export, or by a literal
 * `import()`, and the npm packages they import. Type-only imports load
 * nothing and are not followed. Works on the source (main.ts) and on the
 * bundle (main.js and its chunks) alike.
 */
async function reachable(
  root: string,
  entry: string,
): Promise<{ modules: Set<string>; packages: Set<string> }> {
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
    const text = await Deno.readTextFile(`${root}/${path}`);
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
  await visit(entry);
  return { modules, packages };
}

/** A code-split bundle of the working tree in a temp dir, removed after `use`. */
async function withBundle(use: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "distropack-bundle-" });
  try {
    assert.ok(await bundle(`${dir}/bundle`), "deno bundle failed");
    await use(`${dir}/bundle`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The files `deno compile` puts in the binary, as its debug log names them:
 * npm packages by name, the rest as paths from `root` (full paths outside it).
 */
function embedded(log: string, root: string): { modules: Set<string>; packages: Set<string> } {
  const prefix = `${root.replaceAll("\\", "/").replace(/\/$/, "")}/`;
  const modules = new Set<string>();
  const packages = new Set<string>();
  for (const [, file] of log.matchAll(/Adding file '([^']+)'/g)) {
    const path = file.replaceAll("\\", "/");
    const npm = /\/registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\/[^/]+\//.exec(path);
    // Windows may name the directory with a \\?\\ prefix or in another case.
    const at = path.toLowerCase().indexOf(prefix.toLowerCase());
    if (npm) packages.add(npm[1]);
    else modules.add(at >= 0 ? path.slice(at + prefix.length) : path);
  }
  return { modules, packages };
}

Deno.test("the source scan finds the lazily loaded command runner and every npm package", async () => {
  const { modules, packages } = await reachable(REPO_ROOT, "main.ts");
  for (const module of ["src/program/run.ts", "src/program/invoke.ts", "src/api/client.ts"]) {
    assert.ok(modules.has(module), module);
  }
  assert.deepEqual([...packages].sort(), [
    "@noble/hashes",
    "cli-progress",
    "leven",
    "smol-toml",
    "zeptomatch",
  ]);
});

Deno.test("the bundle keeps every npm package external and holds every module main.ts can load", async () => {
  await withBundle(async (dir) => {
    const source = await reachable(REPO_ROOT, "main.ts");
    const built = await reachable(dir, "main.js");
    // Each package is imported by name (external), not inlined: the same ones as the source.
    assert.deepEqual([...built.packages].sort(), [...source.packages].sort());
    // The bundler names each module it takes in (`// src/program/run.ts`); none may be lost.
    const chunks = [...built.modules].map((module) => Deno.readTextFile(`${dir}/${module}`));
    const text = (await Promise.all(chunks)).join("\n");
    const bundled = new Set([...text.matchAll(/^\/\/ (\S+\.ts)$/gm)].map((m) => m[1]));
    const lost = [...source.modules].filter((module) => !bundled.has(module));
    assert.deepEqual(lost, [], "modules main.ts can load that no chunk of the bundle holds");
  });
});

Deno.test("deno task bundle empties its directory first, so no stale chunk is left to embed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "distropack-bundle-" });
  try {
    await Deno.mkdir(`${dir}/bundle`);
    await Deno.writeTextFile(`${dir}/bundle/chunk-STALE.js`, "export {};\n");
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "bundle", `--outdir=${dir}/bundle`],
      cwd: REPO_ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const names = [...Deno.readDirSync(`${dir}/bundle`)].map((entry) => entry.name);
    assert.ok(names.includes("main.js"), names.join(" "));
    assert.ok(!names.includes("chunk-STALE.js"), "a chunk of an earlier bundle is left");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task bundle refuses an argument it does not take, in one line, before touching its directory", async () => {
  // `--outdir DIR` would leave DIR to be read as something else: only the `=` form is taken.
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "bundle", "--outdir", "elsewhere"],
    cwd: REPO_ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 2);
  assert.equal(
    new TextDecoder().decode(stderr).trim(),
    "deno task bundle: unknown argument '--outdir' (it takes only --outdir=DIR)",
  );
});

Deno.test("the bundle keeps each npm package of the CLI external by its import-map name, in the --external=NAME form", () => {
  const packages = ["cli-progress@3.12.0", "leven@4.1.0", "smol-toml@1.9.1", "zeptomatch@2.1.0"];
  const names = externalNames(DENO_JSON.imports, packages);
  assert.deepEqual(names.sort(), ["cli-progress", "leven", "smol-toml", "zeptomatch"]);
  // A package of the import map that main.ts does not import (tests', scripts') is not named.
  assert.deepEqual(externalNames({ yaml: "npm:yaml@2.9.1", leven: "npm:leven@4.1.0" }, packages), [
    "leven",
  ]);
  // A scoped package is named whole, whatever subpath the source imports.
  const scoped = { "@noble/hashes": "npm:@noble/hashes@2.4.0" };
  assert.deepEqual(externalNames(scoped, ["@noble/hashes@2.4.0"]), ["@noble/hashes"]);
  const args = bundleArgs("out", names);
  assert.deepEqual(args.filter((arg) => arg.startsWith("--external")), [
    "--external=cli-progress",
    "--external=cli-progress/*",
    "--external=leven",
    "--external=leven/*",
    "--external=smol-toml",
    "--external=smol-toml/*",
    "--external=zeptomatch",
    "--external=zeptomatch/*",
  ]);
  // `--packages external` still inlines the packages in 2.9.6.
  assert.deepEqual(args.filter((arg) => arg.startsWith("--packages")), []);
  assert.ok(args.includes("--code-splitting"));
  assert.ok(args.includes("--platform=deno"));
  assert.ok(args.includes("--outdir=out"));
  assert.equal(args.at(-1), `${REPO_ROOT}main.ts`);
});

Deno.test(
  "deno task compile, checked with a stand-in runtime (DENORT_BIN=deno, the binary is not run), compiles the bundle: every chunk main.js can load and its npm packages, and no source, test, script or dev-only package",
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "distropack-compile-" });
    try {
      const bundleDir = `${dir}/bundle`;
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: [
          "task",
          "compile",
          `--output=${dir}/distropack-cli`,
          `--bundle-dir=${bundleDir}`,
          "--log-level=debug",
        ],
        cwd: REPO_ROOT,
        env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const log = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
      assert.equal(code, 0, log.slice(-2000));
      const actual = embedded(log, bundleDir);
      const expected = await reachable(bundleDir, "main.js");
      const missing = [...expected.modules].filter((module) => !actual.modules.has(module));
      assert.deepEqual(missing, [], "chunks main.js can load but the binary lacks");
      const missingPackages = [...expected.packages].filter((name) => !actual.packages.has(name));
      assert.deepEqual(missingPackages, [], "npm packages the CLI imports but the binary lacks");
      // Everything but the npm packages is a chunk of the bundle: no source file, test or script.
      const outside = [...actual.modules].filter((path) => !expected.modules.has(path));
      assert.deepEqual(outside, [], "files in the binary that are no chunk main.js can load");
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

Deno.test("binaries are compiled from the bundle with the cli permission set and no other grant", () => {
  const args = compileArgs("cfg.json", "dist/distropack-cli-linux-x86_64", {
    target: "x86_64-unknown-linux-gnu",
  });
  assert.equal(args.at(-1), `${REPO_ROOT}dist/bundle/main.js`);
  assert.ok(args.includes("--permission-set=cli"));
  assert.ok(args.includes("--no-prompt"));
  assert.ok(args.includes("--config=cfg.json"));
  assert.ok(args.includes("--target=x86_64-unknown-linux-gnu"));
  assert.ok(args.includes("--output=dist/distropack-cli-linux-x86_64"));
  assert.deepEqual(args.filter((arg) => /^(-A|--allow-)/.test(arg)), []);
  // No CA file baked in: SSL_CERT_FILE, DENO_CERT and DENO_TLS_CA_STORE are read at run time.
  assert.deepEqual(args.filter((arg) => /^--(cert|unsafely-ignore)/.test(arg)), []);
});
