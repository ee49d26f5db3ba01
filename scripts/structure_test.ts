/**
 * What the layout promises, checked on the source: start-up reaches no Node
 * built-in and no package, the modules import each other in no circle, and
 * no file grows past 300 lines. Read from the import statements, the way
 * the runtime builds its graph: `import type` is erased, and a literal
 * `import("./x.ts")` is loaded when it runs, not at start-up (deno.json's
 * `lazy-dynamic-imports`), so it is no edge of the start-up graph.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

function code(text: string): string {
  return text.split("\n").filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)).join("\n");
}

/** What a module loads before its first line runs: `import ... from`, `export ... from`. */
function runtimeImports(text: string): string[] {
  const statements = code(text).matchAll(
    /^(?:import|export)\s+(?!type\b)(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']/gm,
  );
  return [...statements].map((match) => match[1]);
}

/** What a module loads when a line runs: literal `import("...")`. */
function lazyImports(text: string): string[] {
  const calls = code(text).matchAll(/(?<!typeof\s)\bimport\(\s*["']([^"']+)["']\s*\)/g);
  return [...calls].map((match) => match[1]);
}

/** `dir/../x.ts` as a path from the root. */
function joined(from: string, specifier: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

async function graph(...start: string[]) {
  const edges = new Map<string, string[]>();
  const external = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (edges.has(file)) continue;
    const local: string[] = [];
    for (const specifier of runtimeImports(await Deno.readTextFile(`${REPO_ROOT}${file}`))) {
      if (specifier.startsWith(".")) local.push(joined(file, specifier));
      else external.add(`${file}: ${specifier}`);
    }
    edges.set(file, local);
    queue.push(...local);
  }
  return { edges, external };
}

async function sourceFiles(dir = "src", withTests = false): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) files.push(...await sourceFiles(path, withTests));
    else if (/\.ts$/.test(path) && !/\.d\.ts$/.test(path)) {
      if (withTests || !path.endsWith("_test.ts")) files.push(path);
    }
  }
  return files;
}

Deno.test("the modules of src import each other in no circle, lazy imports counted", async () => {
  const edges = new Map<string, string[]>();
  for (const file of await sourceFiles()) {
    const lazy = lazyImports(await Deno.readTextFile(`${REPO_ROOT}${file}`))
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => joined(file, specifier));
    edges.set(file, [...(await graph(file)).edges.get(file)!, ...lazy]);
  }
  const state = new Map<string, "open" | "done">();
  const circles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      circles.push([...path.slice(path.indexOf(file)), file].join(" -> "));
      return;
    }
    state.set(file, "open");
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, "done");
  };
  for (const file of edges.keys()) visit(file, []);
  assert.deepEqual(circles, []);
});

Deno.test("no file in src is over 300 lines", async () => {
  const long: string[] = [];
  for (const file of await sourceFiles()) {
    const lines = (await Deno.readTextFile(`${REPO_ROOT}${file}`)).trimEnd().split("\n").length;
    if (lines > 300) long.push(`${file}: ${lines}`);
  }
  assert.deepEqual(long, []);
});

Deno.test("src and scripts, their unit tests too, import nothing from tests/", async () => {
  const reaching: string[] = [];
  for (const file of [...await sourceFiles("src", true), ...await sourceFiles("scripts", true)]) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const specifier of [...runtimeImports(text), ...lazyImports(text)]) {
      if (joined(file, specifier).startsWith("tests/")) reaching.push(`${file}: ${specifier}`);
    }
  }
  assert.deepEqual(reaching, []);
});

Deno.test("only the runner takes the stop signal from the deps; commands take ctx.signal", async () => {
  // Taking it is what starts the listening, and the runner's grace period is
  // armed only for a signal taken through it (src/run/invoke.ts).
  const readers: string[] = [];
  for (const file of await sourceFiles()) {
    if (/\bdeps\??\.signal\b/.test(code(await Deno.readTextFile(`${REPO_ROOT}${file}`)))) {
      readers.push(file);
    }
  }
  assert.deepEqual(readers, ["src/run/invoke.ts"]);
});
