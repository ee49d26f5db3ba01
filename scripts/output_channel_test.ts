/**
 * One channel for output: only src/output/ writes to stdout and stderr.
 * Elsewhere in src, a write to a stream (`deps.stdout(...)`,
 * `output.streams.stderr(...)`), `console` or `Deno.stdout`/`Deno.stderr`
 * is refused here, so help, annotations and GitLab sections all go through
 * the Output. main.ts wires the real streams into the run and is not in src.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** The ways code can reach a stream without going through src/output/. */
const WRITES: [RegExp, string][] = [
  [/\.std(?:out|err)\s*\(/, "calls a stream writer"],
  [/\.streams\b/, "reaches into the Output's streams"],
  [/\bconsole\s*\./, "uses console"],
  [/\bDeno\s*\.\s*std(?:out|err)\b/, "uses Deno's streams"],
];

/** Every line of `text` that writes to a stream, with what it does. */
export function streamWrites(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
    for (const [pattern, what] of WRITES) {
      if (pattern.test(line)) found.push(`line ${index + 1} ${what}: ${line.trim()}`);
    }
  });
  return found;
}

async function* sourceFiles(dir: string, relative = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir + relative)) {
    const path = `${relative}${entry.name}`;
    if (entry.isDirectory) yield* sourceFiles(dir, `${path}/`);
    else if (path.endsWith(".ts") && !path.endsWith("_test.ts")) yield path;
  }
}

Deno.test("only src/output/ writes to stdout and stderr", async () => {
  const offenders: string[] = [];
  let checked = 0;
  for await (const path of sourceFiles(SRC)) {
    if (path.startsWith("output/")) continue;
    checked++;
    for (const write of streamWrites(await Deno.readTextFile(SRC + path))) {
      offenders.push(`src/${path}: ${write}`);
    }
  }
  assert.ok(checked > 50, `only ${checked} files were checked`);
  assert.deepEqual(offenders, []);
});

Deno.test("the output channel check finds each way of writing to a stream", () => {
  const text = [
    "// deps.stdout(text) in a comment is no write",
    "deps.stdout(`x`);",
    "ctx.output.streams.stderr(sectionStart());",
    "console.log('x');",
    "Deno.stderr.writeSync(bytes);",
    "output.info('fine');",
  ].join("\n");
  assert.deepEqual(streamWrites(text).map((line) => line.split(":")[0]), [
    "line 2 calls a stream writer",
    "line 3 calls a stream writer",
    "line 3 reaches into the Output's streams",
    "line 4 uses console",
    "line 5 uses Deno's streams",
  ]);
});
