/**
 * Every relative link in the project's Markdown (README.md, docs/, examples/,
 * CONTRIBUTING.md and the rest) points at a file that exists, and every
 * `#anchor` at a heading (or `<a id>`) of its page, as GitHub renders them.
 * Checks whatever Markdown files exist when it runs.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "./helpers/process.ts";

const SKIPPED_DIRS = new Set([".git", "node_modules", "dist", "bench/out"]);

async function markdownFiles(dir = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory && !SKIPPED_DIRS.has(path)) {
      found.push(...await markdownFiles(`${path}/`));
    } else if (entry.isFile && entry.name.endsWith(".md")) found.push(path);
  }
  return found.sort();
}

/** The lines outside fenced code, each with its number; inline code blanked out unless kept. */
function proseLines(text: string, keepCode = false): Array<{ line: string; number: number }> {
  const lines: Array<{ line: string; number: number }> = [];
  let fence: string | undefined;
  text.split("\n").forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
    } else if (fence === undefined) {
      lines.push({ line: keepCode ? line : line.replace(/(`+)[^`].*?\1/g, ""), number: index + 1 });
    }
  });
  return lines;
}

/** Inline links and images, reference definitions, and HTML href/src, with their line. */
function links(text: string): Array<{ target: string; line: number }> {
  const found: Array<{ target: string; line: number }> = [];
  for (const { line, number } of proseLines(text)) {
    const targets = [
      ...[...line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...line.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]),
      ...[...line.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const target of targets) found.push({ target, line: number });
  }
  return found;
}

/** A heading's anchor as GitHub makes it: the text, lower case, punctuation dropped, dashes. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replaceAll(" ", "-");
}

/** Every anchor a Markdown page offers: headings (numbered when repeated) and `<a id>`/`name`. */
function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const counts = new Map<string, number>();
  for (const { line } of proseLines(text, true)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]);
      const seen = counts.get(base) ?? 0;
      counts.set(base, seen + 1);
      found.add(seen === 0 ? base : `${base}-${seen}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) found.add(match[1]);
  }
  return found;
}

function resolve(from: string, target: string): string {
  const parts = target.startsWith("/") ? [] : from.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "." && part !== "") parts.push(part);
  }
  return parts.join("/");
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(`${REPO_ROOT}${path}`).then(() => true, () => false);
}

/** What is wrong with a link, or undefined when it resolves. */
async function broken(file: string, text: string, target: string): Promise<string | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return undefined;
  const [rawPath, anchor] = target.split("#", 2);
  const path = rawPath === "" ? file : resolve(file, decodeURIComponent(rawPath));
  if (rawPath !== "" && !await exists(path)) return `${path} does not exist`;
  if (anchor === undefined || !path.endsWith(".md")) return undefined;
  const page = rawPath === "" ? text : await Deno.readTextFile(`${REPO_ROOT}${path}`);
  const wanted = decodeURIComponent(anchor).toLowerCase();
  return anchors(page).has(wanted) ? undefined : `${path} has no heading #${anchor}`;
}

Deno.test("every relative link and anchor in the project's Markdown resolves", async () => {
  const files = await markdownFiles();
  assert.ok(files.includes("README.md"), "README.md is missing");
  const problems: string[] = [];
  for (const file of files) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const { target, line } of links(text)) {
      const problem = await broken(file, text, target);
      if (problem) problems.push(`${file}:${line}: (${target}) ${problem}`);
    }
  }
  assert.deepEqual(problems, [], `broken links:\n${problems.join("\n")}`);
});

Deno.test("the link finder reads inline, reference and HTML links, and skips code", () => {
  const text = [
    'See [the guide](docs/ci/gitlab.md#tags "GitLab") and ![logo](img/logo.png).',
    "`[not](a-link.md)` and [top](#usage)",
    "```md",
    "[inside](a-fence.md)",
    "```",
    "[ref]: docs/configuration.md",
    '<a href="docs/network.md">network</a>',
  ].join("\n");
  assert.deepEqual(links(text), [
    { target: "docs/ci/gitlab.md#tags", line: 1 },
    { target: "img/logo.png", line: 1 },
    { target: "#usage", line: 2 },
    { target: "docs/configuration.md", line: 6 },
    { target: "docs/network.md", line: 7 },
  ]);
});

Deno.test("anchors are made as GitHub makes them, numbered when a heading repeats", () => {
  const text = [
    "# distropack-cli config set-token",
    "## `publish --json`: the fields",
    "## Exit codes",
    "## Exit codes",
    "## [Linked](x.md) & more!",
    "```sh",
    "# not a heading",
    "```",
    '<a id="custom"></a>',
  ].join("\n");
  assert.deepEqual([...anchors(text)], [
    "distropack-cli-config-set-token",
    "publish---json-the-fields",
    "exit-codes",
    "exit-codes-1",
    "linked--more",
    "custom",
  ]);
});
