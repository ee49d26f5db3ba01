/** The generated man page as man shows it: it renders cleanly, holds the whole reference, and the image carries it. */
import assert from "node:assert/strict";
import { optionFlags } from "../src/cli/define.ts";
import { helpText } from "../src/cli/help.ts";
import { ENV_DECLARATIONS } from "../src/settings/env.ts";
import { MAN_PAGE_PATH } from "../src/docs/files.ts";
import { EXIT_CODES } from "../src/errors.ts";
import { REPO_ROOT } from "./helpers/process.ts";
import { testsWith } from "./helpers/tools.ts";
import { commands } from "./helpers/commands.ts";

async function output(command: string, args: string[], env: Record<string, string> = {}) {
  const run = await new Deno.Command(command, { args, env, stdout: "piped", stderr: "piped" })
    .output();
  const decoder = new TextDecoder();
  return { code: run.code, stdout: decoder.decode(run.stdout), stderr: decoder.decode(run.stderr) };
}

Deno.test({
  name: "the man page renders without a groff warning",
  ignore: !(await testsWith("groff", Deno.build.os === "linux")),
  fn: async () => {
    const run = await output("groff", [
      "-man",
      "-Tutf8",
      "-ww",
      "-z",
      `${REPO_ROOT}${MAN_PAGE_PATH}`,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "");
  },
});

Deno.test({
  name: "man -l shows every command, option, variable and exit code of the man page",
  ignore: !(await testsWith("man", Deno.build.os === "linux")),
  fn: async () => {
    const run = await output("man", ["-l", `${REPO_ROOT}${MAN_PAGE_PATH}`], {
      MANPAGER: "cat",
      MANWIDTH: "100",
      PATH: Deno.env.get("PATH") ?? "",
    });
    assert.equal(run.code, 0, run.stderr);
    const text = run.stdout;
    assert.match(text, /^DISTROPACK-CLI\(1\)/);
    for (
      const section of ["NAME", "SYNOPSIS", "OPTIONS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"]
    ) {
      assert.match(text, new RegExp(`^${section}$`, "m"), section);
    }
    for (const { path, command } of commands()) {
      const usage = (await helpText(path)).split("\n")[0].replace(/^Usage: /, "");
      assert.ok(text.includes(usage), usage);
      for (const option of command.options ?? []) {
        assert.ok(text.includes(optionFlags(option)), optionFlags(option));
      }
    }
    for (const variable of ENV_DECLARATIONS) assert.ok(text.includes(variable.name));
    for (const { code } of Object.values(EXIT_CODES)) {
      assert.match(text, new RegExp(`^ +${code}\\b`, "m"), `exit code ${code}`);
    }
  },
});

Deno.test("the container image carries the man page where man looks for it", async () => {
  const dockerfile = await Deno.readTextFile(`${REPO_ROOT}Dockerfile`);
  assert.ok(dockerfile.includes(`COPY ${MAN_PAGE_PATH} ./docs/`), "the build stage lacks it");
  assert.match(
    dockerfile,
    /^COPY --from=build \/src\/docs\/distropack-cli\.1 \/usr\/local\/share\/man\/man1\/distropack-cli\.1$/m,
  );
  const ignored = await Deno.readTextFile(`${REPO_ROOT}.dockerignore`);
  assert.match(ignored, new RegExp(`^!${MAN_PAGE_PATH.replaceAll(".", "\\.")}$`, "m"));
});
