import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { ENV_VARS } from "../settings/env.ts";
import { versionTagNote } from "../commands/options.ts";
import { resolveVersion, taggedVersionNote } from "./version.ts";

/**
 * Every variable resolveVersion reads when no tag is set (GitHub's says it
 * is building a tag, so its tag's name is read too): all it may ever read.
 */
function variablesRead(): string[] {
  const read = new Set<string>();
  try {
    resolveVersion(undefined, (name) => {
      read.add(name);
      return name === "GITHUB_REF_TYPE" ? "tag" : undefined;
    });
  } catch {
    // No tag: a usage error, after looking at every variable.
  }
  return [...read];
}
const VERSION_TAG_VARS = variablesRead();

const envOf = (record: Record<string, string>) => (name: string) => record[name];

function fromEnv(record: Record<string, string>) {
  return resolveVersion(undefined, envOf(record));
}

function refused(record: Record<string, string>, flag?: string): string {
  try {
    resolveVersion(flag, envOf(record));
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail("expected a UsageError");
}

Deno.test("resolveVersion reads the tag of every CI system it knows", async (t) => {
  const rows: Array<[Record<string, string>, string]> = [
    [{ GITHUB_REF_TYPE: "tag", GITHUB_REF_NAME: "v1.0.1" }, "GITHUB_REF_NAME"],
    [{ CI_COMMIT_TAG: "v1.0.1" }, "CI_COMMIT_TAG"],
    [{ CIRCLE_TAG: "v1.0.1" }, "CIRCLE_TAG"],
    [{ TRAVIS_TAG: "v1.0.1" }, "TRAVIS_TAG"],
    [{ DRONE_TAG: "v1.0.1" }, "DRONE_TAG"],
    [{ BUILDKITE_TAG: "v1.0.1" }, "BUILDKITE_TAG"],
    [{ BITBUCKET_TAG: "v1.0.1" }, "BITBUCKET_TAG"],
    [{ BUILD_SOURCEBRANCH: "refs/tags/v1.0.1" }, "BUILD_SOURCEBRANCH"],
    [{ TAG_NAME: "v1.0.1" }, "TAG_NAME"],
  ];
  for (const [env, source] of rows) {
    await t.step(source, () => {
      assert.deepEqual(fromEnv(env), { version: "1.0.1", source });
      for (const name of Object.keys(env)) assert.ok(VERSION_TAG_VARS.includes(name), name);
    });
  }
});

Deno.test("resolveVersion drops refs/tags/ and one leading v or V", () => {
  assert.equal(fromEnv({ CI_COMMIT_TAG: "v1.2.3" }).version, "1.2.3");
  assert.equal(fromEnv({ CI_COMMIT_TAG: "V2.0" }).version, "2.0");
  assert.equal(fromEnv({ CI_COMMIT_TAG: "refs/tags/v3" }).version, "3");
  assert.equal(fromEnv({ CI_COMMIT_TAG: "1.0.0-rc.1+build.5" }).version, "1.0.0-rc.1+build.5");
  assert.equal(fromEnv({ CI_COMMIT_TAG: "2024.05.01" }).version, "2024.05.01");
});

Deno.test("resolveVersion refuses a tag that is not a version and shows it", () => {
  for (const tag of ["vnext", "vv1.0", "release-1.0", "1.0 beta", "v", "v1.0\nx"]) {
    const message = refused({ CI_COMMIT_TAG: tag });
    assert.match(message, /CI_COMMIT_TAG/, tag);
    assert.match(message, /--version/, tag);
    assert.ok(!message.includes("\n"), "one line");
  }
  assert.match(refused({ CI_COMMIT_TAG: "vnext" }), /"vnext"/);
  assert.match(refused({ CI_COMMIT_TAG: "1.0 beta" }), /"1\.0 beta"/);
  assert.match(refused({ CI_COMMIT_TAG: "v1.0\nx" }), /"v1\.0\\nx"/);
});

Deno.test("resolveVersion ignores CI variables that do not hold a tag", () => {
  const message = refused({
    GITHUB_REF_TYPE: "branch",
    GITHUB_REF_NAME: "main",
    TRAVIS_TAG: "",
    CI_COMMIT_TAG: "   ",
    BUILD_SOURCEBRANCH: "refs/heads/main",
  });
  assert.match(message, /--version/);
  assert.equal(fromEnv({ TRAVIS_TAG: "", DRONE_TAG: "v4.1" }).source, "DRONE_TAG");
  assert.deepEqual(
    fromEnv({ GITHUB_REF_TYPE: "branch", GITHUB_REF_NAME: "v1", TAG_NAME: "v2" }),
    { version: "2", source: "TAG_NAME" },
  );
});

Deno.test("every variable resolveVersion reads is in the permission set and in the help's note", async () => {
  assert.ok(VERSION_TAG_VARS.length >= 10, VERSION_TAG_VARS.join());
  const declared: string[] = Object.values(ENV_VARS);
  const note = await versionTagNote();
  for (const name of VERSION_TAG_VARS) {
    assert.ok(declared.includes(name), `${name} is not in ENV_VARS`);
    assert.ok(note.includes(name), `${name} is not in the note`);
  }
});

Deno.test("resolveVersion names --version and every variable it looked at when it finds none", () => {
  const message = refused({});
  assert.match(message, /--version/);
  for (const name of VERSION_TAG_VARS) assert.ok(message.includes(name), name);
});

Deno.test("resolveVersion takes --version over any tag, as given", () => {
  assert.deepEqual(resolveVersion("2.0.0", envOf({ CI_COMMIT_TAG: "v1.0.0" })), {
    version: "2.0.0",
    source: "flag",
  });
  assert.deepEqual(resolveVersion("v7", envOf({})), { version: "v7", source: "flag" });
});

Deno.test("resolveVersion refuses a blank --version", () => {
  assert.match(refused({ CI_COMMIT_TAG: "v1.0.0" }, ""), /--version is empty/);
  assert.match(refused({}, "  "), /--version is empty/);
});

Deno.test("resolveVersion says when the CI run is for a branch, not for a tag", () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ GITHUB_REF_TYPE: "branch", GITHUB_REF_NAME: "main" }, "GitHub Actions"],
    [{ BUILD_SOURCEBRANCH: "refs/heads/main" }, "Azure Pipelines"],
    [{ BUILD_SOURCEBRANCH: "refs/pull/7/merge" }, "Azure Pipelines"],
    [{ TRAVIS_TAG: "" }, "Travis CI"],
  ];
  for (const [env, ci] of cases) {
    const message = refused(env);
    assert.match(message, new RegExp(`this ${ci} run is a branch build, not a tag build`), ci);
    assert.match(message, /Pass --version VERSION/);
    assert.doesNotMatch(message, /looked at/);
  }
});

Deno.test("resolveVersion names the variable of a tag that cannot be a version", () => {
  const control = refused({ CI_COMMIT_TAG: "v1.0\x07" });
  assert.match(control, /^The tag "v1\.0\\x07" \(CI_COMMIT_TAG, GitLab CI\) contains control/);
  const long = refused({ BITBUCKET_TAG: `1${"0".repeat(256)}` });
  assert.match(long, /\(BITBUCKET_TAG, Bitbucket Pipelines\) is 257 characters long/);
  assert.doesNotMatch(long, /^--version/);
  assert.equal(fromEnv({ CI_COMMIT_TAG: `v1${"0".repeat(255)}` }).version.length, 256);
});

Deno.test("a --version written like a tag gets a note that it is sent with its v; a tag's does not", () => {
  assert.equal(
    taggedVersionNote(resolveVersion("v1.2.3", envOf({}))),
    "Note: --version v1.2.3 is sent as given, with its v (a tag v1.2.3 gives 1.2.3); " +
      "pass --version 1.2.3 to build 1.2.3.",
  );
  assert.match(taggedVersionNote(resolveVersion("V2.0", envOf({})))!, /--version 2\.0 to build/);
  for (const flag of ["1.2.3", "vnext", "version-1"]) {
    assert.equal(taggedVersionNote(resolveVersion(flag, envOf({}))), undefined, flag);
  }
  assert.equal(
    taggedVersionNote(resolveVersion(undefined, envOf({ CI_COMMIT_TAG: "v1.2.3" }))),
    undefined,
  );
});
