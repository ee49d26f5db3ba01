/** `build`: one trigger, then each job followed to its end, in lines, JSON, a live table or nothing. */
import assert from "node:assert/strict";
import { cliCommand } from "./helpers/process.ts";
import { TOKEN } from "./helpers/fake_server.ts";
import { stateFile } from "./helpers/temp.ts";
import { FakeTerminal } from "./helpers/fake_terminal.ts";
import { sleep as realSleep } from "../src/sleep.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

Deno.test("build triggers all targets with the version as a form field, then follows each job to the end", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "missing", "queued", "running", "finished");
  cli.server.script("j-2", "running", "running", "finished");
  const run = await cli.run(
    ["build", "--package-id", "pkg 1", "--version", "1.0.0-rc.1+b", ...FAST],
  );
  assert.equal(run.code, 0, run.stderr);
  const [trigger, ...polls] = cli.server.requests;
  assert.equal(trigger.method, "POST");
  assert.equal(trigger.path, "/api/build_package");
  assert.equal(trigger.rawQuery, "packageId=pkg%201");
  assert.deepEqual(trigger.fields, { version: "1.0.0-rc.1+b" });
  assert.equal(trigger.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(polls.length, 4);
  for (const poll of polls) {
    assert.equal(poll.method, "GET");
    assert.equal(poll.path, "/api/build_status");
    assert.equal(poll.rawQuery, "jobIds=j-1,j-2");
  }
  assert.match(run.stderr, /Started 2 build jobs: j-1, j-2\n/);
  const changes = run.stderr.split("\n").filter((line) => /^(job j-|deb|rpm)/.test(line));
  assert.deepEqual(changes, [
    "job j-1: waiting for the server to start it",
    "rpm [j-2]: running",
    "deb [j-1]: queued",
    "deb [j-1]: running",
    "rpm [j-2]: finished",
    "deb [j-1]: finished",
  ]);
  assert.match(
    run.stdout,
    /^deb +finished +j-1\nrpm +finished +j-2\nAll builds finished successfully!\n$/,
  );
});

Deno.test("build --target builds one target through build_package_single", async () => {
  await using cli = await fakeCli({ jobIds: ["j-9"] });
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "2.0", "--target", "pacman", ...FAST],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests[0].path, "/api/build_package_single");
  assert.equal(cli.server.requests[0].rawQuery, "packageId=p&distroType=pacman");
});

Deno.test("build --target sends a name this release does not know, with a one-line note", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  for (const target of ["apk", "archive", "macos-pkg", "x86_64.tar_gz"]) {
    const run = await cli.run(
      ["build", "--package-id", "p", "--version", "1", "--target", target, ...FAST],
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(cli.server.requests.at(-2)?.path, "/api/build_package_single");
    assert.equal(cli.server.requests.at(-2)?.rawQuery, `packageId=p&distroType=${target}`);
    const notes = run.stderr.split("\n").filter((line) => line.startsWith("Note:"));
    assert.deepEqual(notes, [
      `Note: target '${target}' is not one this release knows (deb, rpm, pacman); ` +
      "it is sent as given and the server decides.",
    ]);
    assert.equal(run.stdout.includes("Note:"), false, "the note is not on stdout");
  }
  // A name this release knows gets no note.
  const deb = await cli.run(
    ["build", "--package-id", "p", "--version", "1", "--target", "deb", ...FAST],
  );
  assert.equal(deb.code, 0, deb.stderr);
  assert.doesNotMatch(deb.stderr, /Note:/);
});

Deno.test("a --target that is no lower-case name is a usage error that sends nothing", async () => {
  await using cli = await fakeCli();
  const cases: Array<[string, RegExp]> = [
    ["", /argument '' is invalid\. Give a target, e\.g\. deb, rpm, pacman/],
    ["DEB", /'DEB' is invalid\. Target names are lower case: --target deb/],
    ["my target", /'my target' is invalid\. A target is a lower-case name of at most 64/],
    ["deb\x1b[31m", /'deb\\x1b\[31m' is invalid\. A target is a lower-case name/],
    ["deb\n", /'deb\\n' is invalid\. A target is a lower-case name/],
    ["-deb", /is invalid\. A target is a lower-case name/],
    ["a".repeat(65), /is invalid\. A target is a lower-case name of at most 64/],
  ];
  for (const [target, error] of cases) {
    for (const command of ["build", "publish"]) {
      const run = await cli.run(
        [command, "--package-id", "p", "--version", "1", `--target=${target}`, "--build-only"]
          .filter((arg) => command === "publish" || arg !== "--build-only"),
      );
      assert.equal(run.code, 2, `${command} ${JSON.stringify(target)}: ${run.stderr}`);
      assert.match(run.stderr, error);
      assert.equal(run.stderr.split("\n").length, 2, "one line");
    }
  }
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("publish --target takes an unknown name too, with the note before anything is sent", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--build-only", "--target", "apk", ...FAST],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^Note: target 'apk' is not one this release knows/);
  assert.equal(cli.server.requests[0].rawQuery, "packageId=p&distroType=apk");
});

Deno.test("a failed job exits 4 and shows its failMessage and technicalError", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-2", "running", {
    status: "failed",
    failMessage: "Required file 'changelog' is missing",
    technicalError: "dpkg-deb: error:\n exit status 2",
  });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", ...FAST]);
  assert.equal(run.code, 4, run.stderr);
  assert.match(
    run.stdout,
    /rpm +failed +j-2\n {2}Fail message: Required file 'changelog' is missing\n/,
  );
  assert.match(run.stdout, / {2}Technical error: dpkg-deb: error: \| exit status 2\n/);
  assert.match(run.stderr, /Error: 1 of 2 build jobs failed: rpm\.\n$/);
});

Deno.test("build --json prints one document with the jobs, also when a job failed", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-2", { status: "failed", failMessage: "boom" });
  const run = await cli.run(
    ["build", "--json", "--package-id", "p", "--version", "1.2.3", "--target", "deb", ...FAST],
  );
  assert.equal(run.code, 4, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    package_id: "p",
    version: "1.2.3",
    target: "deb",
    job_ids: ["j-1", "j-2"],
    jobs: [
      {
        job_id: "j-1",
        name: "deb",
        status: "finished",
        fail_message: null,
        technical_error: null,
      },
      { job_id: "j-2", name: "rpm", status: "failed", fail_message: "boom", technical_error: null },
    ],
    all_finished: true,
    any_failed: true,
    version_source: "flag",
    state: { path: stateFile(cli.home), action: "fresh", reason: null },
    error: {
      code: "build_failed",
      message: "1 of 2 build jobs failed: rpm.",
      exit_code: 4,
    },
  });
});

Deno.test("build --no-wait prints the job ids and exits 0 without polling", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", "--no-wait"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "j-1\nj-2\n");
  assert.match(run.stderr, /distropack-cli status --wait j-1 j-2/);
  assert.equal(cli.server.to("build_status").length, 0);

  const json = await cli.run([
    "build",
    "--package-id",
    "p",
    "--version",
    "1",
    "--no-wait",
    "--json",
    // The same version again: --rebuild starts it anew rather than resuming the jobs above.
    "--rebuild",
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), {
    package_id: "p",
    version: "1",
    target: null,
    job_ids: ["j-1", "j-2"],
    jobs: ["j-1", "j-2"].map((job_id) => ({
      job_id,
      name: null,
      status: null,
      fail_message: null,
      technical_error: null,
    })),
    all_finished: false,
    any_failed: false,
    version_source: "flag",
    state: { path: stateFile(cli.home), action: "fresh", reason: null },
  });
});

Deno.test("build --package-id defaults to DISTROPACK_PACKAGE_ID", async () => {
  await using cli = await fakeCli();
  const run = await cli.run(["build", "--version", "1", "--no-wait"], {
    env: { DISTROPACK_PACKAGE_ID: "550e8400-e29b-41d4-a716-446655440000" },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests[0].rawQuery, "packageId=550e8400-e29b-41d4-a716-446655440000");
});

Deno.test("build --timeout exits 5 with the job ids and the command to keep watching", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "running");
  cli.server.script("j-2", "missing");
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1", "--timeout", "0.3", ...FAST],
  );
  assert.equal(run.code, 5, run.stderr);
  assert.match(
    run.stderr,
    /Error: Timed out after 0\.3s waiting for the build jobs; they keep running on the server\. Job ids: j-1, j-2\. Keep watching with: distropack-cli status --wait j-1 j-2\n$/,
  );
  assert.ok(cli.server.to("build_status").length >= 2);
});

Deno.test("Ctrl-C while waiting stops polling, prints the job ids and how to resume, and exits 130", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "running");
  cli.server.script("j-2", "queued");
  const child = (await cliCommand(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env: cli.env(),
    stdin: "null",
  })).spawn();
  await cli.server.waitFor((request) => request.endpoint === "build_status");
  child.kill("SIGINT");
  const { code, stderr } = await child.output();
  const text = new TextDecoder().decode(stderr);
  assert.equal(code, 130, text);
  assert.match(
    text,
    /Stopped waiting; the builds keep running on the server\. Job ids: j-1, j-2\./,
  );
  assert.match(text, /Resume with: distropack-cli status --wait j-1 j-2/);
});

Deno.test("build --quiet prints only the results on stdout and nothing on stderr", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", "queued", "running", "finished");
  const run = await cli.run(["build", "-q", "--package-id", "p", "--version", "1", ...FAST]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  assert.match(run.stdout, /^deb +finished +j-1\n/);
});

Deno.test("build waits out a job the server has not listed for longer than status would", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  // Missing from the answers at 0, 10, 20, 30 and 40 s: the server returned the id, so it exists.
  cli.server.script("j-1", "missing", "missing", "missing", "missing", "missing", "finished");
  const start = Date.now();
  const clock = {
    monotonic: () => start + (Date.now() - start) * 1000,
    sleep: (ms: number, signal?: AbortSignal) => realSleep(ms / 1000, signal),
  };
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1.0.0", "--interval", "10"],
    { clock },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("build_status").length, 6);
  assert.doesNotMatch(run.stderr, /not found/);
});

Deno.test("on a terminal the final job table is shown once: the live one gives way to the result", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", "running", "finished");
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1.0.0", ...FAST],
    { terminalColumns: 100 },
  );
  assert.equal(run.code, 0, run.stderr);
  // The live table did draw its last frame, and then erased it.
  assert.match(run.stderr, / {2}deb {6}finished/);
  const terminal = new FakeTerminal(100);
  terminal.streams.stderr(run.stderr);
  assert.deepEqual(terminal.screen(), [
    "Starting the build of version 1.0.0 of package p for all enabled targets...",
    "Started 1 build job: j-1",
  ]);
  assert.equal(terminal.cursorVisible, true);
  assert.equal(run.stdout, "deb      finished     j-1\nAll builds finished successfully!\n");
});
