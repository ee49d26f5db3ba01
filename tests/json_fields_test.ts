/**
 * Each command's declared `--json` fields (its `document`, which the
 * reference lists) are the fields it really prints: every printed field is
 * declared, and the runs here print every declared one.
 */
import assert from "node:assert/strict";
import { type CommandDef, isGroup, type Node } from "../src/cli/define.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { ERROR_FIELDS } from "../src/commands/documents.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

/** `a`, `a.b`, `list[].c`: the names of every field of a document, as the declarations write them. */
function fieldNames(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => fieldNames(item, `${prefix}[]`));
  }
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, field]) => {
    const name = prefix === "" ? key : `${prefix}.${key}`;
    return [name, ...fieldNames(field, name)];
  });
}

function declared(...names: string[]): CommandDef {
  let node: Node = COMMAND_TREE;
  for (const name of names) {
    assert.ok(isGroup(node));
    node = node.commands.find((child) => child.name === name)!;
  }
  assert.ok(node && !isGroup(node), names.join(" "));
  return node;
}

/** Runs each argv with --json, then checks the documents against `names`' declaration. */
async function check(
  names: string[],
  runs: Array<{ argv: string[]; options: Parameters<typeof runInProcess>[1] }>,
) {
  const command = declared(...names);
  const { document = [] } = command.reference ?? {};
  const fields = new Set(document.map((field) => field.name));
  const seen = new Set<string>();
  for (const { argv, options } of runs) {
    const run = await runInProcess([...names, ...argv, "--json"], options);
    assert.equal(run.code, 0, run.stderr);
    for (const name of fieldNames(JSON.parse(run.stdout))) {
      assert.ok(fields.has(name), `${names.join(" ")} prints ${name}, which is not declared`);
      seen.add(name);
    }
  }
  const unseen = [...fields].filter((name) => !seen.has(name));
  assert.deepEqual(unseen, [], `${names.join(" ")} declares fields it did not print`);
}

const FAST = ["--interval", "0.05"];

Deno.test("the config commands print the --json fields they declare", async () => {
  await using home = await tempHome();
  const options = { env: home.env, stdin: "dp_0123456789abcdef\n" };
  await check(["config", "set-token"], [{ argv: [], options }]);
  await check(["config", "set-base-url"], [{ argv: ["https://example.test"], options }]);
  await check(["config", "show"], [{ argv: [], options }]);
  await check(["config", "path"], [{ argv: [], options }]);
  await check(["config", "unset-token"], [{ argv: [], options }]);
  await check(["config", "unset-base-url"], [{ argv: [], options }]);
});

Deno.test("completions prints the --json fields it declares", async () => {
  await check(["completions"], [{ argv: ["bash"], options: {} }]);
});

Deno.test("upload, build, status and publish print the --json fields they declare", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "# 1.0.0\n");
  const options = { env: cli.env(), cwd: cli.home };
  await check(["upload"], [{
    argv: ["--package-id", "p", "--ref-id", "changelog", "--file", "CHANGELOG.md"],
    options,
  }]);
  await check(["build"], [{ argv: ["--package-id", "p", "--version", "1.0.0", ...FAST], options }]);
  await check(["status"], [{ argv: ["j-1"], options }]);
  const publish = ["--package-id", "p", "--version", "1.0.0", "--file", "changelog=CHANGELOG.md"];
  await check(["publish"], [
    { argv: [...publish, ...FAST], options },
    { argv: [...publish, "--dry-run"], options },
  ]);
});

Deno.test("a failed command's --json document holds the declared error fields", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1.0.0", "--json"], {
    env: home.env,
  });
  assert.equal(run.code, 3, run.stderr);
  assert.deepEqual(
    fieldNames(JSON.parse(run.stdout)).filter((name) => name.startsWith("error")),
    ERROR_FIELDS.map((field) => field.name),
  );
});
