import assert from "node:assert/strict";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { detectProvider, TAG_SOURCES, tagVariables } from "./providers.ts";

Deno.test("each CI's tag variable is declared once, as a tag variable, and listed by tagVariables", () => {
  const tagTopic = ENV_DECLARATIONS.filter((v) => v.topic === "tag").map((v) => v.name);
  for (const source of TAG_SOURCES) {
    assert.ok(tagTopic.includes(source.name), `${source.name} is not declared with topic "tag"`);
    assert.ok(tagVariables().includes(source.shown ?? source.name), source.name);
  }
  // Declared tag variables are each some source's tag or the one GitHub says "tag" in.
  const read = new Set([...TAG_SOURCES.map((s) => s.name), "GITHUB_REF_TYPE"]);
  assert.deepEqual(tagTopic.filter((name) => !read.has(name)), []);
  assert.match(tagVariables(), / or TAG_NAME$/);
});

Deno.test("detectProvider tells GitHub Actions, GitLab CI, another CI and none apart", () => {
  const on = (vars: Record<string, string>) => detectProvider((name) => vars[name])?.name;
  assert.equal(on({ GITHUB_ACTIONS: "true", CI: "true" }), "GitHub Actions");
  assert.equal(on({ GITLAB_CI: "true", CI: "true" }), "GitLab CI");
  assert.equal(on({ GITHUB_ACTIONS: "false", CI: "" }), "CI");
  assert.equal(on({ CIRCLE_TAG: "v1.0.0" }), undefined, "a tag alone is no CI run");
  assert.equal(on({}), undefined);
});

Deno.test("only GitLab's log has sections; only GitHub reports and annotates", () => {
  const on = (name: string) => detectProvider((variable) => variable === name ? "true" : undefined);
  const github = on("GITHUB_ACTIONS");
  const gitlab = on("GITLAB_CI");
  const other = on("CI");
  assert.ok(github?.report && github.errorLine && !github.logSections);
  assert.ok(gitlab?.logSections && !gitlab.report && !gitlab.errorLine);
  assert.ok(other && !other.report && !other.errorLine && !other.logSections);
});
