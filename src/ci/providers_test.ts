import assert from "node:assert/strict";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { TAG_SOURCES, tagVariables } from "./providers.ts";

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
