/**
 * The CI examples under examples/ci/ run for real: each example's
 * distropack-cli lines as steps, run under the shell its CI uses with the
 * environment that CI sets on a tag build (or on a manual run with a version),
 * in a workspace holding the files a build would leave in dist/. The
 * `distropack-cli` they call is the CLI as ./process.ts starts it.
 */
import assert from "node:assert/strict";
import { type FakeServer, TOKEN } from "./fake_server.ts";
import { sha256 } from "./recorded_request.ts";
import { type Invocation, REPO_ROOT } from "./process.ts";
import { type TempDir, tempDir } from "./temp.ts";

export const EXAMPLES = `${REPO_ROOT}examples/ci`;
export const PACKAGE_ID = "550e8400-e29b-41d4-a716-446655440000";

/** The ids of the packages of examples/distropack.toml, as the CI's variables hold them. */
export const MANIFEST_IDS = {
  DISTROPACK_PACKAGE_ID_MYAPP: PACKAGE_ID,
  DISTROPACK_PACKAGE_ID_MYAPP_BIN: "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
};
export const posix = Deno.build.os !== "windows";

export type Env = Record<string, string>;

/** A step of a CI job: a script for `shell`, in an environment. */
export interface Step {
  shell: "bash" | "sh";
  script: string;
  env: Env;
}

/** How a build was started: by a tag push, or by hand with a version. */
export type Trigger = { tag: string } | { manual: string };

/** A workspace: the files a build leaves, and a `distropack-cli` on PATH that runs the CLI as `invocation` does. */
export async function workspace(
  /** How ./process.ts starts the CLI: `cliInvocation([])`. */
  invocation: Invocation,
): Promise<
  TempDir & { bin: string; files: Record<string, Uint8Array> }
> {
  const dir = await tempDir("distropack-example-");
  const files: Record<string, Uint8Array> = {
    "dist/myapp-linux-amd64.tar.gz": crypto.getRandomValues(new Uint8Array(40_000)),
    "dist/myapp-linux-arm64.tar.gz": crypto.getRandomValues(new Uint8Array(30_000)),
    "dist/myapp-1.2.3.tar.gz": crypto.getRandomValues(new Uint8Array(20_000)),
    "dist/myapp-2.0.0.tar.gz": crypto.getRandomValues(new Uint8Array(20_000)),
    "CHANGELOG.md": new TextEncoder().encode("# 1.2.3\n"),
  };
  await Deno.mkdir(`${dir.path}/dist`);
  await Deno.mkdir(`${dir.path}/home`);
  await Deno.mkdir(`${dir.path}/bin`);
  for (const [name, bytes] of Object.entries(files)) {
    await Deno.writeFile(`${dir.path}/${name}`, bytes);
  }
  const { program, args, env } = invocation;
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(env).filter(([name]) => name !== "PATH")
    .map(([name, value]) => `export ${name}=${quote(value)}\n`).join("");
  const bin = `${dir.path}/bin/distropack-cli`;
  await Deno.writeTextFile(
    bin,
    `#!/bin/sh\n${exports}exec ${[program, ...args].map(quote).join(" ")} "$@"\n`,
  );
  await Deno.chmod(bin, 0o755);
  return { ...dir, bin, files };
}

/** Runs one step in the workspace with only the given environment (and PATH, HOME). */
export async function runStep(ws: { path: string }, step: Step): Promise<void> {
  const { code, stdout, stderr } = await new Deno.Command(step.shell, {
    args: ["-c", step.script],
    cwd: ws.path,
    clearEnv: true,
    env: {
      PATH: `${ws.path}/bin:${Deno.env.get("PATH")}`,
      HOME: `${ws.path}/home`,
      ...step.env,
    },
  }).output();
  const text = new TextDecoder();
  assert.equal(
    code,
    0,
    `${step.script}\nexited ${code}\n${text.decode(stdout)}\n${text.decode(stderr)}`,
  );
}

/**
 * The lines of a script that run distropack-cli (a line continued with a
 * trailing backslash counts as one); install and build lines are left out.
 */
export function cliLines(script: string): string {
  return script.replace(/\\\n\s*/g, " ").split("\n")
    .filter((line) => /^\s*distropack-cli\s/.test(line)).join("\n");
}

/** The steps whose script runs distropack-cli, reduced to those lines. */
export function cliSteps(steps: Step[]): Step[] {
  return steps.map((step) => ({ ...step, script: cliLines(step.script) }))
    .filter((step) => step.script !== "");
}

/** Every combination of a matrix's values: {a: [1, 2], b: [3]} gives {a: 1, b: 3}, {a: 2, b: 3}. */
export function legs(matrix: Record<string, unknown[]> | undefined): Env[] {
  let all: Env[] = [{}];
  for (const [name, values] of Object.entries(matrix ?? {})) {
    all = all.flatMap((leg) => values.map((value) => ({ ...leg, [name]: String(value) })));
  }
  return all;
}

export function version(trigger: Trigger): string {
  return "tag" in trigger ? trigger.tag.replace(/^v/, "") : trigger.manual;
}

/** What a fan-in run must have sent: each binary once, into its slot, then one build. */
export function assertFanIn(
  server: FakeServer,
  files: Record<string, Uint8Array>,
  expected: { version: string; slots: Record<string, string> },
) {
  const uploads = server.to("upload_file");
  assert.deepEqual(
    uploads.map((upload) => upload.query.get("accessName")).sort(),
    Object.keys(expected.slots).sort(),
  );
  for (const upload of uploads) {
    const path = expected.slots[upload.query.get("accessName")!];
    assert.equal(upload.query.get("packageId"), PACKAGE_ID);
    assert.equal(
      upload.file?.sha256,
      sha256(files[path]),
      `slot ${upload.query.get("accessName")}`,
    );
    assert.equal(upload.headers.authorization, `Bearer ${TOKEN}`);
  }
  const builds = server.requests.filter((r) => r.endpoint.startsWith("build_package"));
  assert.equal(builds.length, 1, "one build, started once");
  assert.equal(builds[0].query.get("packageId"), PACKAGE_ID);
  assert.equal(builds[0].fields.version, expected.version);
  const lastUpload = server.requests.lastIndexOf(uploads.at(-1)!);
  assert.ok(server.requests.indexOf(builds[0]) > lastUpload, "the build starts after every upload");
}

export const BINARIES = {
  "binary-amd64": "dist/myapp-linux-amd64.tar.gz",
  "binary-arm64": "dist/myapp-linux-arm64.tar.gz",
};
