/**
 * The end-to-end set: each test spawns the real CLI (from source with the
 * compiled binary's permission set, or the binary named by
 * DISTROPACK_CLI_BIN, as the release workflow runs it) against the fake
 * server. Behaviour in depth is tested in process; this set proves that the
 * process itself starts, parses, reads, talks, renders and exits as the
 * in-process tests assume, within its permissions.
 */
import assert from "node:assert/strict";
import { isGroup, type Node } from "../src/cli/define.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { formatBytes } from "../src/text/format.ts";
import { PROGRAM_NAME, VERSION } from "../src/version.ts";
import { type CliOptions, type CliRun, runProcess } from "./helpers/process.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

/**
 * Runs the CLI and checks what every run must hold: the process never asked
 * for an environment variable (or anything else) outside its permission set,
 * which the runtime reports as NotCapable and no in-process test can see.
 */
async function runChecked(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const run = await runProcess(args, options);
  for (const text of [run.stdout, run.stderr]) {
    assert.doesNotMatch(text, /NotCapable|Requires \w+ access|PermissionDenied/, text);
  }
  return run;
}

/** The fixed-width table row the CLI prints for a job: name, state, id. */
function jobRow(name: string, state: string, jobId: string): RegExp {
  return new RegExp(`^${name} +${state} +${jobId}$`, "m");
}

Deno.test("e2e: --version prints the program name and version", async () => {
  const run = await runChecked(["--version"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${PROGRAM_NAME} ${VERSION}\n`);
  assert.equal(run.stderr, "");
});

Deno.test("e2e: --help lists every command of the registry, and each group's help its commands", async () => {
  const groups: Array<{ path: string[]; commands: Node[] }> = [{
    path: [],
    commands: COMMAND_TREE.commands,
  }];
  for (const node of COMMAND_TREE.commands) {
    if (isGroup(node)) groups.push({ path: [node.name], commands: node.commands });
  }
  for (const group of groups) {
    const run = await runChecked([...group.path, "--help"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Usage: ${PROGRAM_NAME}`));
    const listed = run.stdout.slice(run.stdout.indexOf("\nCommands:\n"));
    for (const node of group.commands) {
      assert.match(listed, new RegExp(`^ {2}${node.name} `, "m"), `${node.name} in ${group.path}`);
    }
  }
});

Deno.test("e2e: a usage error exits 2 with one line on stderr and nothing on stdout", async () => {
  const run = await runChecked(["upload", "--no-such-option"]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /^Error: unknown option '--no-such-option'\. .*--help.*\n$/);
  assert.equal(run.stderr.split("\n").length, 2, run.stderr);
});

Deno.test("e2e: config set-token reads stdin, and config show --json masks the token", async () => {
  await using home = await tempHome();
  const token = "dp_e2e_Xq7Lm2Rk9Vt4Wz8Np3Hs6Jd1";
  const saved = await runChecked(["config", "set-token"], { env: home.env, stdin: `${token}\n` });
  assert.equal(saved.code, 0, saved.stderr);
  assert.equal(saved.stdout, "API token saved successfully!\n");
  const shown = await runChecked(["config", "show", "--json"], { env: home.env });
  assert.equal(shown.code, 0, shown.stderr);
  const document = JSON.parse(shown.stdout);
  assert.equal(document.api_token_source, "file");
  assert.match(document.api_token, /^dp_.*\.\.\..*Jd1$/);
  for (const text of [saved.stdout, saved.stderr, shown.stdout, shown.stderr]) {
    assert.ok(!text.includes(token), text);
  }
});

Deno.test("e2e: upload sends a file the server receives byte for byte", async () => {
  await using cli = await fakeCli();
  const bytes = crypto.getRandomValues(new Uint8Array(60_000));
  const path = `${cli.home}/app-1.0.0.tar.gz`;
  await Deno.writeFile(path, bytes);
  const run = await runChecked(
    ["upload", "--package-id", "pkg", "--ref-id", "source-tarball", "--file", path],
    { env: cli.env() },
  );
  assert.equal(run.code, 0, run.stderr);
  const [upload, ...rest] = cli.server.requests;
  assert.equal(rest.length, 0);
  assert.equal(upload.rawQuery, "packageId=pkg&accessName=source-tarball");
  assert.equal(upload.file?.filename, "app-1.0.0.tar.gz");
  assert.equal(upload.file?.size, bytes.length);
  assert.equal(upload.file?.sha256, sha256(bytes));
  assert.match(run.stderr, new RegExp(`Uploaded ${formatBytes(bytes.length)} in `));
});

Deno.test("e2e: build waits for every job to finish and exits 0", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-1", "queued", "running", "finished");
  cli.server.script("j-2", "running", "finished");
  const run = await runChecked(["build", "--package-id", "p", "--version", "1.0.0", ...FAST], {
    env: cli.env(),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("build_package").length, 1);
  assert.equal(cli.server.to("build_status").length, 3);
  assert.match(run.stdout, jobRow("deb", "finished", "j-1"));
  assert.match(run.stdout, jobRow("rpm", "finished", "j-2"));
  assert.match(run.stdout, /All builds finished successfully!\n$/);
});

Deno.test("e2e: a failed build exits 4 with the job's message", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-2", "running", { status: "failed", failMessage: "no changelog" });
  const run = await runChecked(["build", "--package-id", "p", "--version", "1.0.0", ...FAST], {
    env: cli.env(),
  });
  assert.equal(run.code, 4, run.stderr);
  assert.match(run.stdout, jobRow("rpm", "failed", "j-2"));
  assert.match(run.stdout, /Fail message: no changelog/);
  assert.match(run.stderr, /Error: 1 of 2 build jobs failed: rpm\.\n$/);
});

Deno.test("e2e: status reports a job once", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-7", "running");
  const run = await runChecked(["status", "j-7"], { env: cli.env() });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests.length, 1);
  assert.equal(cli.server.requests[0].rawQuery, "jobIds=j-7");
  assert.match(run.stdout, jobRow("deb", "running", "j-7"));
});

/** Two release files in `dir`: a tarball and a changelog. */
async function release(dir: string) {
  const tarball = crypto.getRandomValues(new Uint8Array(40_000));
  const changelog = new TextEncoder().encode("# 1.2.3\n\n- Fixes.\n");
  await Deno.writeFile(`${dir}/app-1.2.3.tar.gz`, tarball);
  await Deno.writeFile(`${dir}/CHANGELOG.md`, changelog);
  return { tarball, changelog };
}

const PUBLISH = [
  "publish",
  "--package-id",
  "pkg",
  "--version",
  "1.2.3",
  "--file",
  "source-tarball=app-{version}.tar.gz",
  "--file",
  "changelog=CHANGELOG.md",
  ...FAST,
];

Deno.test("e2e: publish uploads both files into their slots, then triggers one build", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  const files = await release(cli.home);
  const run = await runChecked(PUBLISH, { env: cli.env(), cwd: cli.home });
  assert.equal(run.code, 0, run.stderr);
  const bySlot = new Map(
    cli.server.to("upload_file").map((request) => [request.query.get("accessName"), request.file]),
  );
  assert.equal(bySlot.size, 2);
  assert.equal(bySlot.get("source-tarball")?.sha256, sha256(files.tarball));
  assert.equal(bySlot.get("changelog")?.sha256, sha256(files.changelog));
  const triggers = cli.server.to("build_package");
  assert.equal(triggers.length, 1);
  assert.deepEqual(triggers[0].fields, { version: "1.2.3" });
});

Deno.test("e2e: publish --dry-run prints the plan and sends no request", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const run = await runChecked([...PUBLISH, "--dry-run"], {
    env: cli.env(),
    cwd: cli.home,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests.length, 0);
  const plan = run.stdout + run.stderr;
  assert.match(plan, /source-tarball/);
  assert.match(plan, /app-1\.2\.3\.tar\.gz/);
  assert.match(plan, /changelog/);
});

Deno.test("e2e: completions bash prints a script that completes the commands", async () => {
  const run = await runChecked(["completions", "bash"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`complete .*${PROGRAM_NAME}`));
  for (const node of COMMAND_TREE.commands) assert.ok(run.stdout.includes(node.name), node.name);
});

Deno.test("e2e: a 401 exits 3 and never prints the token, even with --debug", async () => {
  await using cli = await fakeCli();
  const wrong = "dp_wrong_Gh5Tk2Lp8Qz3Rv6Yx9Bn4";
  const run = await runChecked(["status", "--debug", "j-1"], {
    env: cli.env({ DISTROPACK_API_TOKEN: wrong }),
  });
  assert.equal(run.code, 3);
  assert.match(run.stderr, /Unauthorized/);
  assert.match(run.stderr, /\[debug\]/);
  assert.ok(!run.stdout.includes(wrong) && !run.stderr.includes(wrong), run.stderr);
  assert.equal(cli.server.requests[0].headers.authorization, `Bearer ${wrong}`);
});

Deno.test("e2e: a run reads no environment variable outside its permission set", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home);
  // Variables that libraries commonly look at; set, so a stray read would find something.
  const unrelated = {
    DISTROPACK_E2E_UNRELATED: "1",
    DEBUG: "*",
    NODE_DEBUG: "http",
    FORCE_COLOR: "1",
    COLUMNS: "120",
    LANG: "C.UTF-8",
  };
  const env = cli.env(unrelated);
  const published = await runChecked(["--debug", ...PUBLISH], { env, cwd: cli.home });
  assert.equal(published.code, 0, published.stderr);
  assert.match(published.stderr, /\[debug\]/);
  const shown = await runChecked(["--debug", "config", "show"], { env });
  assert.equal(shown.code, 0, shown.stderr);
});
