/**
 * Each command's reference page lists the environment variables that
 * command reads, and no others: every command runs here with an
 * environment that records the names it is asked for.
 */
import assert from "node:assert/strict";
import { type CommandDef, isGroup, type Node } from "../src/cli/define.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { configLocation } from "../src/settings/paths.ts";
import { stateLocation } from "../src/release/state_path.ts";
import { commandPaths } from "../src/docs/pages.ts";
import { type InProcessOptions, runInProcess } from "./helpers/in_process.ts";
import { fakeCli } from "./helpers/cli.ts";

/** The environment given, recording every name the run reads from it. */
function recording(env: Record<string, string>, read: Set<string>): Record<string, string> {
  return new Proxy(env, {
    get(target, name) {
      if (typeof name === "string") read.add(name);
      return target[name as string];
    },
  });
}

/**
 * What finding the config file reads on the other systems: the page is for
 * every system, a run reads only its own system's variables.
 */
function locationOnEverySystem(): Set<string> {
  const read = new Set<string>();
  for (const os of ["linux", "darwin", "windows"] as const) {
    configLocation({ os, env: (name) => void read.add(name), cwd: "/", exists: () => false });
  }
  return read;
}

function command(names: string[]): CommandDef {
  const path = commandPaths(COMMAND_TREE).find((path) =>
    path.slice(1).map((node: Node) => node.name).join(" ") === names.join(" ")
  );
  const node = path?.[path.length - 1];
  assert.ok(node && !isGroup(node), names.join(" "));
  return node;
}

Deno.test("each command's page lists exactly the environment variables the command reads", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "# 1.0.0\n");
  const github = {
    GITHUB_ACTIONS: "true",
    GITHUB_OUTPUT: `${cli.home}/output`,
    GITHUB_STEP_SUMMARY: `${cli.home}/summary`,
    GITHUB_REF_TYPE: "tag",
    GITHUB_REF_NAME: "v1.0.0",
  };
  // The tag of the last CI the version resolver asks, so it asks them all.
  const api = cli.env({ TAG_NAME: "1.0.0" });
  const withId = { ...api, DISTROPACK_PACKAGE_ID: "p" };
  const fast = ["--interval", "0.05"];
  const scenarios: Array<{ names: string[]; argv: string[]; options: InProcessOptions }> = [
    { names: ["completions"], argv: ["bash"], options: { env: cli.homeEnv } },
    { names: ["config", "path"], argv: [], options: { env: cli.homeEnv } },
    { names: ["config", "show"], argv: [], options: { env: cli.homeEnv } },
    {
      names: ["config", "set-token"],
      argv: [],
      options: { env: cli.homeEnv, stdin: "dp_0123456789abcdef\n" },
    },
    {
      names: ["config", "set-base-url"],
      argv: ["https://example.test"],
      options: { env: cli.homeEnv },
    },
    { names: ["config", "unset-token"], argv: [], options: { env: cli.homeEnv } },
    { names: ["config", "unset-base-url"], argv: [], options: { env: cli.homeEnv } },
    {
      names: ["upload"],
      argv: ["--ref-id", "changelog", "--file", "CHANGELOG.md"],
      options: { env: withId, cwd: cli.home },
    },
    { names: ["build"], argv: fast, options: { env: withId } },
    { names: ["status"], argv: ["--wait", ...fast, "j-1"], options: { env: api } },
    {
      names: ["publish"],
      argv: ["--file", "changelog=CHANGELOG.md", ...fast],
      options: { env: withId, cwd: cli.home },
    },
  ];
  for (const { names, argv, options } of scenarios) {
    const read = new Set<string>();
    // Off CI and on GitHub Actions, which writes its reports and asks no other CI.
    for (const env of [options.env ?? {}, { ...options.env, ...github }]) {
      cli.server.script("j-1", "finished");
      const run = await runInProcess([...names, ...argv], {
        ...options,
        env: recording(env, read),
      });
      assert.equal(run.code, 0, `${names.join(" ")}: ${run.stderr}`);
    }
    if (read.has("DISTROPACK_CONFIG")) {
      for (const name of locationOnEverySystem()) read.add(name);
    }
    // Likewise the release state's default place, for the commands that keep one.
    if (read.has("DISTROPACK_STATE")) {
      for (const os of ["linux", "darwin", "windows"] as const) {
        stateLocation(undefined, { os, env: (name) => void read.add(name), cwd: "/" });
      }
    }
    const listed = command(names).reference?.environment ?? [];
    assert.deepEqual([...read].sort(), [...listed].sort(), names.join(" "));
  }
});

Deno.test("status's page names no package id and no --no-wait, and config path's names HOME", async () => {
  const { docs } = await import("../scripts/docs.ts");
  const files = await docs();
  const status = files.get("docs/commands/status.md")!;
  assert.doesNotMatch(status, /DISTROPACK_PACKAGE_ID|package's id/);
  // Its details may quote `build --no-wait`; status itself has no such option or field.
  assert.doesNotMatch(status.replaceAll("distropack-cli build --no-wait", ""), /--no-wait/);
  const path = files.get("docs/commands/config-path.md")!;
  for (const name of ["HOME", "XDG_CONFIG_HOME", "DISTROPACK_CONFIG"]) {
    assert.match(path, new RegExp(`\\| \`${name}\` \\|`), name);
  }
  assert.doesNotMatch(path, /DISTROPACK_API_TOKEN|DISTROPACK_PACKAGE_ID/);
});
