import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { VERSION } from "../src/version.ts";
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

Deno.test({
  name: "the release of this version moves the major tag the docs pin (v2), and a pre-release none",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const workflow = parse(await Deno.readTextFile(`${REPO_ROOT}.github/workflows/release.yml`));
    const steps: { name?: string; if?: string; run?: string }[] = workflow.jobs.release.steps;
    const step = steps.find((s) => s.name === "Move the major version tag");
    assert.ok(step?.run, "the release job has a Move the major version tag step");
    // GitHub runs the step only when the tag has no '-' (a pre-release).
    assert.equal(step.if, "${{ !contains(github.ref_name, '-') }}");
    const major = `v${VERSION.split(".")[0]}`;
    assert.equal(major, "v2");

    const dir = await Deno.makeTempDir();
    try {
      // A gh that records its arguments; `gh api .../refs/tags/v2` finds the tag when asked to.
      await Deno.writeTextFile(
        `${dir}/gh`,
        `#!/bin/sh\necho "$*" >> "${dir}/calls"\n[ "$GH_TAG_EXISTS" = 1 ] || [ "$2" != "repos/o/r/git/refs/tags/${major}" ]\n`,
      );
      await Deno.chmod(`${dir}/gh`, 0o755);
      const calls = async (exists: boolean) => {
        await Deno.writeTextFile(`${dir}/calls`, "");
        const { code } = await new Deno.Command("bash", {
          args: ["-e", "-c", step.run!],
          env: {
            PATH: `${dir}:${Deno.env.get("PATH") ?? ""}`,
            GITHUB_REF_NAME: `v${VERSION}`,
            GITHUB_REPOSITORY: "o/r",
            GITHUB_SHA: "abc123",
            GH_TAG_EXISTS: exists ? "1" : "0",
          },
          clearEnv: true,
        }).output();
        assert.equal(code, 0);
        return (await Deno.readTextFile(`${dir}/calls`)).trim().split("\n");
      };
      assert.deepEqual(await calls(true), [
        `api repos/o/r/git/refs/tags/${major}`,
        `api -X PATCH repos/o/r/git/refs/tags/${major} -f sha=abc123 -F force=true`,
      ]);
      assert.deepEqual(await calls(false), [
        `api repos/o/r/git/refs/tags/${major}`,
        `api -X POST repos/o/r/git/refs -f ref=refs/tags/${major} -f sha=abc123`,
      ]);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
