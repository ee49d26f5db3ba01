import assert from "node:assert/strict";
import { AuthError, CliError, InterruptedError, UsageError } from "../errors.ts";
import { Findings } from "./check_findings.ts";

Deno.test("the failure is the first problem's, with every problem in its message", async () => {
  const found = new Findings();
  assert.equal(found.failure(), undefined);
  await found.attempt("files", () => {
    throw new CliError("Cannot upload a.deb (deb): not found.");
  });
  found.fail("token", new AuthError("Unauthorized (HTTP 401).\nCheck that:\n  - it is right."));
  const failure = found.failure();
  assert.ok(failure instanceof CliError && !(failure instanceof AuthError));
  assert.equal(failure.exitCode, 1);
  assert.equal(failure.code, "error");
  assert.equal(
    failure.message,
    "2 problems; publish would stop at the first (exit 1):\n" +
      "  - files: Cannot upload a.deb (deb): not found.\n" +
      "  - token: Unauthorized (HTTP 401).\n    Check that:\n      - it is right.",
  );
});

Deno.test("one problem is the failure as it is", () => {
  const found = new Findings();
  const error = new UsageError("No version given.");
  found.fail("version", error);
  assert.equal(found.failure(), error);
});

Deno.test("an interruption or a bug is not a problem of what is checked: it is thrown", async () => {
  const found = new Findings();
  await assert.rejects(found.attempt("token", () => Promise.reject(new InterruptedError())));
  await assert.rejects(found.attempt("token", () => Promise.reject(new TypeError("bug"))));
  assert.equal(found.problems.length, 0);
});

Deno.test("the lines list each check once, in the order met, passed, skipped or failed", () => {
  const found = new Findings();
  found.pass("version", "1.2.3 (from --version)");
  found.fail("files", new CliError("x"));
  found.skip("files", "not checked without a version: a");
  found.pass("token", "set");
  assert.deepEqual(found.lines(), [
    "  ok    version  1.2.3 (from --version)",
    "  --    files    not checked without a version: a",
    "  FAIL  files    see the error below",
    "  ok    token    set",
  ]);
});
