import assert from "node:assert/strict";
import { cliCommand } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, freePort, TOKEN } from "./helpers/fake_server.ts";
import { stateFile, tempHome } from "./helpers/temp.ts";
import { FakeTerminal } from "./helpers/fake_terminal.ts";
import { sleep as realSleep } from "../src/sleep.ts";

const FAST = ["--interval", "0.05"];

Deno.test("build triggers all targets with the version as a form field, then follows each job to the end", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-1", "missing", "queued", "running", "finished");
  server.script("j-2", "running", "running", "finished");
  const run = await runInProcess(
    ["build", "--package-id", "pkg 1", "--version", "1.0.0-rc.1+b", ...FAST],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  const [trigger, ...polls] = server.requests;
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
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-9"] });
  const run = await runInProcess(
    ["build", "--package-id", "p", "--version", "2.0", "--target", "pacman", ...FAST],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests[0].path, "/api/build_package_single");
  assert.equal(server.requests[0].rawQuery, "packageId=p&distroType=pacman");
});

Deno.test("build --target sends a name this release does not know, with a one-line note", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  for (const target of ["apk", "archive", "macos-pkg", "x86_64.tar_gz"]) {
    const run = await runInProcess(
      ["build", "--package-id", "p", "--version", "1", "--target", target, ...FAST],
      { env: apiEnv(server, home) },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests.at(-2)?.path, "/api/build_package_single");
    assert.equal(server.requests.at(-2)?.rawQuery, `packageId=p&distroType=${target}`);
    const notes = run.stderr.split("\n").filter((line) => line.startsWith("Note:"));
    assert.deepEqual(notes, [
      `Note: target '${target}' is not one this release knows (deb, rpm, pacman); ` +
      "it is sent as given and the server decides.",
    ]);
    assert.equal(run.stdout.includes("Note:"), false, "the note is not on stdout");
  }
  // A name this release knows gets no note.
  const deb = await runInProcess(
    ["build", "--package-id", "p", "--version", "1", "--target", "deb", ...FAST],
    { env: apiEnv(server, home) },
  );
  assert.equal(deb.code, 0, deb.stderr);
  assert.doesNotMatch(deb.stderr, /Note:/);
});

Deno.test("a --target that is no lower-case name is a usage error that sends nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
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
      const run = await runInProcess(
        [command, "--package-id", "p", "--version", "1", `--target=${target}`, "--build-only"]
          .filter((arg) => command === "publish" || arg !== "--build-only"),
        { env: apiEnv(server, home) },
      );
      assert.equal(run.code, 2, `${command} ${JSON.stringify(target)}: ${run.stderr}`);
      assert.match(run.stderr, error);
      assert.equal(run.stderr.split("\n").length, 2, "one line");
    }
  }
  assert.equal(server.requests.length, 0);
});

Deno.test("publish --target takes an unknown name too, with the note before anything is sent", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  const run = await runInProcess(
    ["publish", "--package-id", "p", "--version", "1", "--build-only", "--target", "apk", ...FAST],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^Note: target 'apk' is not one this release knows/);
  assert.equal(server.requests[0].rawQuery, "packageId=p&distroType=apk");
});

Deno.test("a failed job exits 4 and shows its failMessage and technicalError", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-2", "running", {
    status: "failed",
    failMessage: "Required file 'changelog' is missing",
    technicalError: "dpkg-deb: error:\n exit status 2",
  });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 4, run.stderr);
  assert.match(
    run.stdout,
    /rpm +failed +j-2\n {2}Fail message: Required file 'changelog' is missing\n/,
  );
  assert.match(run.stdout, / {2}Technical error: dpkg-deb: error: \| exit status 2\n/);
  assert.match(run.stderr, /Error: 1 of 2 build jobs failed: rpm\.\n$/);
});

Deno.test("build --json prints one document with the jobs, also when a job failed", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-2", { status: "failed", failMessage: "boom" });
  const run = await runInProcess(
    ["build", "--json", "--package-id", "p", "--version", "1.2.3", "--target", "deb", ...FAST],
    { env: apiEnv(server, home) },
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
    state: { path: stateFile(home.path), action: "fresh", reason: null },
    error: {
      code: "build_failed",
      message: "1 of 2 build jobs failed: rpm.",
      exit_code: 4,
    },
  });
});

Deno.test("build --no-wait prints the job ids and exits 0 without polling", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", "--no-wait"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "j-1\nj-2\n");
  assert.match(run.stderr, /distropack-cli status --wait j-1 j-2/);
  assert.equal(server.to("build_status").length, 0);

  const json = await runInProcess([
    "build",
    "--package-id",
    "p",
    "--version",
    "1",
    "--no-wait",
    "--json",
    // The same version again: --rebuild starts it anew rather than resuming the jobs above.
    "--rebuild",
  ], {
    env: apiEnv(server, home),
  });
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
    state: { path: stateFile(home.path), action: "fresh", reason: null },
  });
});

Deno.test("build --package-id defaults to DISTROPACK_PACKAGE_ID", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const run = await runInProcess(["build", "--version", "1", "--no-wait"], {
    env: apiEnv(server, home, { DISTROPACK_PACKAGE_ID: "550e8400-e29b-41d4-a716-446655440000" }),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests[0].rawQuery, "packageId=550e8400-e29b-41d4-a716-446655440000");
});

Deno.test("an empty jobIds answer is an error", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: [] });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /The server started no build jobs/);
  assert.equal(server.to("build_status").length, 0);
});

Deno.test("a refused build shows the server's message, exits 1 and is sent once", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", {
    status: 400,
    body: "Version 1.0.0 is not newer than the last successful build (1.0.0).",
  });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1.0.0"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /Could not start the build: the server answered HTTP 400 Bad Request: Version 1\.0\.0 is not newer/,
  );
  assert.equal(server.requests.length, 1);
});

Deno.test("a build trigger is never sent again after the connection broke once it was sent", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", "reset");
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1);
  assert.equal(server.to("build_package").length, 1);
  assert.match(run.stderr, /the build may have started: check the dashboard/);
});

Deno.test("a build trigger is not retried after a 502, which a proxy may send after forwarding it", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", {
    status: 502,
    body: "Bad gateway",
    headers: { "retry-after": "0" },
  });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1);
  assert.equal(server.to("build_package").length, 1);
});

Deno.test("a build trigger answered 500, 502 or 504 says the build may have started, and is sent once", async () => {
  await using home = await tempHome();
  for (const status of [500, 502, 504]) {
    await using server = FakeServer.start();
    server.plan("build_package", { status, body: "upstream trouble" });
    for (const json of [false, true]) {
      const args = ["build", ...(json ? ["--json"] : []), "--package-id", "p", "--version", "1"];
      const run = await runInProcess(args, { env: apiEnv(server, home) });
      assert.equal(run.code, 1, run.stderr);
      const message = json ? JSON.parse(run.stdout).error.message : run.stderr;
      assert.match(
        message,
        new RegExp(`Could not start the build: the server answered HTTP ${status}`),
      );
      assert.match(
        message,
        /the build may have started: check the dashboard before triggering it again/,
      );
      if (json) break;
      server.plan("build_package", { status, body: "upstream trouble" });
    }
    assert.equal(server.to("build_package").length, 2, `HTTP ${status}: one trigger per run`);
  }
});

Deno.test("a build trigger refused with a 4xx says no more than the server did", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", { status: 409, body: "Version 1 is not newer than 1." });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /HTTP 409 Conflict: Version 1 is not newer than 1\./);
  assert.doesNotMatch(run.stderr, /may have started/);
});

Deno.test("a build trigger is retried on 429 and 503, which say the server did not act", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  server.plan(
    "build_package",
    { status: 429, headers: { "retry-after": "0" } },
    { status: 503, headers: { "retry-after": "0" } },
  );
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", "--no-wait"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("build_package").length, 3);
  assert.equal(run.stdout, "j-1\n");
});

Deno.test("a build trigger is retried while the connection is refused, until the server is up", async () => {
  await using home = await tempHome();
  const port = freePort();
  const child = (await cliCommand(["build", "--package-id", "p", "--version", "1", "--no-wait"], {
    env: {
      ...home.env,
      DISTROPACK_API_URL: `http://127.0.0.1:${port}`,
      DISTROPACK_API_TOKEN: TOKEN,
    },
  })).spawn();
  await child.stdin.close();
  const stdout = new Response(child.stdout).text();
  const decoder = new TextDecoder();
  let stderr = "";
  const reader = child.stderr.getReader();
  const readUntil = async (text?: string) => {
    while (text === undefined || !stderr.includes(text)) {
      const { value, done } = await reader.read();
      if (done) return;
      stderr += decoder.decode(value);
    }
  };
  await readUntil("retrying");
  assert.match(stderr, /Could not start the build \(connection refused\); retrying in/);
  await using server = FakeServer.start({ port, jobIds: ["j-1"] });
  await readUntil();
  const { code } = await child.status;
  assert.equal(code, 0, stderr);
  assert.equal(await stdout, "j-1\n");
  assert.equal(server.to("build_package").length, 1);
});

Deno.test("build --timeout exits 5 with the job ids and the command to keep watching", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-1", "running");
  server.script("j-2", "missing");
  const run = await runInProcess(
    ["build", "--package-id", "p", "--version", "1", "--timeout", "0.3", ...FAST],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 5, run.stderr);
  assert.match(
    run.stderr,
    /Error: Timed out after 0\.3s waiting for the build jobs; they keep running on the server\. Job ids: j-1, j-2\. Keep watching with: distropack-cli status --wait j-1 j-2\n$/,
  );
  assert.ok(server.to("build_status").length >= 2);
});

Deno.test("Ctrl-C while waiting stops polling, prints the job ids and how to resume, and exits 130", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-1", "running");
  server.script("j-2", "queued");
  const child = (await cliCommand(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env: apiEnv(server, home),
    stdin: "null",
  })).spawn();
  await server.waitFor((request) => request.endpoint === "build_status");
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

Deno.test("a wrong token exits 3 with Unauthorized and the checklist, never printing the token", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", "--debug"], {
    env: apiEnv(server, home, { DISTROPACK_API_TOKEN: " wrong-token-1234567890 " }),
  });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /Unauthorized/);
  assert.match(run.stderr, /no extra spaces or characters/);
  assert.match(run.stderr, /revoked/);
  assert.match(run.stderr, /active subscription/);
  assert.ok(!run.stderr.includes("wrong-token-1234567890"));
  assert.ok(!run.stdout.includes("wrong-token-1234567890"));
  assert.equal(server.requests[0].headers.authorization, "Bearer wrong-token-1234567890");
});

Deno.test("a 403 exits 3 and says the token lacks access or the subscription is inactive", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", { status: 403, body: "Subscription expired" });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 3);
  assert.match(
    run.stderr,
    /Forbidden \(HTTP 403\): the API token has no access to this package, or the account's subscription is inactive: Subscription expired/,
  );
});

Deno.test("build without a token exits 3 naming set-token and DISTROPACK_API_TOKEN, sending nothing", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, DISTROPACK_API_URL: server.url },
  });
  assert.equal(run.code, 3);
  assert.match(
    run.stderr,
    /API token not set.*distropack-cli config set-token.*DISTROPACK_API_TOKEN/,
  );
  assert.equal(server.requests.length, 0);
});

Deno.test("build --quiet prints only the results on stdout and nothing on stderr", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  server.script("j-1", "queued", "running", "finished");
  const run = await runInProcess(["build", "-q", "--package-id", "p", "--version", "1", ...FAST], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
  assert.match(run.stdout, /^deb +finished +j-1\n/);
});

Deno.test("build waits out a job the server has not listed for longer than status would", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  // Missing from the answers at 0, 10, 20, 30 and 40 s: the server returned the id, so it exists.
  server.script("j-1", "missing", "missing", "missing", "missing", "missing", "finished");
  const start = Date.now();
  const clock = {
    monotonic: () => start + (Date.now() - start) * 1000,
    sleep: (ms: number, signal?: AbortSignal) => realSleep(ms / 1000, signal),
  };
  const run = await runInProcess(
    ["build", "--package-id", "p", "--version", "1.0.0", "--interval", "10"],
    { env: apiEnv(server, home), clock },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("build_status").length, 6);
  assert.doesNotMatch(run.stderr, /not found/);
});

Deno.test("on a terminal the final job table is shown once: the live one gives way to the result", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  server.script("j-1", "running", "finished");
  const run = await runInProcess(
    ["build", "--package-id", "p", "--version", "1.0.0", ...FAST],
    { env: apiEnv(server, home), terminalColumns: 100 },
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
