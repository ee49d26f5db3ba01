import assert from "node:assert/strict";
import { tagProblem } from "./version_match.ts";

Deno.test("a tag of v plus the version matches", () => {
  assert.equal(tagProblem("v1.2.3", "1.2.3"), undefined);
  assert.equal(tagProblem("v1.2.3-rc.1", "1.2.3-rc.1"), undefined);
});

Deno.test("a tag of another version is refused with what to change", () => {
  assert.match(tagProblem("v1.2.4", "1.2.3")!, /does not match the CLI's version 1\.2\.3/);
});

Deno.test("a tag that is no release tag is refused", () => {
  assert.match(tagProblem("1.2.3", "1.2.3")!, /not a release tag/);
  assert.match(tagProblem("main", "1.2.3")!, /not a release tag/);
});
