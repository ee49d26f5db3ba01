/**
 * The generated reference (docs/commands/, docs/reference/, the man page) in
 * the repository: committed files equal what `deno task docs` writes, the
 * hand-written docs keep to the declarations, and `--help` carries what the
 * reference pages say (src/docs/*_test.ts check the pages' content).
 */
import assert from "node:assert/strict";
import { TAG_SOURCES } from "../src/ci/providers.ts";
import { pageName, RUNTIME_ENV } from "../src/docs/pages.ts";
import { ERROR_CODES, EXIT_CODES } from "../src/errors.ts";
import { docs, leftovers } from "../scripts/docs.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { REPO_ROOT } from "./helpers/process.ts";
import { commands } from "./helpers/commands.ts";

const FILES = await docs();

const FIX = "run `deno task docs` and commit the result";

async function committed(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(`${REPO_ROOT}${path}`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

Deno.test("the committed reference and man page are what `deno task docs` writes", async () => {
  for (const [path, text] of FILES) {
    const found = await committed(path);
    assert.ok(found !== undefined, `${path} is missing: ${FIX}`);
    if (found !== text) {
      const at = found.split("\n").findIndex((line, i) => line !== text.split("\n")[i]);
      assert.fail(`${path} is stale (from line ${at + 1}): ${FIX}`);
    }
  }
  const extra = await leftovers(REPO_ROOT, FILES);
  assert.deepEqual(extra, [], `no longer generated: ${extra.join(", ")}: ${FIX}`);
});

Deno.test("the hand-written docs show only declared error codes, and link the generated table", async () => {
  let shown = 0;
  for await (const entry of Deno.readDir(`${REPO_ROOT}docs`)) {
    if (!entry.isFile || !entry.name.endsWith(".md")) continue;
    const text = await Deno.readTextFile(`${REPO_ROOT}docs/${entry.name}`);
    for (const [, code] of text.matchAll(/"code": ?"(\w+)"/g)) {
      assert.ok(code in ERROR_CODES, `docs/${entry.name} shows error code ${code}`);
      shown++;
    }
  }
  assert.ok(shown > 0);
  const output = await Deno.readTextFile(`${REPO_ROOT}docs/output.md`);
  assert.match(output, /\]\(reference\/exit-codes\.md#error-codes\)/);
});

Deno.test("docs/network.md names only variables the environment page lists, and the runtime's as the runtime's", async () => {
  const network = await Deno.readTextFile(`${REPO_ROOT}docs/network.md`);
  const environment = FILES.get("docs/reference/environment.md")!;
  const named = new Set(
    [...network.matchAll(
      /`([A-Za-z_]*(?:PROXY|proxy|CERT|CERTS|STORE|DISTROPACK)[A-Za-z_]*)(?:=[^`]*)?`/g,
    )]
      .map(([, name]) => name),
  );
  assert.ok(named.size >= 8, [...named].join());
  for (const name of named) {
    assert.ok(environment.includes(`| \`${name}\` |`), `network.md names ${name}`);
  }
  const runtime = environment.slice(environment.indexOf("## Read by the runtime"));
  for (const { name } of RUNTIME_ENV) {
    assert.ok(runtime.includes(`| \`${name}\` |`), `${name} is listed as the runtime's`);
    // The list item that shows how to set it.
    const item = network.split(/\n(?=- )|\n\n/).find((item) => item.includes(`\`${name}=`));
    assert.match(item ?? "", /read by the runtime/, `network.md says the runtime reads ${name}`);
  }
});

Deno.test("every command's --help carries the details its reference page has", async () => {
  const flat = (text: string) => text.replace(/\s+/g, " ");
  for (const { path, command } of commands()) {
    const run = await runInProcess([...path.slice(1).map((node) => node.name), "--help"]);
    assert.equal(run.code, 0, run.stderr);
    const { details } = command.reference ?? {};
    assert.ok(details, `${pageName(path)} has no details`);
    const help = flat(run.stdout).replaceAll(" - ", " ");
    for (const item of details.trim().split(/\n\s*\n|\n(?=- )/)) {
      assert.ok(help.includes(flat(item.replace(/^- /, ""))), `${pageName(path)}: ${item}`);
    }
  }
  const help = async (...argv: string[]) => flat((await runInProcess([...argv, "--help"])).stdout);
  assert.match(await help("status"), /exit 4 if any has failed/);
  assert.match(await help("config", "set-token"), /read from stdin .*CI is set.* 5 seconds/);
  assert.match(await help("completions"), /bash-completion .* zsh/);
});

Deno.test("help marks a required option as the reference does", async () => {
  const run = await runInProcess(["upload", "--help"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /--ref-id <slot> +the file slot's reference id[^]*?\(required\)/);
  const page = FILES.get("docs/commands/upload.md")!;
  assert.match(page, /\| `--ref-id <slot>` \| [^|\n]*\(required\) \|/);
});

Deno.test("every generated file is marked generated for GitHub's diffs", async () => {
  const patterns = (await Deno.readTextFile(`${REPO_ROOT}.gitattributes`)).split("\n")
    .filter((line) => /\slinguist-generated=true\b/.test(line))
    .map((line) => line.split(/\s+/)[0]);
  for (const path of FILES.keys()) {
    assert.ok(
      patterns.some((p) => p === path || (p.endsWith("/**") && path.startsWith(p.slice(0, -2)))),
      `.gitattributes does not mark ${path} linguist-generated`,
    );
  }
});

Deno.test("the README's exit-code table lists exactly the declared exit codes, in order", async () => {
  const readme = await Deno.readTextFile(`${REPO_ROOT}README.md`);
  const section = readme.split(/^## /m).find((part) => part.startsWith("Exit codes\n")) ?? "";
  const codes = [...section.matchAll(/^\| (\d+) +\|/gm)].map((match) => Number(match[1]));
  assert.deepEqual(codes, Object.values(EXIT_CODES).map(({ code }) => code));
});

Deno.test("hand-written lists of CI tag variables and exit codes keep to their declarations", async () => {
  const declared = (name: string) =>
    TAG_SOURCES.some((source) => source.name === name || source.shown?.includes(name));
  const guide = await Deno.readTextFile(`${REPO_ROOT}docs/ci/README.md`);
  const section = guide.slice(guide.indexOf("## Versions from CI tags"));
  const paragraph = section.slice(0, section.indexOf("\n\n", section.indexOf("\n\n") + 2))
    .replace(/\s+/g, " ");
  for (const source of TAG_SOURCES) assert.ok(paragraph.includes(source.ci), source.ci);
  const named = [...paragraph.matchAll(/`([A-Z][A-Z_]{3,})`/g)].map(([, name]) => name);
  assert.ok(named.length >= 5, named.join());
  for (const name of named) assert.ok(declared(name), `docs/ci/README.md names ${name}`);
  const script = await Deno.readTextFile(`${REPO_ROOT}examples/ci/generic-ci.sh`);
  const listed = [...script.matchAll(/\b([A-Z]+_TAG|TAG_NAME)\b/g)].map(([, name]) => name);
  assert.ok(listed.length >= 5, listed.join());
  for (const name of listed) assert.ok(declared(name), `generic-ci.sh names ${name}`);
  // The exit codes told in prose (the script's header, the migration guide) are declared ones.
  const migrating = await Deno.readTextFile(`${REPO_ROOT}docs/migrating.md`);
  const told = [
    /exit code is distropack-cli's: (.*)\./.exec(script)![1],
    /\*\*Exit codes\.\*\* (.*?)\(see/s.exec(migrating)![1],
  ];
  const known = Object.values(EXIT_CODES).map((exit) => exit.code as number);
  for (const text of told) {
    const numbers = [...text.matchAll(/\b(\d+)\b/g)].map(([, code]) => Number(code));
    assert.ok(numbers.length >= 3, text);
    for (const code of numbers) assert.ok(known.includes(code), `exit code ${code} in: ${text}`);
  }
});
