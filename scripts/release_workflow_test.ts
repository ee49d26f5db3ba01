import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { TARGETS } from "./release_assets.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("the release workflow builds every target under its release name", async () => {
  const workflow = await Deno.readTextFile(`${REPO_ROOT}.github/workflows/release.yml`);
  const entries = [...workflow.matchAll(/target: ([\w-]+)\n\s+binary: ([\w.-]+)\n/g)]
    .map(([, target, binary]) => [target, binary]);
  assert.deepEqual(entries, TARGETS.map((t) => [t.target, t.binary]));
});

Deno.test("the workflows and the Dockerfile use the Deno version .ci/run pins", async () => {
  const ciRun = await Deno.readTextFile(`${REPO_ROOT}.ci/run`);
  const version = ciRun.match(/^DENO_VERSION=(\S+)$/m)?.[1];
  assert.ok(version, "DENO_VERSION in .ci/run");
  for (const file of [".github/workflows/ci.yml", ".github/workflows/release.yml"]) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    const pins = [...text.matchAll(/deno-version: v(\S+)/g)].map(([, v]) => v);
    assert.ok(pins.length > 0, file);
    assert.deepEqual(new Set(pins), new Set([version]), file);
  }
  const dockerfile = await Deno.readTextFile(`${REPO_ROOT}Dockerfile`);
  assert.match(dockerfile, new RegExp(`^ARG DENO_VERSION=${version.replaceAll(".", "\\.")}$`, "m"));
});

Deno.test("the image compiles as the released binaries are and runs as a non-root user", async () => {
  const dockerfile = await Deno.readTextFile(`${REPO_ROOT}Dockerfile`);
  // compile:all carries the permission set and the lazily loaded modules (compile_all_test.ts).
  assert.match(dockerfile, /deno task compile:all --target "\$target"/);
  assert.doesNotMatch(dockerfile, /deno compile/);
  assert.doesNotMatch(dockerfile, /--allow-|\s-A\s/);
  assert.match(dockerfile, /^USER nonroot$/m);
  assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/distropack-cli"\]$/m);
});
