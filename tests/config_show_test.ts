import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { defaultConfigPath, stateFile, tempHome, writeConfig } from "./helpers/temp.ts";

const TOKEN = "dp_live_0123456789abcdefghijklmnopqrstuv";
const ENV_TOKEN = "dp_env_zyxwvutsrqponmlkjihgfedcba9876543210";

/** Why `config show` says the default file is used, on this OS. */
const DEFAULT_WHY = Deno.build.os === "windows"
  ? "default, in %APPDATA%"
  : Deno.build.os === "darwin"
  ? "macOS default, where the official client keeps it"
  : "default, in ~/.config";

Deno.test("config show on a fresh home prints the official lines with defaults", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "show"], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(
    run.stdout,
    "Configuration:\n" +
      "  Base URL: https://distropack.dev (default)\n" +
      "  API Token: Not set\n" +
      `  Config file: ${defaultConfigPath(home.path)} (${DEFAULT_WHY}; does not exist yet)\n`,
  );
  assert.match(run.stderr, /config set-token.*DISTROPACK_API_TOKEN/);
});

Deno.test("config show masks the token and names the config file as its source", async () => {
  await using home = await tempHome();
  await writeConfig(home.path, `api_token = "${TOKEN}"\nbase_url = "https://dp.example"\n`);
  const run = await runInProcess(["config", "show"], { env: home.env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^ {2}Base URL: https:\/\/dp\.example \(from config file\)$/m);
  assert.match(run.stdout, /^ {2}API Token: dp_l\.\.\.stuv \(from config file\)$/m);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("config show says when the environment shadows the config file", async () => {
  await using home = await tempHome();
  await writeConfig(home.path, `api_token = "${TOKEN}"\nbase_url = "https://file.example"\n`);
  const env = {
    ...home.env,
    DISTROPACK_API_TOKEN: ENV_TOKEN,
    DISTROPACK_API_URL: "https://env.example",
  };
  const run = await runInProcess(["config", "show"], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Base URL: https:\/\/env\.example \(from DISTROPACK_API_URL\)/);
  assert.match(run.stdout, /API Token: dp_e\.\.\.3210 \(from DISTROPACK_API_TOKEN\)/);
  assert.match(
    run.stderr,
    /DISTROPACK_API_TOKEN overrides the api_token stored in the config file/,
  );
  assert.match(run.stderr, /DISTROPACK_API_URL overrides the base_url .*https:\/\/file\.example/);
  for (const text of [run.stdout, run.stderr]) {
    assert.ok(!text.includes(TOKEN) && !text.includes(ENV_TOKEN));
  }
});

Deno.test("config show --json prints exactly the documented object", async () => {
  await using home = await tempHome();
  await writeConfig(home.path, `base_url = "https://file.example"\n`);
  const run = await runInProcess(["config", "show", "--json"], {
    env: { ...home.env, DISTROPACK_API_TOKEN: ENV_TOKEN },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    config_file: defaultConfigPath(home.path),
    config_file_source: Deno.build.os === "windows"
      ? "appdata"
      : Deno.build.os === "darwin"
      ? "application-support"
      : "home",
    unused_config_file: null,
    base_url: "https://file.example",
    base_url_source: "file",
    api_token: "dp_e...3210",
    api_token_source: "env",
    release_state: stateFile(home.path),
  });
});

Deno.test("config show --json reports a missing token as null with source none", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["--json", "config", "show"], { env: home.env });
  const document = JSON.parse(run.stdout);
  assert.equal(document.api_token, null);
  assert.equal(document.api_token_source, "none");
  assert.equal(document.base_url_source, "default");
});

Deno.test("config show warns about a base URL that would be refused", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "show"], {
    env: { ...home.env, DISTROPACK_API_URL: "http://dp.example" },
  });
  assert.equal(run.code, 0);
  assert.match(run.stderr, /^Warning: Refusing base URL .*use https:\/\//im);
});

Deno.test("without HOME, config show still works from the environment and says there is no file", async () => {
  const env = { DISTROPACK_API_TOKEN: ENV_TOKEN };
  const run = await runInProcess(["config", "show"], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /Config file: none/);
  assert.match(run.stdout, /API Token: dp_e\.\.\.3210 \(from DISTROPACK_API_TOKEN\)/);
  assert.match(run.stderr, /is not set, so there is no default config file/);
  const json = await runInProcess(["config", "show", "--json"], { env });
  assert.equal(JSON.parse(json.stdout).config_file, null);
});

Deno.test("without HOME, writing commands fail with one clear line and exit 1", async () => {
  for (
    const args of [["config", "set-token", TOKEN], ["config", "set-base-url", "https://x.dev"], [
      "config",
      "path",
    ]]
  ) {
    const run = await runInProcess(args, { env: {} });
    assert.equal(run.code, 1, args.join(" "));
    assert.match(
      run.stderr,
      /^Error: .* is not set, so there is no default config file\. .*--config/,
    );
    assert.equal(run.stderr.split("\n").length, 2);
  }
});

Deno.test("config show --json and config path --json print the document and nothing on stderr", async () => {
  await using home = await tempHome();
  for (const args of [["config", "show", "--json"], ["--json", "config", "path"]]) {
    const run = await runInProcess(args, { env: home.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).config_file, defaultConfigPath(home.path));
    assert.equal(run.stderr, "", args.join(" "));
  }
});

Deno.test("config show --json still warns on stderr, and only warns", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["config", "show", "--json"], {
    env: { ...home.env, DISTROPACK_API_URL: "http://dp.example" },
  });
  assert.equal(run.code, 0);
  assert.equal(JSON.parse(run.stdout).base_url, "http://dp.example");
  assert.match(run.stderr, /^Warning: Refusing base URL [^\n]*\n$/);
});
