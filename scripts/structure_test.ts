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

Deno.test("start-up loads no Node built-in and no package, only the CLI's own modules", async () => {
  // main.ts answers --version first, then imports the runner of every other
  // run, and the real sleep when a command first waits.
  assert.deepEqual(lazyImports(await Deno.readTextFile(`${REPO_ROOT}main.ts`)), [
    "./src/cli/run.ts",
    "./src/sleep.ts",
  ]);
  const { edges, external } = await graph("main.ts", "src/cli/run.ts");
  assert.ok(
    edges.has("src/cli/run.ts") && edges.has("src/cli/locate.ts"),
    [...edges.keys()].join(),
  );
  assert.deepEqual([...external], []);
  // The commands' code and their reference text stay out of it: each is a
  // literal import() in its declaration.
  for (const lazy of ["publish/publish.ts", "publish/reference.ts", "documents.ts"]) {
    assert.ok(!edges.has(`src/commands/${lazy}`), lazy);
  }
  const declaration = await Deno.readTextFile(`${REPO_ROOT}src/commands/publish/command.ts`);
  assert.deepEqual(lazyImports(declaration), ["./reference.ts", "./publish.ts"]);
  // Help's notes load what they need when help is shown: the CI tag list.
  assert.ok(!edges.has("src/ci/tag_sources.ts"), "src/ci/tag_sources.ts is loaded at start-up");
  // The injected dependencies are types only: every module on the path costs start-up time.
  assert.ok(!edges.has("src/deps.ts"), "src/deps.ts is imported for more than its types");
});

Deno.test("help loads neither the reading of a command's options nor its run", async () => {
  // Help needs the declarations and the way to their command, no more: the
  // options are read, the context built and the outcome rendered for a
  // command (or a mistake in argv), each from a module run.ts imports then.
  const { edges } = await graph("main.ts", "src/cli/run.ts", "src/cli/help.ts");
  assert.ok(edges.has("src/cli/registry.ts"), [...edges.keys()].join());
  for (const file of ["parse.ts", "invoke.ts", "render.ts", "context.ts"]) {
    assert.ok(!edges.has(`src/cli/${file}`), `help loads src/cli/${file}`);
  }
  assert.ok(!edges.has("src/terminal.ts"), "help loads src/terminal.ts");
  const runner = await Deno.readTextFile(`${REPO_ROOT}src/cli/run.ts`);
  // The renderer twice: for a mistake in argv, and for help or the version that could not be written.
  assert.deepEqual(lazyImports(runner), [
    "./render.ts",
    "./help.ts",
    "./invoke.ts",
    "./invoke.ts",
    "./render.ts",
  ]);
});

Deno.test("an upload that succeeds loads nothing that only a failure, a redirect or a build needs", async () => {
  // Each loads when it is needed: the advice, the classification and the
  // retry rules when an attempt fails, the reading of a refusal on an answer
  // other than 2xx, the redirect rules on a 3xx answer, the framing when a
  // server refuses a chunked body, the reading of build answers for a build.
  const { edges } = await graph("src/cli/connect.ts", "src/commands/upload/upload.ts");
  assert.ok(edges.has("src/api/transport.ts"), [...edges.keys()].join());
  const onDemand = [
    "cli/advice.ts",
    "api/failure.ts",
    "api/retry.ts",
    "api/judge.ts",
    "api/redirect.ts",
    "api/length_framed.ts",
    "api/answers.ts",
  ];
  for (const file of onDemand.map((name) => `src/${name}`)) {
    assert.ok(!edges.has(file), `${file} is loaded by an upload that succeeds`);
  }
});

Deno.test("a run that reads the config loads no writer, and an upload off a terminal no bar", async () => {
  // The writer loads for the commands that save settings; the file's decoder
  // when there is a file; the bar, with its package, when stderr is a
  // terminal that animates.
  const { edges } = await graph("src/cli/context.ts", "src/commands/upload/upload.ts");
  assert.ok(edges.has("src/config/file.ts"), [...edges.keys()].join());
  assert.ok(
    !edges.has("src/config/text.ts"),
    "the config file's decoder loads before a file is found",
  );
  for (const file of edges.keys()) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    assert.ok(!/function updateConfigFile\b/.test(text), `${file} holds the config writer`);
    assert.ok(!lazyImports(text).includes("./_cli_progress.ts"), `${file} draws a progress bar`);
  }
});

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
  // armed only for a signal taken through it (src/cli/invoke.ts).
  const readers: string[] = [];
  for (const file of await sourceFiles()) {
    if (/\bdeps\??\.signal\b/.test(code(await Deno.readTextFile(`${REPO_ROOT}${file}`)))) {
      readers.push(file);
    }
  }
  assert.deepEqual(readers, ["src/cli/invoke.ts"]);
});
