import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { defaultConfigPath, tempDir, tempHome, writeConfig } from "./helpers/temp.ts";

Deno.test("config set-base-url saves the URL without its trailing slash", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "set-base-url", "https://dp.example/"], {
    env: home.env,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "Base URL set to: https://dp.example\n");
  assert.equal(
    await Deno.readTextFile(defaultConfigPath(home.path)),
    'base_url = "https://dp.example"\n',
  );
});

Deno.test("config set-base-url accepts plain http for loopback hosts only", async () => {
  await using home = await tempHome();
  const ok = await runInProcess(["config", "set-base-url", "http://127.0.0.1:8080"], {
    env: home.env,
  });
  assert.equal(ok.code, 0, ok.stderr);
  const path = defaultConfigPath(home.path);
  const before = await Deno.readTextFile(path);
  for (const url of ["http://dp.example", "dp.example", "ftp://dp.example", "https://"]) {
    const run = await runInProcess(["config", "set-base-url", url], { env: home.env });
    assert.equal(run.code, 2, url);
    assert.match(run.stderr, /^Error: (Invalid|Refusing) base URL/, url);
    assert.equal(run.stderr.split("\n").length, 2, "one line");
    assert.equal(await Deno.readTextFile(path), before, "file unchanged");
  }
});

Deno.test("with DISTROPACK_ALLOW_HTTP=1, set-base-url saves plain http to another host and warns", async () => {
  await using home = await tempHome();
  const env = { ...home.env, DISTROPACK_ALLOW_HTTP: "1" };
  const run = await runInProcess(["config", "set-base-url", "http://staging.internal:8080/"], {
    env,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "Base URL set to: http://staging.internal:8080\n");
  assert.match(
    run.stderr,
    /^Warning: .*token is sent unencrypted to http:\/\/staging\.internal:8080/,
  );
  const show = await runInProcess(["config", "show"], { env });
  assert.match(show.stderr, /^Warning: .*token is sent unencrypted/m);
  const without = await runInProcess(["config", "show"], { env: home.env });
  assert.match(without.stderr, /^Warning: Refusing base URL .*DISTROPACK_ALLOW_HTTP=1/m);
  const typo = await runInProcess(["config", "show"], {
    env: { ...home.env, DISTROPACK_ALLOW_HTTP: "yes" },
  });
  assert.equal(typo.code, 0);
  assert.match(typo.stderr, /^Warning: DISTROPACK_ALLOW_HTTP must be 1 or unset, not 'yes'/m);
  const refused = await runInProcess(["config", "set-base-url", "https://x.example"], {
    env: { ...home.env, DISTROPACK_ALLOW_HTTP: "yes" },
  });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^Error: DISTROPACK_ALLOW_HTTP must be 1 or unset/);
});

Deno.test("config set-base-url notes that DISTROPACK_API_URL still takes precedence", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "set-base-url", "https://dp.example"], {
    env: { ...home.env, DISTROPACK_API_URL: "https://other.example" },
  });
  assert.equal(run.code, 0);
  assert.match(run.stderr, /DISTROPACK_API_URL is set .* takes precedence/);
});

Deno.test("config path prints the default path, XDG_CONFIG_HOME's, or the chosen one", async () => {
  await using home = await tempHome();
  assert.equal(
    (await runInProcess(["config", "path"], { env: home.env })).stdout,
    defaultConfigPath(home.path) + "\n",
  );
  if (Deno.build.os !== "windows") {
    // Linux's rule: on macOS a new file goes to Application Support (config_location_test.ts).
    const xdg = await runInProcess(["config", "path"], {
      os: "linux",
      env: { ...home.env, XDG_CONFIG_HOME: `${home.path}/xdg` },
    });
    assert.equal(xdg.stdout, `${home.path}/xdg/distropack/config.toml\n`);
  }
  const chosen = `${home.path}/elsewhere.toml`;
  const flag = await runInProcess(["--config", chosen, "config", "path"], { env: home.env });
  assert.equal(flag.stdout.trim().replaceAll("\\", "/"), chosen.replaceAll("\\", "/"));
  const env = await runInProcess(["config", "path", "--json"], {
    env: { ...home.env, DISTROPACK_CONFIG: chosen },
  });
  assert.equal(
    JSON.parse(env.stdout).config_file.replaceAll("\\", "/"),
    chosen.replaceAll("\\", "/"),
  );
});

Deno.test("--config and DISTROPACK_CONFIG choose the file that commands read and write", async () => {
  await using home = await tempHome();
  const chosen = `${home.path}/ci/distropack.toml`;
  const set = await runInProcess([
    "config",
    "set-token",
    "dp_chosen_file_token_123456789",
    "--config",
    chosen,
  ], {
    env: home.env,
  });
  assert.equal(set.code, 0, set.stderr);
  assert.match(await Deno.readTextFile(chosen), /dp_chosen_file_token_123456789/);
  const show = await runInProcess(["config", "show", "--json"], {
    env: { ...home.env, DISTROPACK_CONFIG: chosen },
  });
  assert.equal(JSON.parse(show.stdout).api_token_source, "file");
  assert.ok(!await Deno.stat(defaultConfigPath(home.path)).then(() => true, () => false));
});

Deno.test("config unset-token removes only the token and keeps other keys and comments", async () => {
  await using home = await tempHome();
  const path = await writeConfig(
    home.path,
    '# my DistroPack settings\napi_token = "dp_to_remove_123456789"\nbase_url = "https://x.example"\n' +
      'team = "release"\n\n[extras]\nnote = "kept"\n',
  );
  const run = await runInProcess(["config", "unset-token"], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `API token removed from ${path}\n`);
  assert.equal(
    await Deno.readTextFile(path),
    '# my DistroPack settings\nbase_url = "https://x.example"\nteam = "release"\n\n' +
      '[extras]\nnote = "kept"\n',
  );
  const again = await runInProcess(["config", "unset-token"], { env: home.env });
  assert.equal(again.code, 0);
  assert.match(again.stdout, /No API token is stored in .*; nothing to remove\./);
});

Deno.test("config unset-base-url removes the base URL so the default applies again", async () => {
  await using home = await tempHome();
  await writeConfig(home.path, 'api_token = "dp_keep_123456789"\nbase_url = "https://x.example"\n');
  assert.equal((await runInProcess(["config", "unset-base-url"], { env: home.env })).code, 0);
  const show = JSON.parse(
    (await runInProcess(["config", "show", "--json"], { env: home.env })).stdout,
  );
  assert.equal(show.base_url, "https://distropack.dev");
  assert.equal(show.base_url_source, "default");
  assert.equal(show.api_token_source, "file");
});

Deno.test("config unset-token on a missing file creates nothing", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "unset-token", "--json"], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).removed, false);
  assert.deepEqual([...Deno.readDirSync(home.path)], []);
});

Deno.test("setting values keeps keys the CLI does not know, tables and comments", async () => {
  await using home = await tempHome();
  const path = await writeConfig(
    home.path,
    '# team settings\nregion = "eu" # nearest\n\n[profiles.ci]\nbase_url = "https://ci.example"\n',
  );
  assert.equal(
    (await runInProcess(["config", "set-token", "dp_new_token_123456789"], { env: home.env })).code,
    0,
  );
  assert.equal(
    (await runInProcess(["config", "set-base-url", "https://a.example"], { env: home.env })).code,
    0,
  );
  assert.equal(
    await Deno.readTextFile(path),
    '# team settings\nregion = "eu" # nearest\napi_token = "dp_new_token_123456789"\n' +
      'base_url = "https://a.example"\n\n[profiles.ci]\nbase_url = "https://ci.example"\n',
  );
});

Deno.test("the read-only commands write nothing to disk", async () => {
  await using home = await tempHome();
  const listing = () => [...Deno.readDirSync(home.path)].map((entry) => entry.name).sort();
  for (const args of [["config", "show"], ["config", "path"], ["config", "show", "--json"]]) {
    assert.equal((await runInProcess(args, { env: home.env })).code, 0);
  }
  assert.deepEqual(listing(), [], "no config directory was created");
  const path = await writeConfig(home.path, 'api_token = "dp_abc_123456789"\n');
  const { mtime } = await Deno.stat(path);
  const dir = path.replace(/[\\/]config\.toml$/, "");
  assert.equal((await runInProcess(["config", "show"], { env: home.env })).code, 0);
  assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["config.toml"]);
  assert.deepEqual((await Deno.stat(path)).mtime, mtime);
});

Deno.test("a path under a missing directory given with --config is created on write", async () => {
  await using dir = await tempDir();
  const path = `${dir.path}/a/b/config.toml`;
  const run = await runInProcess(["--config", path, "config", "set-base-url", "https://x.example"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(await Deno.readTextFile(path), 'base_url = "https://x.example"\n');
});
