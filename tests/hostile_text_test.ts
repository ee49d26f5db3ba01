/**
 * Text from the server no real one sends: jobs with odd fields are shown as
 * they are and waited for, and server text never acts on the terminal or
 * forges a command in the CI log.
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

/** No line holds a CI workflow command, and no escape sequence reaches the terminal. */
function assertInert(text: string): void {
  for (const line of text.split(/\r\n|\r|\n/)) {
    const forged = line.trimStart().startsWith("::") || line.includes("##[");
    assert.ok(!forged, `a line holds a workflow command: ${JSON.stringify(line)}`);
  }
  assert.ok(!text.includes("\x1b"), `an ESC byte got through: ${JSON.stringify(text)}`);
}

// Job answers no real server sends.

Deno.test("jobs with odd fields are shown as they are and waited for, until the server says all finished", async () => {
  await using home = await tempHome();
  const ids = ["j-1", "j-2", "j-3", "j-4", "j-5", "j-6"];
  await using server = FakeServer.start({ jobIds: ids });
  server.script("j-1", { raw: { name: "deb" } });
  server.script("j-2", { raw: { name: "rpm", status: null } });
  server.script("j-3", { raw: { name: "pacman", status: 42 } });
  server.script("j-4", { raw: { name: "deb", status: "exploded" } });
  server.script("j-5", { raw: { name: { x: 1 }, status: "running" } });
  server.script("j-6", { raw: { name: "rpm", status: "failed", failMessage: 7 } });
  let polls = 0;
  // Then the server says all are finished (not awaited: a crash ends the run sooner).
  void server.waitFor((request) => request.endpoint === "build_status" && ++polls >= 3)
    .then(() => (server.allFinished = true));
  const args = ["build", "--json", "--package-id", "p", "--version", "1", "--timeout", "10"];
  const run = await runInProcess([...args, ...FAST], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 4, run.stderr);
  assert.ok(server.to("build_status").length >= 4, "the jobs were not waited for");
  assert.doesNotMatch(run.stderr, /Unexpected failure/);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(
    document.jobs.map((job: { status: unknown }) => job.status),
    [null, null, "42", "exploded", "running", "failed"],
  );
  assert.equal(document.jobs[4].name, '{"x":1}');
  assert.equal(document.jobs[5].fail_message, "7");
  assert.equal(document.all_finished, true);
  assert.equal(document.error.code, "build_failed");
  assert.match(document.error.message, /^6 of 6 build jobs failed/);
  assert.match(run.stderr, /pacman +42 +j-3/);
  assert.match(run.stderr, /deb +exploded +j-4/);
  assert.match(run.stderr, /\{"x":1\} +running +j-5/);
  assert.match(run.stderr, /Fail message: 7/);
  assert.match(run.stderr, /rpm +\(no status\) +j-2/);
});

Deno.test("jobs with odd fields never crash the live view either", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", { raw: { name: { x: 1 }, status: 42 } });
  cli.server.script("j-2", { raw: { status: null, failMessage: 7 } });
  let polls = 0;
  // Then the server says all are finished (not awaited: a crash ends the run sooner).
  void cli.server.waitFor((request) => request.endpoint === "build_status" && ++polls >= 3)
    .then(() => (cli.server.allFinished = true));
  const args = ["build", "--package-id", "p", "--version", "1", "--timeout", "10"];
  const run = await cli.run([...args, ...FAST], {
    terminalColumns: 80,
  });
  assert.equal(run.code, 4, run.stderr);
  assert.doesNotMatch(run.stderr, /Unexpected failure/);
  assert.match(run.stdout, /\{"x":1\} +42 +j-1/);
});

// Server text with control characters.

Deno.test("job names and messages with line breaks or escape sequences are shown escaped", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2", "j-3"] });
  cli.server.script("j-1", "running", {
    raw: { name: "deb\n::error::forged", status: "finished" },
  });
  cli.server.script("j-2", "running", {
    raw: { name: "rpm\x1b[2J\x1b]0;pwned\x07", status: "finished" },
  });
  cli.server.script("j-3", "running", {
    raw: {
      name: "pacman",
      status: "failed",
      failMessage: "broke\r\n::warning::x",
      technicalError: "\x1b[31mred\n::error::y",
    },
  });
  for (const json of [false, true]) {
    const run = await cli.run(
      [
        "build",
        ...(json ? ["--json"] : []),
        "--package-id",
        "p",
        "--version",
        "1",
        "--timeout",
        "5",
        ...FAST,
      ],
    );
    assert.equal(run.code, 4, run.stderr);
    assertInert(run.stdout);
    assertInert(run.stderr);
    assert.match(run.stdout + run.stderr, /deb\\n::error::forged/);
    assert.match(run.stdout + run.stderr, /broke \| ::warning::x|broke\\r\\n::warning::x/);
  }
});

Deno.test("server text with no control character cannot start a workflow command either", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "running", {
    raw: { name: "::error title=forged::x", status: "finished" },
  });
  cli.server.script("j-2", "running", {
    raw: { name: "  ::add-mask::y", status: "failed", failMessage: "x ##[stop-commands]zzz" },
  });
  for (const json of [false, true]) {
    const args = ["build", ...(json ? ["--json"] : []), "--package-id", "p", "--version", "1"];
    const run = await cli.run([...args, "--timeout", "5", ...FAST]);
    assert.equal(run.code, 4, run.stderr);
    assertInert(run.stdout);
    assertInert(run.stderr);
    assert.match(run.stdout + run.stderr, /\\x3a:error title=forged::x/);
    if (json) {
      const document = JSON.parse(run.stdout);
      assert.deepEqual(document.jobs.map((job: { name: string }) => job.name), [
        "::error title=forged::x",
        "  ::add-mask::y",
      ]);
      assert.equal(document.jobs[1].fail_message, "x ##[stop-commands]zzz");
    }
  }
});

Deno.test("job ids with a line break, a space or a comma are not taken as ids", async () => {
  await using home = await tempHome();
  for (const id of ["42\n::error title=forged::x", "a b", "a,b", "\u202eevil"]) {
    await using server = FakeServer.start({ jobIds: [id, "j-2"] });
    const args = ["build", "--no-wait", "--package-id", "p", "--version", "1"];
    const run = await runInProcess(args, { env: apiEnv(server, home) });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the server sent no list of usable jobIds/);
    assertInert(run.stdout);
    assertInert(run.stderr);
    assert.equal(server.to("build_status").length, 0);
  }
});

Deno.test("an error body with a line break cannot forge a workflow command", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { status: 500, body: "oops\n::error::x" });
  cli.server.plan("build_package", { status: 500, body: "oops\n::error::x" });
  for (const json of [false, true]) {
    const run = await cli.run(
      ["build", ...(json ? ["--json"] : []), "--package-id", "p", "--version", "1"],
    );
    assert.equal(run.code, 1, run.stderr);
    assertInert(run.stdout);
    assertInert(run.stderr);
    assert.match(run.stderr, /oops/);
  }
});

Deno.test({
  name: "an error body with an escape sequence is shown escaped, at the trigger and during a wait",
  fn: async () => {
    await using cli = await fakeCli({ jobIds: ["j-1"] });
    cli.server.plan("build_package", { status: 500, body: "oops\x1b[2J\x1b]0;title\x07" });
    cli.server.plan("build_status", { status: 400, body: "bad\x1b[31m request" });
    for (const expected of [/oops/, /bad/]) {
      const run = await cli.run(["build", "--package-id", "p", "--version", "1", ...FAST]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, expected);
      assertInert(run.stdout);
      assertInert(run.stderr);
    }
  },
});

Deno.test("a job id with a control or bidi character is shown escaped in the refusal", async () => {
  await using cli = await fakeCli({ jobIds: ["a\x1b[2J\n::error::x\u202eb"] });
  const run = await cli.run(["build", "--no-wait", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assertInert(run.stderr);
  assert.ok(!run.stderr.includes("\u202e"), "a bidi override got through");
  assert.match(run.stderr, /"a\\u001b\[2J\\n::error::x\\u202eb" is not a job id/);
});
