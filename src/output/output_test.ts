import assert from "node:assert/strict";
import { Output, type OutputMode } from "./output.ts";
import { GITHUB } from "../ci/github.ts";
import { GITLAB } from "../ci/gitlab.ts";

function captured(mode: Partial<OutputMode> = {}) {
  const written = { stdout: "", stderr: "" };
  const output = new Output(
    {
      stdout: (text) => void (written.stdout += text),
      stderr: (text) => void (written.stderr += text),
      stderrIsTerminal: false,
      now: () => 1_700_000_000_500,
    },
    { format: "text", quiet: false, debug: false, color: false, ...mode },
  );
  return { output, written };
}

Deno.test("a section is marked on a CI whose log has them (GitLab) only, around its work, and not with --quiet", async () => {
  const gitlab = captured({ ci: GITLAB });
  const result = await gitlab.output.section("distropack_wait", "Waiting", () => {
    gitlab.output.info("inside");
    return Promise.resolve(42);
  });
  assert.equal(result, 42);
  assert.equal(
    gitlab.written.stderr,
    "\x1b[0Ksection_start:1700000000:distropack_wait[collapsed=true]\r\x1b[0KWaiting\n" +
      "inside\n" +
      "\x1b[0Ksection_end:1700000000:distropack_wait\r\x1b[0K\n",
  );
  assert.equal(gitlab.written.stdout, "");
  for (const mode of [{}, { ci: GITHUB }, { ci: GITLAB, quiet: true }]) {
    const other = captured(mode);
    assert.equal(await other.output.section("s", "t", () => Promise.resolve("done")), "done");
    assert.deepEqual(other.written, { stdout: "", stderr: "" });
  }
});

Deno.test("a section is closed when its work fails", async () => {
  const gitlab = captured({ ci: GITLAB });
  await assert.rejects(gitlab.output.section("s", "t", () => Promise.reject(new Error("no"))));
  assert.match(gitlab.written.stderr, /section_end:1700000000:s\r/);
});

Deno.test("print writes the CLI's own text as it is; workflow commands go to stderr", () => {
  const { output, written } = captured();
  output.print("Usage: x\n");
  output.print("help\n", "stderr");
  output.workflowCommand("::error title=distropack-cli::x");
  assert.equal(written.stdout, "Usage: x\n");
  assert.equal(written.stderr, "help\n::error title=distropack-cli::x\n");
});
