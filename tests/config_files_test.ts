import assert from "node:assert/strict";
import { type CliRun, runProcess } from "./helpers/process.ts";
import { defaultConfigPath, tempHome, writeConfig } from "./helpers/temp.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { fakeCli } from "./helpers/cli.ts";

const TOKEN = "dp_live_0123456789abcdefghijklmnopqrstuv";
const posixOnly = Deno.build.os === "windows";

/**
 * Every command that reads or writes the config file, readers first: should
 * the check ever break, a test fails on a reader before a writer could
 * replace what the config path points at (/dev/null, when run as root).
 */
const COMMANDS = [
  ["config", "show"],
  ["config", "show", "--json"],
  ["config", "set-token", TOKEN],
  ["config", "set-base-url", "https://x.dev"],
  ["config", "unset-token"],
  ["config", "unset-base-url"],
];

/** A run that must end at once: a CLI blocked on opening a FIFO is killed, and fails. */
function runPromptly(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runProcess(args, { env, signal: AbortSignal.timeout(15_000) });
}

function assertOneLineError(run: CliRun, pattern: RegExp, what: string): void {
  assert.equal(run.code, 1, `${what}: ${run.stderr}`);
  assert.match(run.stderr, pattern, what);
  assert.equal(run.stderr.split("\n").length, 2, `${what}: one line`);
  assert.doesNotMatch(run.stderr, /chmod/, what);
  assert.ok(!run.stderr.includes(TOKEN), what);
}

function entries(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

async function configDir(home: string): Promise<string> {
  const dir = defaultConfigPath(home).replace(/[\\/]config\.toml$/, "");
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

const READERS = COMMANDS.filter((args) => args[1] === "show");
const WRITERS = COMMANDS.filter((args) => args[1].startsWith("set-"));
const REMOVERS = COMMANDS.filter((args) => args[1].startsWith("unset-"));

/** stderr without `config show`'s line on where the release state is (tests/rerun_test.ts). */
function withoutStateNote(stderr: string): string {
  return stderr.replace(/^Release state: .*\n/m, "");
}

Deno.test({
  name:
    "a config file linked to /dev/null holds no settings: readers work, writers refuse, the link is kept",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const dir = await configDir(home.path);
    const link = defaultConfigPath(home.path);
    await Deno.symlink("/dev/null", link);
    for (const args of READERS) {
      const run = await runPromptly(args, home.env);
      assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
      assert.doesNotMatch(run.stdout + run.stderr, /chmod|not a regular file/);
    }
    const shown = await runPromptly(["config", "show"], home.env);
    assert.match(shown.stdout, /config\.toml \([^)]*default[^)]*; no saved settings\)/);
    // Nothing is stored, so there is nothing to remove and nothing is written.
    for (const args of REMOVERS) {
      const run = await runPromptly(args, home.env);
      assert.equal(run.code, 0, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stdout, /is stored in .*config\.toml; nothing to remove\.\n$/);
    }
    for (const args of WRITERS) {
      const run = await runPromptly(args, home.env);
      assertOneLineError(
        run,
        /^Error: Config file .*config\.toml, a link to \/dev\/null, keeps no settings, so nothing was saved\. Point --config \(or DISTROPACK_CONFIG\) at a regular file/,
        args.join(" "),
      );
    }
    assert.equal(await Deno.readLink(link), "/dev/null", "the link is unchanged");
    assert.ok((await Deno.stat(link)).isCharDevice, "/dev/null is still a device");
    assert.deepEqual(entries(dir), ["config.toml"], "no lock or temp file");
    assert.ok(!entries("/dev").includes("null.lock"), "no lock file beside /dev/null");
  },
});

Deno.test({
  name:
    "DISTROPACK_CONFIG=/dev/null and --config /dev/null mean no saved settings: the token comes from the environment",
  ignore: posixOnly,
  async fn() {
    await using cli = await fakeCli();
    cli.server.script("j-1", "running");
    const env = cli.env();
    const viaEnv = await runInProcess(["status", "j-1"], {
      env: { ...env, DISTROPACK_CONFIG: "/dev/null" },
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.equal(viaEnv.stderr, "");
    const viaFlag = await cli.run(["--config", "/dev/null", "status", "j-1"], { env });
    assert.equal(viaFlag.code, 0, viaFlag.stderr);
    assert.equal(viaFlag.stderr, "");
    const show = await runInProcess(["config", "show"], {
      env: { ...env, DISTROPACK_CONFIG: "/dev/null" },
    });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /\/dev\/null \(from DISTROPACK_CONFIG; no saved settings\)/);
    const empty = await runInProcess(["config", "show"], {
      env: { ...cli.homeEnv, DISTROPACK_CONFIG: "/dev/null" },
    });
    assert.equal(
      withoutStateNote(empty.stderr),
      "Set a token with the DISTROPACK_API_TOKEN variable; the config file keeps no settings.\n",
    );
    const write = await runInProcess(["--config", "/dev/null", "config", "set-token", TOKEN], {
      env: cli.homeEnv,
    });
    assert.equal(write.code, 1, write.stderr);
    assert.equal(
      write.stderr,
      "Error: Config file /dev/null keeps no settings, so nothing was saved. Point --config " +
        "(or DISTROPACK_CONFIG) at a regular file to save settings; /dev/null was left alone.\n",
    );
    assert.ok((await Deno.lstat("/dev/null")).isCharDevice, "/dev/null is still a device");
    assert.ok(!entries("/dev").includes("null.lock"), "no lock file beside /dev/null");
  },
});

Deno.test({
  name: "a config file linked to another device is still refused by every command",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    await configDir(home.path);
    const link = defaultConfigPath(home.path);
    await Deno.symlink("/dev/zero", link);
    for (const args of COMMANDS) {
      const run = await runPromptly(args, home.env);
      assertOneLineError(
        run,
        /^Error: Config file .*config\.toml is a symlink to \/dev\/zero, which is a character device, not a regular file\. /,
        args.join(" "),
      );
    }
    assert.equal(await Deno.readLink(link), "/dev/zero", "the link is unchanged");
  },
});

Deno.test({
  name: "a FIFO as config file gives an error at once instead of blocking",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    await configDir(home.path);
    const path = defaultConfigPath(home.path);
    const mkfifo = await new Deno.Command("mkfifo", { args: [path] }).output();
    assert.ok(mkfifo.success, "mkfifo is needed for this test");
    for (const args of [["config", "show"], ["config", "set-token", TOKEN]]) {
      const run = await runPromptly(args, home.env);
      assertOneLineError(
        run,
        /^Error: Config file .*config\.toml is a named pipe \(FIFO\), not a regular file\. /,
        args.join(" "),
      );
    }
    assert.ok((await Deno.lstat(path)).isFifo, "still the FIFO");
  },
});

Deno.test("a directory as config file is refused and nothing is created beside it", async () => {
  await using home = await tempHome();
  const dir = await configDir(home.path);
  await Deno.mkdir(defaultConfigPath(home.path));
  for (const args of COMMANDS) {
    const run = await runPromptly(args, home.env);
    assertOneLineError(
      run,
      /^Error: Config file .*config\.toml is a directory, not a regular file\. Point --config/,
      args.join(" "),
    );
  }
  assert.deepEqual(entries(dir), ["config.toml"], "no lock or temp file");
});

Deno.test("a config file that is not UTF-8 is refused with the byte offset and kept byte for byte", async () => {
  await using home = await tempHome();
  const path = await writeConfig(home.path, "");
  const bytes = new Uint8Array([
    ...new TextEncoder().encode("# caf"),
    0xe9, // Latin-1 "é"
    ...new TextEncoder().encode(' settings\napi_token = "dp_old_0123456789"\n'),
  ]);
  await Deno.writeFile(path, bytes);
  for (const args of COMMANDS) {
    const run = await runPromptly(args, home.env);
    assertOneLineError(
      run,
      /^Error: Config file .*config\.toml is not valid UTF-8: bad byte 0xE9 at offset 5 \(line 1\)\. Save it as UTF-8/,
      args.join(" "),
    );
  }
  assert.deepEqual(await Deno.readFile(path), bytes, "byte-identical");
});

Deno.test("a config file with a UTF-8 byte order mark is read, and written back with it", async () => {
  await using home = await tempHome();
  const path = await writeConfig(home.path, '\ufeff# my settings\nbase_url = "https://x.dev"\n');
  const show = await runPromptly(["config", "show", "--json"], home.env);
  assert.equal(show.code, 0, show.stderr);
  assert.equal(JSON.parse(show.stdout).base_url, "https://x.dev");
  const set = await runPromptly(["config", "set-token", TOKEN], home.env);
  assert.equal(set.code, 0, set.stderr);
  const expected = `\ufeff# my settings\nbase_url = "https://x.dev"\napi_token = "${TOKEN}"\n`;
  assert.deepEqual(await Deno.readFile(path), new TextEncoder().encode(expected));
});

Deno.test({
  name: "the warning about a config file others can read names the real file behind a symlink",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    await configDir(home.path);
    const target = `${home.path}/dotfiles/distro'pack.toml`;
    await Deno.mkdir(`${home.path}/dotfiles`);
    await Deno.writeTextFile(target, `api_token = "${TOKEN}"\n`);
    await Deno.chmod(target, 0o644);
    await Deno.symlink(target, defaultConfigPath(home.path));
    const run = await runPromptly(["config", "show"], home.env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      withoutStateNote(run.stderr),
      `Warning: ${target} can be read by other users (mode 0644). ` +
        `Fix it with: chmod 600 '${home.path}/dotfiles/distro'\\''pack.toml'\n`,
    );
  },
});

Deno.test("config set-token refuses a token with a zero-width space, without echoing it", async () => {
  await using home = await tempHome();
  const pasted = "dp_live_0123\u200b456789abcdefghijklmnopqrstuv";
  for (const options of [{ args: [pasted] }, { args: [], stdin: `${pasted}\n` }]) {
    const run = await runProcess(["config", "set-token", ...options.args], {
      env: home.env,
      stdin: options.stdin,
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^Error: The API token (given as argument|on stdin) contains an invisible or space character \(U\+200B\) at position 13, which cannot be sent in an HTTP header\. /,
    );
    assert.equal(run.stderr.split("\n").length, 2, "one line");
    for (const part of ["dp_live_0123", "456789abcdef", "qrstuv"]) {
      assert.ok(!run.stderr.includes(part) && !run.stdout.includes(part), "token not echoed");
    }
  }
  assert.deepEqual(entries(home.path), [], "nothing written");
});
