/**
 * The CLI against a server that fails, stalls or answers nonsense, and
 * against hostile input: it keeps waiting through outages, bounds every
 * command by --timeout, never crashes on odd answers, never lets server
 * text act on the terminal or the CI log, and refuses bad input before any
 * request.
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, GARBLED, TOKEN } from "./helpers/fake_server.ts";
import { tempDir, tempHome } from "./helpers/temp.ts";
import { sleep as realSleep } from "../src/sleep.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

/**
 * A clock that runs `factor` times faster than the real one, for `sleep` and
 * `monotonic` alike: the client's retry backoff (seconds per failed poll) and the
 * wait's own pauses pass quickly, in the same proportions.
 */
function fastClock(factor = 100) {
  const start = Date.now();
  return {
    monotonic: () => start + (Date.now() - start) * factor,
    sleep: (ms: number, signal?: AbortSignal) => realSleep(ms / factor, signal),
  };
}

/** No line holds a CI workflow command, and no escape sequence reaches the terminal. */
function assertInert(text: string): void {
  for (const line of text.split(/\r\n|\r|\n/)) {
    const forged = line.trimStart().startsWith("::") || line.includes("##[");
    assert.ok(!forged, `a line holds a workflow command: ${JSON.stringify(line)}`);
  }
  assert.ok(!text.includes("\x1b"), `an ESC byte got through: ${JSON.stringify(text)}`);
}

// 2. An outage of the status endpoint during a wait.

Deno.test("build keeps waiting while build_status answers 503, warns, and finishes once it recovers", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  // Three polls' worth: the client tries each poll 5 times.
  cli.server.plan("build_status", ...Array(15).fill({ status: 503 }));
  cli.server.script("j-1", "finished");
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1", "--interval", "1", "--timeout", "10m"],
    { clock: fastClock() },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    /Warning: Cannot get the build status \(.*503.*\); trying again in .*\. The builds keep running on the server\./,
  );
  assert.match(run.stderr, /The server answers again\./);
  assert.match(run.stdout, /All builds finished successfully!/);
  assert.equal(cli.server.to("build_status").length, 16);
});

Deno.test("an outage that lasts past --timeout exits 5 with the job ids and the resume command", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.plan("build_status", ...Array(10_000).fill({ status: 503 }));
  const run = await cli.run(
    [
      "build",
      "--json",
      "--package-id",
      "p",
      "--version",
      "1",
      "--interval",
      "1",
      "--timeout",
      "30",
    ],
    { clock: fastClock() },
  );
  assert.equal(run.code, 5, run.stderr);
  assert.match(run.stderr, /Cannot get the build status/);
  const resume = /Job ids: j-1, j-2\..*distropack-cli status --wait j-1 j-2/;
  assert.match(run.stderr, resume);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(document.job_ids, ["j-1", "j-2"]);
  assert.equal(document.error.code, "timeout");
  assert.equal(document.error.exit_code, 5);
  assert.match(document.error.message, resume);
});

// 3. --timeout bounds the whole command, also a request that gets no answer.

Deno.test("status --wait --timeout 1 ends with exit 5 when build_status never answers", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_status", { delayMs: 60_000 });
  const started = Date.now();
  const run = await cli.run(["status", "--wait", "--timeout", "1", "j-1"]);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(run.code, 5, run.stderr);
  assert.ok(seconds < 2.5, `took ${seconds}s`);
  assert.match(run.stderr, /Timed out after 1s.*distropack-cli status --wait j-1/);
});

Deno.test("upload --timeout 1 ends with exit 5 when the upload gets no answer, saying it is not complete", async () => {
  await using home = await tempHome();
  await using dir = await tempDir();
  await using server = FakeServer.start();
  server.plan("upload_file", { delayMs: 60_000 });
  const file = `${dir.path}/pkg.deb`;
  await Deno.writeTextFile(file, "package bytes");
  const started = Date.now();
  const run = await runInProcess(
    ["upload", "--package-id", "p", "--ref-id", "deb", "--file", file, "--timeout", "1"],
    { env: apiEnv(server, home) },
  );
  const seconds = (Date.now() - started) / 1000;
  assert.equal(run.code, 5, run.stderr);
  assert.ok(seconds < 2.5, `took ${seconds}s`);
  assert.match(run.stderr, /Timed out after 1s uploading .*pkg\.deb; .*not complete/);
  assert.doesNotMatch(run.stdout, /File uploaded successfully!/);
});

// 4. Durations no timer can wait.

Deno.test("an --interval or --timeout longer than a timer can wait is a usage error", async () => {
  await using cli = await fakeCli();
  for (
    const args of [
      ["status", "--wait", "--interval", "3000000", "j-1"],
      ["status", "--wait", "--timeout", "999999h", "j-1"],
      ["build", "--package-id", "p", "--version", "1", "--interval", "3000000"],
      ["build", "--package-id", "p", "--version", "1", "--timeout", "999999h"],
    ]
  ) {
    const run = await cli.run(args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, /Use at most/);
  }
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("--timeout takes every duration the CLI prints, up to the longest its error names", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "finished");
  const tooLong = await cli.run(["status", "--wait", "--timeout", "999999h", "j-1"]);
  const longest = /Use at most (\S+), or 0/.exec(tooLong.stderr)?.[1];
  assert.ok(longest, tooLong.stderr);
  for (const timeout of [longest, "1h30m", "1h02m", "3m05s", "1m30s", "596h31m23s"]) {
    const run = await cli.run(["status", "--wait", "--timeout", timeout, "j-1"]);
    assert.equal(run.code, 0, `--timeout ${timeout}: ${run.stderr}`);
  }
});

Deno.test("a --timeout that rounds to zero is refused: only 0 means no limit", async () => {
  await using cli = await fakeCli();
  for (const timeout of ["0.0004", "0.0004s", "0.0000001h"]) {
    const run = await cli.run(["status", "--wait", "--timeout", timeout, "j-1"]);
    assert.equal(run.code, 2, `--timeout ${timeout}: ${run.stderr}`);
    assert.match(run.stderr, /argument '.*' is invalid\. It is shorter than a millisecond/);
    assert.equal(run.stderr.split("\n").length, 2, run.stderr);
  }
  assert.equal(cli.server.requests.length, 0);
  cli.server.script("j-1", "finished");
  for (const zero of ["0", "0s", "0h0m0s", "0.0"]) {
    const run = await cli.run(["status", "--wait", "--timeout", zero, "j-1"]);
    assert.equal(run.code, 0, `--timeout ${zero}: ${run.stderr}`);
  }
});

// 5. Job answers no real server sends.

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

// 6. Server text with control characters.

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
    await using home = await tempHome();
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    server.plan("build_package", { status: 500, body: "oops\x1b[2J\x1b]0;title\x07" });
    server.plan("build_status", { status: 400, body: "bad\x1b[31m request" });
    for (const expected of [/oops/, /bad/]) {
      const run = await runInProcess(["build", "--package-id", "p", "--version", "1", ...FAST], {
        env: apiEnv(server, home),
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, expected);
      assertInert(run.stdout);
      assertInert(run.stderr);
    }
  },
});

// 7. Tokens that cannot be sent.

Deno.test("a token from DISTROPACK_API_TOKEN with a zero-width space or an é exits 3 before any request", async () => {
  await using cli = await fakeCli();
  for (const token of [`${TOKEN.slice(0, 8)}\u200b${TOKEN.slice(8)}`, `${TOKEN}é`]) {
    const run = await cli.run(["build", "--package-id", "p", "--version", "1"], {
      env: { DISTROPACK_API_TOKEN: token },
    });
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /DISTROPACK_API_TOKEN/);
    for (const text of [run.stdout, run.stderr]) {
      assert.ok(!text.includes(TOKEN.slice(8)), "the token was printed");
      assert.ok(!text.includes(TOKEN.slice(0, 12)), "the token was printed");
    }
  }
  assert.equal(cli.server.requests.length, 0);
});

// 8. Blank and absurd names.

Deno.test("blank --ref-id, --version and --package-id are usage errors and nothing is sent", async () => {
  await using home = await tempHome();
  await using dir = await tempDir();
  await using server = FakeServer.start();
  const file = `${dir.path}/pkg.deb`;
  await Deno.writeTextFile(file, "package bytes");
  for (
    const args of [
      ["upload", "--package-id", "p", "--ref-id", "   ", "--file", file],
      ["upload", "--package-id", " ", "--ref-id", "deb", "--file", file],
      ["build", "--package-id", "p", "--version", "  "],
      ["build", "--package-id", "\t", "--version", "1"],
    ]
  ) {
    const run = await runInProcess(args, { env: apiEnv(server, home) });
    assert.equal(run.code, 2, `${JSON.stringify(args)}: ${run.stderr}`);
    assert.match(run.stderr, /is (blank|empty)/, JSON.stringify(args));
  }
  assert.equal(server.requests.length, 0);
});

Deno.test({
  name: "an empty --package-id, --version or --ref-id is refused, not replaced by the environment",
  fn: async () => {
    await using home = await tempHome();
    await using dir = await tempDir();
    await using server = FakeServer.start();
    const file = `${dir.path}/pkg.deb`;
    await Deno.writeTextFile(file, "package bytes");
    const env = apiEnv(server, home, { DISTROPACK_PACKAGE_ID: "env-pkg", CI_COMMIT_TAG: "v9.9" });
    for (
      const args of [
        ["upload", "--package-id", "", "--ref-id", "deb", "--file", file],
        ["upload", "--package-id", "p", "--ref-id", "", "--file", file],
        ["build", "--package-id", "", "--version", "1"],
        ["build", "--package-id=", "--version", "1"],
        ["build", "--package-id", "p", "--version", ""],
      ]
    ) {
      const run = await runInProcess(args, { env });
      assert.equal(run.code, 2, `${JSON.stringify(args)}: ${run.stderr}`);
      assert.match(run.stderr, /is (blank|empty)/, JSON.stringify(args));
    }
    assert.equal(server.requests.length, 0);
  },
});

Deno.test("a 70,000-character --ref-id or --package-id is refused in a short message, sending nothing", async () => {
  await using home = await tempHome();
  await using dir = await tempDir();
  await using server = FakeServer.start();
  const file = `${dir.path}/pkg.deb`;
  await Deno.writeTextFile(file, "package bytes");
  const long = "a".repeat(70_000);
  for (
    const args of [
      ["upload", "--package-id", "p", "--ref-id", long, "--file", file],
      ["upload", "--package-id", long, "--ref-id", "deb", "--file", file],
      ["build", "--package-id", long, "--version", "1"],
      ["build", "--package-id", "p", "--version", long],
    ]
  ) {
    const run = await runInProcess(args, { env: apiEnv(server, home) });
    assert.equal(run.code, 2, run.stderr.slice(0, 300));
    assert.ok(
      run.stderr.length < 300,
      `${run.stderr.length} characters: ${run.stderr.slice(0, 300)}`,
    );
    assert.equal(run.stdout, "");
  }
  assert.equal(server.requests.length, 0);
});

// 9. A bare command group with --json.

Deno.test("config --json prints the usage error as a JSON document and exits 2", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "--json"], { env: home.env });
  assert.equal(run.code, 2, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.error.code, "usage");
  assert.equal(document.error.exit_code, 2);
  assert.match(document.error.message, /config/);
});

// 10. Colour and animation follow the terminal, NO_COLOR and TERM.

Deno.test("an error is coloured on a terminal, also with an empty NO_COLOR, and plain with NO_COLOR=1", async () => {
  await using home = await tempHome();
  const args = ["build", "--package-id", "p", "--version", "1"];
  const noToken = { ...home.env, DISTROPACK_API_URL: "http://127.0.0.1:9" };
  const colored = await runInProcess(args, { env: noToken, terminalColumns: 80 });
  assert.equal(colored.code, 3);
  const red = "\x1b[31mError:\x1b[0m API token not set";
  assert.ok(colored.stderr.includes(red), JSON.stringify(colored.stderr));
  const emptyNoColor = await runInProcess(args, {
    env: { ...noToken, NO_COLOR: "" },
    terminalColumns: 80,
  });
  assert.ok(emptyNoColor.stderr.includes(red), JSON.stringify(emptyNoColor.stderr));
  const noColor = await runInProcess(args, {
    env: { ...noToken, NO_COLOR: "1" },
    terminalColumns: 80,
  });
  assert.equal(noColor.code, 3);
  assert.match(noColor.stderr, /^Error: API token not set/m);
  assert.ok(!noColor.stderr.includes("\x1b"), JSON.stringify(noColor.stderr));
  const piped = await runInProcess(args, { env: noToken });
  assert.ok(!piped.stderr.includes("\x1b"), JSON.stringify(piped.stderr));
});

Deno.test("TERM=dumb gives no escape sequences at all: no colour, no live view", async () => {
  await using home = await tempHome();
  await using dir = await tempDir();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  server.script("j-1", "queued", "running", "running", { status: "failed" });
  const env = apiEnv(server, home, { TERM: "dumb" });
  const build = await runInProcess(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env,
    terminalColumns: 80,
  });
  assert.equal(build.code, 4, build.stderr);
  assert.match(build.stderr, /deb \[j-1\]: running/);
  assert.ok(!build.stderr.includes("\x1b"), JSON.stringify(build.stderr));
  const file = `${dir.path}/pkg.deb`;
  await Deno.writeFile(file, new Uint8Array(300_000));
  const upload = await runInProcess([
    "upload",
    "--package-id",
    "p",
    "--ref-id",
    "deb",
    "--file",
    file,
  ], {
    env,
    terminalColumns: 80,
  });
  assert.equal(upload.code, 0, upload.stderr);
  assert.ok(!upload.stderr.includes("\x1b"), JSON.stringify(upload.stderr));
  assert.ok(!upload.stdout.includes("\x1b"), JSON.stringify(upload.stdout));
});

Deno.test("on a terminal the live view draws (the baseline TERM=dumb turns off)", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", "queued", "running", "running", "finished");
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env: { TERM: "xterm-256color" },
    terminalColumns: 80,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stderr.includes("\x1b"), "no live view was drawn");
});

// 11. Garbled answers are answers a proxy spoiled, never a token problem.

Deno.test("a build trigger answered 200 with a body that is not gzip exits 1, may have started, sent once", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { raw: GARBLED.gzip() });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", "--json"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /the answer from .* could not be read/);
  assert.match(run.stderr, /the build may have started: check the dashboard/);
  assert.doesNotMatch(run.stderr, /token/i);
  assert.equal(JSON.parse(run.stdout).error.code, "network");
  assert.equal(cli.server.to("build_package").length, 1);
});

Deno.test("a build trigger answered with a control character in a header is not a token problem", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { raw: GARBLED.header() });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /could not be read \(invalid HTTP header parsed\)\. .*may have started: check the dashboard/,
  );
  assert.doesNotMatch(run.stderr, /copy the token/i);
  assert.equal(cli.server.to("build_package").length, 1);
});

Deno.test("a build trigger answered 200 with a page that is not JSON says the builds may have started", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { raw: GARBLED.notJson() });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /an answer that is not JSON \(HTTP 200\)\. .*may have started/);
  assert.equal(cli.server.to("build_package").length, 1);
});

Deno.test("garbled status answers during a wait are ridden out like a 503", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  // More than one poll's worth of attempts, in both kinds, then one that is not JSON.
  cli.server.plan(
    "build_status",
    ...Array(4).fill({ raw: GARBLED.gzip("{}") }),
    ...Array(3).fill({ raw: GARBLED.header("{}") }),
    { raw: GARBLED.notJson() },
  );
  cli.server.script("j-1", "finished");
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1", "--interval", "1", "--timeout", "10m"],
    { clock: fastClock() },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Warning: Cannot get the build status/);
  assert.match(run.stdout, /All builds finished successfully!/);
  assert.equal(cli.server.to("build_status").length, 9);
});

Deno.test("a one-off status answered with a body that is not gzip exits 1 as a network fault, not 3", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_status", ...Array(5).fill({ raw: GARBLED.gzip("{}") }));
  const run = await cli.run(["status", "j-1"], {
    clock: fastClock(),
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /Could not get the build status: the answer from .* could not be read/);
  assert.doesNotMatch(run.stderr, /token/i);
});

// 12. A request the runtime will not send was not sent.

Deno.test("a base URL on a port the runtime blocks is reported as not sent, and build never says it may have started", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, DISTROPACK_API_URL: "http://127.0.0.1:1", DISTROPACK_API_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /was not sent: the runtime refused it \(.*port 1 .*blocked\)/);
  assert.match(run.stderr, /Check the base URL \(its port\)/);
  assert.doesNotMatch(run.stderr, /may have started/);
  assert.doesNotMatch(run.stderr, /retrying/);
});

// 13. A 404 from a base URL with a path points at the base URL.

Deno.test("a 404 from a base URL with a path (/api/api/...) says to check the base URL", async () => {
  await using cli = await fakeCli();
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"], {
    env: { DISTROPACK_API_URL: `${cli.server.url}/api` },
  });
  assert.equal(run.code, 1, run.stderr);
  assert.equal(cli.server.requests[0].path, "/api/api/build_package");
  assert.match(
    run.stderr,
    /HTTP 404 Not Found: Not found\. Check the base URL: .*\/api\/api\/\.\.\./,
  );
  assert.ok(run.stderr.includes(`usually the site's address alone, such as ${cli.server.url}.`));
});

Deno.test("a 404 from a base URL without a path gets no base URL hint", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { status: 404, body: "No such package" });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /HTTP 404 Not Found: No such package\.\n/);
  assert.doesNotMatch(run.stderr, /Check the base URL/);
});

// 14. An empty token variable is named as such.

Deno.test("an empty DISTROPACK_API_TOKEN in CI is named, with the missing secret as cause and no set-token advice", async () => {
  await using cli = await fakeCli();
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"], {
    env: { DISTROPACK_API_TOKEN: "", CI: "true", GITHUB_ACTIONS: "true" },
  });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /DISTROPACK_API_TOKEN is set but empty\./);
  assert.match(run.stderr, /secret .* missing, misnamed, or not exposed to this workflow/);
  assert.doesNotMatch(run.stderr, /set-token/);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("an empty DISTROPACK_API_TOKEN outside CI is named, and set-token is offered", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, DISTROPACK_API_TOKEN: "  " },
  });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /DISTROPACK_API_TOKEN is set but empty\. .*config set-token/);
});

Deno.test("no token at all in CI asks for the variable from a secret, not for set-token", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, CI: "true" },
  });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /API token not set\. Set the DISTROPACK_API_TOKEN .* CI secret/);
  assert.doesNotMatch(run.stderr, /set-token/);
});

// 15. The password of a base URL is never shown.

Deno.test("a base URL with a password that does not parse is never echoed whole", async () => {
  await using home = await tempHome();
  const url = "https://ci:PASSWORD@host.example:99999";
  const runs = [
    await runInProcess(["config", "set-base-url", url], { env: home.env }),
    await runInProcess(["config", "set-base-url", url, "--json"], { env: home.env }),
    await runInProcess(["build", "--package-id", "p", "--version", "1", "--json"], {
      env: { ...home.env, DISTROPACK_API_URL: url, DISTROPACK_API_TOKEN: TOKEN },
    }),
    await runInProcess(["config", "show"], { env: { ...home.env, DISTROPACK_API_URL: url } }),
    await runInProcess(["config", "show", "--json"], {
      env: { ...home.env, DISTROPACK_API_URL: url },
    }),
  ];
  assert.deepEqual(runs.map((run) => run.code), [2, 2, 1, 0, 0]);
  for (const run of runs) {
    assert.ok(!`${run.stdout}${run.stderr}`.includes("PASSWORD"), run.stdout + run.stderr);
  }
  assert.match(runs[0].stderr, /Invalid base URL 'https:\/\/\*\*\*@host\.example:99999'/);
  assert.match(runs[3].stdout, /Base URL: https:\/\/\*\*\*@host\.example:99999/);
});
