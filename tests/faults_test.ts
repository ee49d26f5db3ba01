/**
 * The CLI against a server that fails, stalls or answers nonsense: it keeps
 * waiting through outages, bounds every command by --timeout, takes garbled
 * answers for what a proxy spoiled, and says what a request that was not
 * sent or a wrong base URL means.
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, GARBLED, TOKEN } from "./helpers/fake_server.ts";
import { tempDir, tempHome } from "./helpers/temp.ts";
import { sleep as realSleep } from "../src/sleep.ts";
import { fakeCli } from "./helpers/cli.ts";

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

// An outage of the status endpoint during a wait.

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

// --timeout bounds the whole command, also a request that gets no answer.

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

// Durations no timer can wait.

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

// Garbled answers are answers a proxy spoiled, never a token problem.

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

// A request the runtime will not send was not sent.

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

// A 404 from a base URL with a path points at the base URL.

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
