import assert from "node:assert/strict";
import { parse } from "smol-toml";
import { runInProcess } from "./helpers/in_process.ts";
import { defaultConfigDir, defaultConfigPath, tempHome, writeConfig } from "./helpers/temp.ts";

const posixOnly = Deno.build.os === "windows";

Deno.test({
  name: "a new config file is 0600 in a 0700 directory",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    assert.equal(
      (await runInProcess(["config", "set-token", "dp_abc_123456789"], { env: home.env })).code,
      0,
    );
    const path = defaultConfigPath(home.path);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.equal((await Deno.stat(defaultConfigDir(home.path))).mode! & 0o777, 0o700);
  },
});

Deno.test({
  name: "reading a file others can read warns with the chmod fix, and writing fixes it",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const path = await writeConfig(home.path, 'api_token = "dp_abc_123456789"\n', 0o644);
    const show = await runInProcess(["config", "show"], { env: home.env });
    assert.equal(show.code, 0);
    assert.match(show.stderr, /Warning: .*config\.toml can be read by other users \(mode 0644\)/);
    assert.ok(show.stderr.includes(`chmod 600 '${path}'`));
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o644, "reading never changes the file");
    assert.equal(
      (await runInProcess(["config", "set-base-url", "https://x.dev"], { env: home.env })).code,
      0,
    );
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.doesNotMatch(
      (await runInProcess(["config", "show"], { env: home.env })).stderr,
      /Warning/,
    );
  },
});

Deno.test({
  name: "an update replaces the config file whole: a reader of the old one still reads it all",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const old = 'api_token = "dp_old_123456789"\nbase_url = "https://old.example"\n';
    const path = await writeConfig(home.path, old, 0o600);
    const before = await Deno.stat(path);
    // Open before the update, as a concurrent reader would be.
    using reader = await Deno.open(path);
    const set = await runInProcess(["config", "set-token", "dp_new_123456789"], { env: home.env });
    assert.equal(set.code, 0, set.stderr);
    // A write in place would show this reader a truncated or mixed file.
    assert.equal(new TextDecoder().decode(await new Response(reader.readable).bytes()), old);
    assert.notEqual((await Deno.stat(path)).ino, before.ino, "written beside, then renamed");
    assert.match(await Deno.readTextFile(path), /dp_new_123456789/);
    const left = await Array.fromAsync(Deno.readDir(defaultConfigDir(home.path)));
    assert.deepEqual(left.map((entry) => entry.name).filter((name) => name.endsWith(".tmp")), []);
  },
});

Deno.test("a malformed config file is never overwritten and every command names the line", async () => {
  await using home = await tempHome();
  const text = 'api_token = "dp_abc_123456789"\nbase_url = https://unquoted.example\n';
  const path = await writeConfig(home.path, text);
  const before = await Deno.readFile(path);
  const commands = [
    ["config", "show"],
    ["config", "show", "--json"],
    ["config", "set-token", "dp_new_123456789"],
    ["config", "set-base-url", "https://x.dev"],
    ["config", "unset-token"],
    ["config", "unset-base-url"],
  ];
  for (const args of commands) {
    const run = await runInProcess(args, { env: home.env, stdin: "" });
    assert.equal(run.code, 1, args.join(" "));
    assert.match(
      run.stderr,
      /^Error: Config file .*config\.toml is not valid TOML: line 2, column \d+: .*Fix that line/,
    );
    assert.equal(run.stderr.split("\n").length, 2, "one line");
    assert.ok(!run.stderr.includes("dp_abc_123456789"));
  }
  assert.deepEqual(await Deno.readFile(path), before, "byte-identical");
  const names = [...Deno.readDirSync(path.replace(/[\\/]config\.toml$/, ""))].map((e) => e.name);
  assert.deepEqual(names.filter((name) => name.endsWith(".tmp")), []);
});

Deno.test("a token that is not a string is reported with the key and left alone", async () => {
  await using home = await tempHome();
  const path = await writeConfig(home.path, "api_token = 12345\n");
  const run = await runInProcess(["config", "set-base-url", "https://x.dev"], { env: home.env });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /'api_token' must be a string in quotes/);
  assert.equal(await Deno.readTextFile(path), "api_token = 12345\n");
});

Deno.test("8 concurrent writers never lose each other's keys and readers never see half a file", async () => {
  await using home = await tempHome();
  const path = await writeConfig(home.path, '# keep me\nteam = "release"\n');
  for (let round = 0; round < 2; round++) {
    const tokens = [0, 1, 2, 3].map((i) => `dp_round${round}_writer${i}_0123456789`);
    const urls = [0, 1, 2, 3].map((i) => `https://r${round}-w${i}.example`);
    const runs = await Promise.all([
      ...tokens.map((token) => runInProcess(["config", "set-token", token], { env: home.env })),
      ...urls.map((url) => runInProcess(["config", "set-base-url", url], { env: home.env })),
      ...[0, 1, 2].map(() => runInProcess(["config", "show", "--json"], { env: home.env })),
    ]);
    for (const run of runs) assert.equal(run.code, 0, run.stderr);
    const text = await Deno.readTextFile(path);
    const data = parse(text);
    assert.ok(tokens.includes(data.api_token as string), text);
    assert.ok(urls.includes(data.base_url as string), text);
    assert.equal(data.team, "release");
    assert.match(text, /^# keep me\n/);
  }
  const names = [...Deno.readDirSync(path.replace(/[\\/]config\.toml$/, ""))].map((e) => e.name);
  assert.deepEqual(names.filter((name) => name.endsWith(".tmp")), [], "no temp files left");
});

Deno.test({
  name: "a symlinked config file is updated where it points and stays a symlink",
  ignore: posixOnly,
  async fn() {
    await using home = await tempHome();
    const target = `${home.path}/dotfiles/distropack.toml`;
    await Deno.mkdir(`${home.path}/dotfiles`);
    await Deno.writeTextFile(target, 'team = "x"\n');
    await Deno.mkdir(defaultConfigDir(home.path), { recursive: true });
    const link = defaultConfigPath(home.path);
    await Deno.symlink(target, link);
    assert.equal(
      (await runInProcess(["config", "set-token", "dp_linked_123456789"], { env: home.env })).code,
      0,
    );
    assert.ok((await Deno.lstat(link)).isSymlink);
    assert.equal(
      await Deno.readTextFile(target),
      'team = "x"\napi_token = "dp_linked_123456789"\n',
    );
  },
});

Deno.test("config set-token leaves no lock file beside the config file, saved or not", async () => {
  await using home = await tempHome();
  const path = defaultConfigPath(home.path);
  const dir = path.replace(/[\\/]config\.toml$/, "");
  const names = () => [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
  const saved = await runInProcess(["config", "set-token", "dp_saved_123456789"], {
    env: home.env,
  });
  assert.equal(saved.code, 0, saved.stderr);
  assert.deepEqual(names(), ["config.toml"]);
  await writeConfig(home.path, "api_token = not quoted\n");
  const failed = await runInProcess(["config", "set-token", "dp_failed_123456789"], {
    env: home.env,
  });
  assert.equal(failed.code, 1);
  assert.deepEqual(names(), ["config.toml"]);
});
