import assert from "node:assert/strict";
import { cliInvocation, REPO_ROOT } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { defaultConfigPath, tempHome } from "./helpers/temp.ts";

const TOKEN = "dp_live_0123456789abcdefghijklmnopqrstuv";
const posixOnly = Deno.build.os === "windows";

async function readConfig(home: string): Promise<string> {
  return await Deno.readTextFile(defaultConfigPath(home));
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("config set-token saves the token and prints the official message, never the token", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "set-token", TOKEN], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "API token saved successfully!\n");
  assert.ok(!run.stderr.includes(TOKEN));
  assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
});

Deno.test("config set-token trims the white space users paste with a token", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "set-token", `  ${TOKEN}\t\n`], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
});

Deno.test("config set-token reads the token from a pipe when no argument is given", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "set-token"], { env: home.env, stdin: ` ${TOKEN}\n` });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "API token saved successfully!\n");
  assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
});

Deno.test("config set-token with empty stdin fails at once and writes nothing", async () => {
  await using home = await tempHome();
  for (const stdin of ["", "  \n", "null"]) {
    const run = await runInProcess(["config", "set-token"], { env: home.env, stdin });
    assert.equal(run.code, 2, JSON.stringify(stdin));
    assert.match(run.stderr, /^Error: The API token on stdin is empty\..*DISTROPACK_API_TOKEN/);
    assert.equal(run.stderr.split("\n").length, 2, "one line");
    assert.ok(!await exists(defaultConfigPath(home.path)));
  }
});

Deno.test("config set-token refuses a token with inner spaces and keeps the old one", async () => {
  await using home = await tempHome();
  assert.equal((await runInProcess(["config", "set-token", TOKEN], { env: home.env })).code, 0);
  const run = await runInProcess(["config", "set-token", "dp_abc def"], { env: home.env });
  assert.equal(run.code, 2);
  assert.match(run.stderr, /contains a space at position 7/);
  assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
});

Deno.test("config set-token does not hang on a stdin pipe that nobody writes to", async () => {
  await using home = await tempHome();
  const invocation = await cliInvocation(["config", "set-token"], home.env);
  const child = new Deno.Command(invocation.program, {
    args: invocation.args,
    env: invocation.env,
    clearEnv: true,
    cwd: REPO_ROOT,
    stdin: "piped", // kept open and silent
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const { code, stderr } = await child.output().finally(() => clearTimeout(killer));
  await child.stdin.close().catch(() => {});
  assert.equal(code, 2, "it gave up by itself instead of being killed");
  assert.match(new TextDecoder().decode(stderr), /No token arrived on standard input within/);
  assert.ok(!await exists(defaultConfigPath(home.path)));
});

Deno.test("config set-token says when DISTROPACK_API_TOKEN still takes precedence", async () => {
  await using home = await tempHome();
  const env = { ...home.env, DISTROPACK_API_TOKEN: "dp_env_token_value_0000000000" };
  const run = await runInProcess(["config", "set-token", TOKEN], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /DISTROPACK_API_TOKEN is set .* takes precedence/);
  assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
});

Deno.test("a token from the environment is never written to the config file", async () => {
  await using home = await tempHome();
  const env = { ...home.env, DISTROPACK_API_TOKEN: "dp_env_token_value_0000000000" };
  const setToken = await runInProcess(["config", "set-token"], { env, stdin: "" });
  assert.equal(setToken.code, 2);
  assert.ok(!await exists(defaultConfigPath(home.path)));
  assert.equal(
    (await runInProcess(["config", "set-base-url", "https://x.example"], { env })).code,
    0,
  );
  assert.doesNotMatch(await readConfig(home.path), /api_token|dp_env/);
});

Deno.test("config set-token --json prints one JSON document and the message on stderr", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["--json", "config", "set-token", TOKEN], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    saved: "api_token",
    config_file: defaultConfigPath(home.path),
    env_overrides: false,
  });
  assert.match(run.stderr, /API token saved successfully!/);
  assert.ok(!run.stdout.includes(TOKEN));
});

async function onTerminal(args: string[], env: Record<string, string>, typed: string) {
  const invocation = await cliInvocation(args, env);
  const { code, stdout } = await new Deno.Command("python3", {
    args: [`${REPO_ROOT}tests/helpers/pty_run.py`, invocation.program, ...invocation.args],
    env: { ...invocation.env, PTY_INPUT: typed, PTY_WAIT_FOR: "input is hidden" },
    clearEnv: true,
    cwd: REPO_ROOT,
    stdout: "piped",
  }).output();
  return { code, shown: new TextDecoder().decode(stdout) };
}

Deno.test({
  name: "config set-token on a terminal prompts without echoing the token",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const { code, shown } = await onTerminal(["config", "set-token"], home.env, `${TOKEN}x\x7f\r`);
    assert.equal(code, 0, shown);
    assert.match(shown, /Paste your API token \(input is hidden\): /);
    assert.match(shown, /API token saved successfully!/);
    assert.ok(!shown.includes(TOKEN.slice(4)), "the typed token was echoed");
    assert.equal(await readConfig(home.path), `api_token = "${TOKEN}"\n`);
  },
});

Deno.test({
  name: "Ctrl-C at the token prompt exits 130 and writes nothing",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const { code } = await onTerminal(["config", "set-token"], home.env, "dp_part\x03");
    assert.equal(code, 130);
    assert.ok(!await exists(defaultConfigPath(home.path)));
  },
});

Deno.test({
  name: "config set-token never prompts when CI is set, even on a terminal",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const { code, shown } = await onTerminal(
      ["config", "set-token"],
      { ...home.env, CI: "true" },
      "",
    );
    assert.equal(code, 2, shown);
    assert.match(shown, /CI is set, so there is no prompt/);
    assert.doesNotMatch(shown, /input is hidden/);
  },
});
