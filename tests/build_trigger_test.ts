/**
 * The build trigger's answers: a refusal or no job shown as the server gave
 * it, retried only when the server cannot have acted, and a missing or wrong
 * token named, never printed.
 */
import assert from "node:assert/strict";
import { cliCommand } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { FakeServer, freePort, TOKEN } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

Deno.test("an empty jobIds answer is an error", async () => {
  await using cli = await fakeCli({ jobIds: [] });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /The server started no build jobs/);
  assert.equal(cli.server.to("build_status").length, 0);
});

Deno.test("a refused build shows the server's message, exits 1 and is sent once", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", {
    status: 400,
    body: "Version 1.0.0 is not newer than the last successful build (1.0.0).",
  });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1.0.0"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /Could not start the build: the server answered HTTP 400 Bad Request: Version 1\.0\.0 is not newer/,
  );
  assert.equal(cli.server.requests.length, 1);
});

Deno.test("a build trigger is never sent again after the connection broke once it was sent", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", "reset");
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1);
  assert.equal(cli.server.to("build_package").length, 1);
  assert.match(run.stderr, /the build may have started: check the dashboard/);
});

Deno.test("a build trigger is not retried after a 502, which a proxy may send after forwarding it", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", {
    status: 502,
    body: "Bad gateway",
    headers: { "retry-after": "0" },
  });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1);
  assert.equal(cli.server.to("build_package").length, 1);
});

Deno.test("a build trigger is retried on 429 and 503, which say the server did not act", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.plan(
    "build_package",
    { status: 429, headers: { "retry-after": "0" } },
    { status: 503, headers: { "retry-after": "0" } },
  );
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", "--no-wait"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("build_package").length, 3);
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

Deno.test("a wrong token exits 3 with Unauthorized and the checklist, never printing the token", async () => {
  await using cli = await fakeCli();
  const run = await cli.run(["build", "--package-id", "p", "--version", "1", "--debug"], {
    env: { DISTROPACK_API_TOKEN: " wrong-token-1234567890 " },
  });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /Unauthorized/);
  assert.match(run.stderr, /no extra spaces or characters/);
  assert.match(run.stderr, /revoked/);
  assert.match(run.stderr, /active subscription/);
  assert.ok(!run.stderr.includes("wrong-token-1234567890"));
  assert.ok(!run.stdout.includes("wrong-token-1234567890"));
  assert.equal(cli.server.requests[0].headers.authorization, "Bearer wrong-token-1234567890");
});

Deno.test("a 403 exits 3 and says the token lacks access or the subscription is inactive", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { status: 403, body: "Subscription expired" });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 3);
  assert.match(
    run.stderr,
    /Forbidden \(HTTP 403\): the API token has no access to this package, or the account's subscription is inactive: Subscription expired/,
  );
});

Deno.test("build without a token exits 3 naming set-token and DISTROPACK_API_TOKEN, sending nothing", async () => {
  await using cli = await fakeCli();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...cli.homeEnv, DISTROPACK_API_URL: cli.server.url },
  });
  assert.equal(run.code, 3);
  assert.match(
    run.stderr,
    /API token not set.*distropack-cli config set-token.*DISTROPACK_API_TOKEN/,
  );
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("a build trigger answered 500, 502 or 504 says the build may have started, and is sent once", async () => {
  for (const status of [500, 502, 504]) {
    await using cli = await fakeCli();
    cli.server.plan("build_package", { status, body: "upstream trouble" });
    for (const json of [false, true]) {
      const run = await cli.run([
        "build",
        ...(json ? ["--json"] : []),
        "--package-id",
        "p",
        "--version",
        "1",
      ]);
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
      cli.server.plan("build_package", { status, body: "upstream trouble" });
    }
    assert.equal(cli.server.to("build_package").length, 2, `HTTP ${status}: one trigger per run`);
  }
});

Deno.test("a build trigger refused with a 4xx says no more than the server did", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_package", { status: 409, body: "Version 1 is not newer than 1." });
  const run = await cli.run(["build", "--package-id", "p", "--version", "1"]);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /HTTP 409 Conflict: Version 1 is not newer than 1\./);
  assert.doesNotMatch(run.stderr, /may have started/);
});
