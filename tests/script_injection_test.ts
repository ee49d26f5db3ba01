/**
 * No workflow, example or doc pastes a value into a script. A CI expression
 * written inside a script (`${{ ... }}` on GitHub and Azure, `<< parameters.x >>`
 * on CircleCI, `"${params.X}"` in a Jenkinsfile) is replaced by its value
 * before the shell reads the script, so a value with shell syntax in it (a
 * step output from a server, an input, a branch name) runs as a command.
 * Values reach scripts through the environment (`env:`) instead, as GitHub's
 * hardening guide says.
 */
import assert from "node:assert/strict";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "./helpers/process.ts";

/** Keys whose value is a script, in the CIs the docs cover. */
const SCRIPT_KEYS = new Set([
  "run", // GitHub Actions, CircleCI (a string, or a map with `command`)
  "command", // CircleCI
  "script", // GitLab, Azure
  "before_script", // GitLab
  "after_script", // GitLab
  "bash", // Azure
  "pwsh", // Azure
  "powershell", // Azure
]);

/** An expression the CI pastes into the script's text. */
const PASTED = /\$\{\{|<<\s*(pipeline\.)?parameters\./;

/** Scripts in a parsed YAML document, with where they are. */
function scriptsIn(node: unknown, path = ""): Array<{ where: string; script: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => scriptsIn(item, `${path}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  const found: Array<{ where: string; script: string }> = [];
  for (const [key, value] of Object.entries(node)) {
    const where = path ? `${path}.${key}` : key;
    if (SCRIPT_KEYS.has(key)) {
      const lines = Array.isArray(value) ? value : [value];
      for (const line of lines) if (typeof line === "string") found.push({ where, script: line });
    }
    found.push(...scriptsIn(value, where));
  }
  return found;
}

/** The lines of scripts that paste an expression in, as `file: where: line`. */
function pastedIn(file: string, yaml: string): string[] {
  return scriptsIn(parseYaml(yaml)).flatMap(({ where, script }) =>
    script.split("\n").filter((line) => PASTED.test(line)).map((line) =>
      `${file}: ${where}: ${line.trim()}`
    )
  );
}

/** Groovy `sh` steps in double quotes that interpolate `${...}` into the script. */
function groovyPasted(file: string, text: string): string[] {
  return [...text.matchAll(/\bsh\s*\(?\s*("""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*")/g)]
    .filter(([, body]) => /\$\{|\$[A-Za-z_]/.test(body.replace(/\\\$/g, "")))
    .map(([step]) => `${file}: ${step}`);
}

async function filesUnder(dir: string, keep: (name: string) => boolean): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await filesUnder(path, keep));
    else if (entry.isFile && keep(entry.name)) found.push(path);
  }
  return found.sort();
}

/** Each fenced block of a Markdown text (in a list item too): its language and its text. */
function fences(text: string): Array<{ lang: string; body: string }> {
  return [...text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)].map(([, indent, lang, body]) => ({
    lang,
    body: body.split("\n").map((line) => line.slice(indent.length)).join("\n"),
  }));
}

Deno.test("the checks catch a pasted expression in each CI's form", () => {
  assert.equal(pastedIn("t", "steps:\n  - run: echo ${{ steps.x.outputs.y }}\n").length, 1);
  assert.equal(
    pastedIn("t", "steps:\n  - run: { command: make ARCH=<< parameters.a >> }").length,
    1,
  );
  assert.equal(pastedIn("t", "steps:\n  - bash: echo ${{ parameters.v }}\n").length, 1);
  assert.equal(pastedIn("t", "steps:\n  - run: echo $Y\n    env: { Y: '${{ x }}' }\n").length, 0);
  assert.equal(groovyPasted("t", `sh "make \${params.VERSION}"`).length, 1);
  assert.equal(groovyPasted("t", `sh 'make "$VERSION"'`).length, 0);
});

Deno.test("no workflow, CI example or action.yml step pastes an expression into a script", async () => {
  const files = [
    "action.yml",
    ...await filesUnder(".github/workflows", (name) => /\.ya?ml$/.test(name)),
    ...await filesUnder("examples", (name) => /\.ya?ml$/.test(name)),
  ];
  assert.ok(files.includes("examples/ci/.circleci/config.yml"), files.join(", "));
  assert.ok(files.includes("examples/ci/azure-pipelines.yml"), files.join(", "));
  let scripts = 0;
  const pasted: string[] = [];
  for (const file of files) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    scripts += scriptsIn(parseYaml(text)).length;
    pasted.push(...pastedIn(file, text));
  }
  for (const file of await filesUnder("examples", (name) => name === "Jenkinsfile")) {
    pasted.push(...groovyPasted(file, await Deno.readTextFile(`${REPO_ROOT}${file}`)));
  }
  assert.ok(scripts >= 20, `only ${scripts} scripts found`);
  assert.deepEqual(pasted, [], "values must reach scripts through env:");
});

Deno.test("no YAML or Groovy block in the README or the docs pastes an expression into a script", async () => {
  const files = ["README.md", ...await filesUnder("docs", (name) => name.endsWith(".md"))];
  let blocks = 0;
  const pasted: string[] = [];
  for (const file of files) {
    for (const { lang, body } of fences(await Deno.readTextFile(`${REPO_ROOT}${file}`))) {
      if (lang === "yaml" || lang === "yml") {
        blocks++;
        pasted.push(...pastedIn(file, body));
      } else if (lang === "groovy") {
        blocks++;
        pasted.push(...groovyPasted(file, body));
      }
    }
  }
  assert.ok(blocks >= 15, `only ${blocks} blocks found`);
  assert.deepEqual(pasted, [], "values must reach scripts through env:");
});
