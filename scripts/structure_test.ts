/**
 * What the layout promises, checked on the source with the TypeScript
 * parser: the modules of src/ import each other in no circle, type-only
 * imports included; each folder imports only from the layers below it, with
 * one exception; the few lazy imports are seams, each with its reason; no
 * function passes 80 lines and no file 300. Start-up time is the bundle's
 * and is measured by the bench gate, not asserted here.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * The layers of src/, lowest first: a module imports from its own layer and
 * those below. What a command's run needs (its context, the outcome it
 * returns, how that is rendered) sits below the commands; the program, which
 * reads argv and runs the command tree, above them.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["src/version.ts", "src/errors.ts", "src/path.ts", "src/sleep.ts", "src/text/"],
  ["src/host.ts", "src/settings/", "src/files/", "src/api/", "src/jobs/"],
  ["src/terminal.ts", "src/ci/", "src/output/"],
  ["src/cli/"],
  ["src/completions/"],
  ["src/run/", "src/release/"],
  ["src/commands/"],
  ["src/docs/", "src/program/"],
];

/** The imports that may run up a layer (at most one), each with why: none today. */
const UPWARD: Readonly<Record<string, string>> = {};

/** At most this many literal `import(` in src/, each a seam with its reason on the line above. */
const MAX_LAZY_IMPORTS = 10;
const MAX_FUNCTION_LINES = 80;
const MAX_FILE_LINES = 300;

function layerOf(file: string): number {
  const index = LAYERS.findIndex((layer) =>
    layer.some((place) => place.endsWith("/") ? file.startsWith(place) : file === place)
  );
  assert.ok(index >= 0, `${file} is in no layer: add it to LAYERS in scripts/structure_test.ts`);
  return index;
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
  return files.sort();
}

async function parsed(file: string): Promise<ts.SourceFile> {
  const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
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

interface Import {
  specifier: string;
  /** `import("...")` as a call, loaded when it runs. */
  lazy: boolean;
  line: number;
}

/** Every import of a module: static, type-only, `import("...")` calls and `import("...").T` types. */
function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line;
  const visit = (node: ts.Node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, lazy: false, line: lineOf(node) });
    } else if (
      ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
    ) {
      const [argument] = node.arguments;
      const specifier = argument && ts.isStringLiteral(argument) ? argument.text : "(computed)";
      found.push({ specifier, lazy: true, line: lineOf(node) });
    } else if (
      ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, lazy: false, line: lineOf(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

async function localEdges(): Promise<Map<string, string[]>> {
  const edges = new Map<string, string[]>();
  for (const file of await sourceFiles()) {
    edges.set(
      file,
      importsOf(await parsed(file))
        .filter(({ specifier }) => specifier.startsWith(".") && !specifier.endsWith(".d.ts"))
        .map(({ specifier }) => joined(file, specifier)),
    );
  }
  return edges;
}

Deno.test("the modules of src import each other in no circle, type-only and lazy imports counted", async () => {
  const edges = await localEdges();
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

Deno.test("each layer of src imports only from its own and those below, but for at most one named exception", async () => {
  const upward: string[] = [];
  for (const [file, targets] of await localEdges()) {
    for (const target of targets) {
      if (layerOf(target) > layerOf(file)) upward.push(`${file} -> ${target}`);
    }
  }
  assert.deepEqual(upward.sort(), Object.keys(UPWARD).sort());
  assert.ok(Object.keys(UPWARD).length <= 1);
});

Deno.test(`src has at most ${MAX_LAZY_IMPORTS} lazy imports, each a literal seam with its reason on the line above`, async () => {
  const seams: string[] = [];
  const unexplained: string[] = [];
  for (const file of await sourceFiles()) {
    const source = await parsed(file);
    const lines = source.text.split("\n");
    for (const { specifier, lazy, line } of importsOf(source)) {
      if (!lazy && !/import\(/.test(lines[line])) continue;
      seams.push(`${file}:${line + 1}: ${specifier}`);
      if (!lazy || specifier === "(computed)") unexplained.push(`${file}:${line + 1}: not a seam`);
      else if (!/^\s*\/\/ /.test(lines[line - 1] ?? "")) {
        unexplained.push(`${file}:${line + 1}: no one-line reason above it`);
      }
    }
  }
  // What `grep -c 'import(' src` counts, comments and strings included.
  let occurrences = 0;
  for (const file of await sourceFiles()) {
    occurrences += (await Deno.readTextFile(`${REPO_ROOT}${file}`)).split("import(").length - 1;
  }
  assert.deepEqual(unexplained, []);
  assert.ok(occurrences <= MAX_LAZY_IMPORTS, `${occurrences} import( in src:\n${seams.join("\n")}`);
});

Deno.test(`no function in src or tests/ is over ${MAX_FUNCTION_LINES} lines, no file over ${MAX_FILE_LINES}`, async () => {
  const long: string[] = [];
  for (const file of [...await sourceFiles("src", true), ...await sourceFiles("tests", true)]) {
    const source = await parsed(file);
    const lines = source.text.trimEnd().split("\n").length;
    if (lines > MAX_FILE_LINES) long.push(`${file}: ${lines} lines`);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        if (end - start + 1 > MAX_FUNCTION_LINES) {
          const name = node.name?.getText(source) ?? "(anonymous)";
          long.push(`${file}:${start + 1}: ${name}, ${end - start + 1} lines`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(long, []);
});

Deno.test("src and scripts, their unit tests too, import nothing from tests/", async () => {
  const reaching: string[] = [];
  for (const file of [...await sourceFiles("src", true), ...await sourceFiles("scripts", true)]) {
    for (const { specifier } of importsOf(await parsed(file))) {
      if (joined(file, specifier).startsWith("tests/")) reaching.push(`${file}: ${specifier}`);
    }
  }
  assert.deepEqual(reaching, []);
});

Deno.test("only the runner takes the stop signal from the deps; commands take ctx.signal", async () => {
  // Taking it is what starts the listening, and the runner's grace period is
  // armed only for a signal taken through it (src/program/invoke.ts).
  const readers: string[] = [];
  for (const file of await sourceFiles()) {
    const code = (await Deno.readTextFile(`${REPO_ROOT}${file}`)).split("\n")
      .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)).join("\n");
    if (/\bdeps\??\.signal\b/.test(code)) readers.push(file);
  }
  assert.deepEqual(readers, ["src/program/invoke.ts"]);
});
