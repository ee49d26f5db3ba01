import assert from "node:assert/strict";
import { dirname } from "node:path";
import { validationTargets } from "./validate_workflows.ts";

async function tree(files: string[]): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir();
  for (const file of files) {
    await Deno.mkdir(dirname(`${path}/${file}`), { recursive: true });
    await Deno.writeTextFile(`${path}/${file}`, "name: x\n");
  }
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

Deno.test("every workflow is validated, in order, and nothing else in the folder", async () => {
  await using dir = await tree([
    ".github/workflows/release.yml",
    ".github/workflows/ci.yml",
    ".github/workflows/lint.yaml",
    ".github/workflows/README.md",
  ]);
  assert.deepEqual(await validationTargets(dir.path), [
    ".github/workflows/ci.yml",
    ".github/workflows/lint.yaml",
    ".github/workflows/release.yml",
  ]);
});

Deno.test("a root action.yml is validated when there is one", async () => {
  await using dir = await tree([".github/workflows/ci.yml", "action.yml"]);
  assert.deepEqual(await validationTargets(dir.path), [".github/workflows/ci.yml", "action.yml"]);
});

Deno.test("the example workflows are validated too, after the project's own", async () => {
  await using dir = await tree([
    "examples/ci/.github/workflows/plain.yml",
    "examples/ci/.github/workflows/action.yml",
    "examples/ci/.gitlab-ci.yml",
    ".github/workflows/ci.yml",
    "action.yml",
  ]);
  assert.deepEqual(await validationTargets(dir.path), [
    ".github/workflows/ci.yml",
    "examples/ci/.github/workflows/action.yml",
    "examples/ci/.github/workflows/plain.yml",
    "action.yml",
  ]);
});

Deno.test("no workflows folder gives nothing to validate", async () => {
  await using dir = await tree([]);
  assert.deepEqual(await validationTargets(dir.path), []);
});
