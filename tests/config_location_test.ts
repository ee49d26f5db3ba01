/**
 * Which config file the CLI reads and writes, as `config show` and `config
 * path` say: the official client's place on every OS (macOS too, run here
 * with `os: "darwin"`), and what a relative HOME or XDG_CONFIG_HOME does.
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

const posixOnly = Deno.build.os === "windows";
const TOKEN = "dp_saved_by_official_0123456789";
const mac = { os: "darwin" as const };

/** The official client's file on macOS (Rust's dirs::config_dir()), and this CLI's earlier one. */
const supportFile = (home: string) => `${home}/Library/Application Support/distropack/config.toml`;
const dotConfigFile = (home: string) => `${home}/.config/distropack/config.toml`;

async function save(path: string, text: string): Promise<void> {
  await Deno.mkdir(path.replace(/\/config\.toml$/, ""), { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(path, text, { mode: 0o600 });
}

Deno.test({
  name: "on macOS a token saved by the official client in Application Support is used",
  ignore: posixOnly,
  async fn() {
    await using cli = await fakeCli();
    cli.server.script("j-1", "running");
    await save(supportFile(cli.home), `api_token = "${cli.server.token}"\n`);
    const run = await runInProcess(["status", "j-1"], {
      ...mac,
      env: { ...cli.homeEnv, DISTROPACK_API_URL: cli.server.url },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      cli.server.to("build_status")[0].headers.authorization,
      `Bearer ${cli.server.token}`,
    );
    const show = await runInProcess(["config", "show"], { ...mac, env: cli.homeEnv });
    assert.match(
      show.stdout,
      /^ {2}Config file: .*\/Library\/Application Support\/distropack\/config\.toml \(macOS default, where the official client keeps it\)$/m,
    );
    assert.match(show.stdout, /API Token: .* \(from config file\)/);
  },
});

Deno.test({
  name:
    "on macOS set-token on a new home writes to Application Support, where the official client looks",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const run = await runInProcess(["config", "set-token", TOKEN], { ...mac, env: home.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(await Deno.readTextFile(supportFile(home.path)), `api_token = "${TOKEN}"\n`);
    assert.ok(!await Deno.stat(dotConfigFile(home.path)).then(() => true, () => false));
    const path = await runInProcess(["config", "path"], { ...mac, env: home.env });
    assert.equal(path.stdout, `${supportFile(home.path)}\n`);
    assert.equal(path.stderr, "");
  },
});

Deno.test({
  name: "on macOS a config file in ~/.config from earlier versions is still read and written",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    await save(dotConfigFile(home.path), 'base_url = "https://old.example"\n');
    const set = await runInProcess(["config", "set-token", TOKEN], { ...mac, env: home.env });
    assert.equal(set.code, 0, set.stderr);
    assert.equal(
      await Deno.readTextFile(dotConfigFile(home.path)),
      `base_url = "https://old.example"\napi_token = "${TOKEN}"\n`,
    );
    const show = await runInProcess(["config", "show", "--json"], { ...mac, env: home.env });
    assert.deepEqual(JSON.parse(show.stdout), {
      config_file: dotConfigFile(home.path),
      config_file_source: "home",
      unused_config_file: null,
      base_url: "https://old.example",
      base_url_source: "file",
      api_token: "dp_...789",
      api_token_source: "file",
      release_state: `${home.path}/Library/Caches/distropack/release-state.json`,
    });
    const human = await runInProcess(["config", "show"], { ...mac, env: home.env });
    assert.match(
      human.stdout,
      /Config file: .*\/\.config\/distropack\/config\.toml \(found here; there is none in ~\/Library\/Application Support\)/,
    );
  },
});

Deno.test({
  name: "on macOS with both files, Application Support wins and both commands name the other",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    await save(supportFile(home.path), `api_token = "${TOKEN}"\n`);
    await save(dotConfigFile(home.path), 'api_token = "dp_older_one_0123456789"\n');
    const note = `Note: ${dotConfigFile(home.path)} exists too, but only ${
      supportFile(home.path)
    } is read (macOS default, where the official client keeps it). Move what you need into it and delete the other.\n`;
    const show = await runInProcess(["config", "show"], { ...mac, env: home.env });
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /API Token: dp_\.\.\.789 \(from config file\)/);
    assert.equal(
      show.stderr,
      `${note}Release state: ${home.path}/Library/Caches/distropack/release-state.json ` +
        "(default, in ~/Library/Caches).\n",
    );
    const path = await runInProcess(["config", "path"], { ...mac, env: home.env });
    assert.equal(path.stdout, `${supportFile(home.path)}\n`);
    assert.equal(path.stderr, note);
    const json = await runInProcess(["config", "path", "--json"], { ...mac, env: home.env });
    assert.deepEqual(JSON.parse(json.stdout), {
      config_file: supportFile(home.path),
      config_file_source: "application-support",
      unused_config_file: dotConfigFile(home.path),
    });
  },
});

Deno.test({
  name: "on Linux the file is where the official client keeps it: $XDG_CONFIG_HOME, else ~/.config",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const linux = { os: "linux" as const };
    const plain = await runInProcess(["config", "show", "--json"], { ...linux, env: home.env });
    assert.equal(JSON.parse(plain.stdout).config_file, dotConfigFile(home.path));
    assert.equal(JSON.parse(plain.stdout).config_file_source, "home");
    const xdg = await runInProcess(["config", "show"], {
      ...linux,
      env: { ...home.env, XDG_CONFIG_HOME: `${home.path}/xdg` },
    });
    assert.match(
      xdg.stdout,
      /Config file: .*\/xdg\/distropack\/config\.toml \(default, in \$XDG_CONFIG_HOME; does not exist yet\)/,
    );
    // Even with an Application Support folder about, Linux never reads it.
    await save(supportFile(home.path), `api_token = "${TOKEN}"\n`);
    const show = await runInProcess(["config", "show", "--json"], { ...linux, env: home.env });
    assert.equal(JSON.parse(show.stdout).api_token_source, "none");
  },
});

Deno.test("a relative HOME is reported as relative, with what to do", async () => {
  const env = { HOME: "rel" };
  const write = await runInProcess(["config", "set-token", TOKEN], { os: "linux", env });
  assert.equal(write.code, 1);
  assert.equal(
    write.stderr,
    "Error: HOME ('rel') is a relative path, so there is no default config file. Set HOME to " +
      "an absolute path (such as /home/you), or pass --config PATH (or DISTROPACK_CONFIG).\n",
  );
  const show = await runInProcess(["config", "show"], { os: "darwin", env });
  assert.equal(show.code, 0);
  assert.match(show.stderr, /^Note: HOME \('rel'\) is a relative path/m);
  assert.doesNotMatch(show.stderr, /is not set/);
});

Deno.test({
  name: "a relative XDG_CONFIG_HOME is ignored, as the XDG spec says, and config show says so",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const env = { ...home.env, XDG_CONFIG_HOME: "cfg" };
    const show = await runInProcess(["config", "show"], { os: "linux", env });
    assert.match(show.stdout, /Config file: .*\/\.config\/distropack\/config\.toml/);
    assert.equal(
      show.stderr.split("\n")[0],
      "Note: XDG_CONFIG_HOME ('cfg') is not an absolute path, so it is ignored, as the XDG spec " +
        "says. Set it to an absolute path to use it.",
    );
  },
});
