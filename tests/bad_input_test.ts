/**
 * Input the CLI refuses before any request, and how it says so: tokens that
 * cannot be sent, blank and absurd names, a bare command group; colour and
 * animation that follow the terminal, NO_COLOR and TERM; a base URL's
 * password never shown.
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { tempDir, tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

// Tokens that cannot be sent.

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

// Blank and absurd names.

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

// A bare command group with --json.

Deno.test("config --json prints the usage error as a JSON document and exits 2", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "--json"], { env: home.env });
  assert.equal(run.code, 2, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.error.code, "usage");
  assert.equal(document.error.exit_code, 2);
  assert.match(document.error.message, /config/);
});

// Colour and animation follow the terminal, NO_COLOR and TERM.

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

// An empty token variable is named as such.

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

// The password of a base URL is never shown.

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
