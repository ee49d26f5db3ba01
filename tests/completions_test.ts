/**
 * Shell completions: the real CLI's scripts in the real shells, and the
 * generators' golden bash script (src/completions/generate_test.ts checks it
 * is what the generator writes).
 */
import assert from "node:assert/strict";
import { runInProcess } from "./helpers/in_process.ts";
import { testsWith } from "./helpers/tools.ts";
import { tempDir } from "./helpers/temp.ts";

const unix = Deno.build.os !== "windows";
async function script(shell: string): Promise<string> {
  const run = await runInProcess(["completions", shell]);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

/** Sources the bash script and completes the words (the last one being typed). */
async function bashComplete(file: string, words: string[]): Promise<string[]> {
  const { code, stdout, stderr } = await new Deno.Command("bash", {
    args: [
      "-c",
      `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _distropack_cli; ` +
      `printf '%s\\n' "\${COMPREPLY[@]}"`,
      "bash",
      file,
      ...words,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  assert.equal(code, 0, decoder.decode(stderr));
  return decoder.decode(stdout).split("\n").filter((line) => line !== "");
}

Deno.test({
  name: "the bash script completes commands, options and option values",
  ignore: !(await testsWith("bash", unix)),
  fn: async () => {
    await using dir = await tempDir();
    const file = `${dir.path}/distropack-cli.bash`;
    await Deno.writeTextFile(file, await script("bash"));
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "con"]), ["config"]);
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "config", "sh"]), ["show"]);
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "config", "show", "--j"]), [
      "--json",
    ]);
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "completions", ""]), [
      "bash",
      "zsh",
      "fish",
    ]);
    // A value-taking global option's value is not a command word.
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "--config", "x", "con"]), [
      "config",
    ]);
  },
});

Deno.test({
  name: "the bash script offers deb rpm pacman after build --target",
  ignore: !(await testsWith("bash", unix)),
  fn: async () => {
    await using dir = await tempDir();
    const file = `${dir.path}/distropack-cli.bash`;
    await Deno.writeTextFile(file, await script("bash"));
    assert.deepEqual(await bashComplete(file, ["distropack-cli", "build", "--target", ""]), [
      "deb",
      "rpm",
      "pacman",
    ]);
  },
});

Deno.test({
  name: "the bash golden script completes --target values",
  ignore: !(await testsWith("bash", unix)),
  fn: async () => {
    await using dir = await tempDir();
    const file = `${dir.path}/demo.bash`;
    const text = await Deno.readTextFile(
      new URL("../src/completions/golden/completions.bash", import.meta.url),
    );
    await Deno.writeTextFile(file, text.replaceAll("_demo_cli", "_distropack_cli"));
    assert.deepEqual(await bashComplete(file, ["demo-cli", "build", "-t", "r"]), ["rpm"]);
    assert.deepEqual(await bashComplete(file, ["demo-cli", "build", "--target", ""]), [
      "deb",
      "rpm",
    ]);
  },
});

Deno.test({
  name: "the zsh script parses",
  ignore: !(await testsWith("zsh", unix)),
  fn: async () => {
    await using dir = await tempDir();
    const file = `${dir.path}/_distropack-cli`;
    await Deno.writeTextFile(file, await script("zsh"));
    const run = await new Deno.Command("zsh", { args: ["-n", file], stderr: "piped" }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
  },
});

Deno.test({
  name: "the fish script parses and completes commands and --target values",
  ignore: !(await testsWith("fish", unix)),
  fn: async () => {
    await using dir = await tempDir();
    const file = `${dir.path}/distropack-cli.fish`;
    await Deno.writeTextFile(file, await script("fish"));
    const parse = await new Deno.Command("fish", { args: ["--no-execute", file], stderr: "piped" })
      .output();
    assert.equal(parse.code, 0, new TextDecoder().decode(parse.stderr));
    const run = await new Deno.Command("fish", {
      args: ["--no-config", "-c", 'source $argv[1]; complete -C "distropack-cli con"', file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.match(new TextDecoder().decode(run.stdout), /^config\t/);
    const target = await new Deno.Command("fish", {
      args: [
        "--no-config",
        "-c",
        'source $argv[1]; complete -C "distropack-cli build --target "',
        file,
      ],
      stdout: "piped",
    }).output();
    const values = new TextDecoder().decode(target.stdout).split("\n").filter(Boolean)
      .map((line) => line.split("\t")[0]);
    assert.deepEqual(values.sort(), ["deb", "pacman", "rpm"]);
  },
});

Deno.test("completions --json prints the script in one JSON document", async () => {
  const run = await runInProcess(["completions", "bash", "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.shell, "bash");
  assert.match(document.script, /complete -o default -F _distropack_cli distropack-cli/);
});

Deno.test("completions rejects an unknown shell as a usage error", async () => {
  const run = await runInProcess(["completions", "powershell"]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /bash, zsh, fish/);
});
