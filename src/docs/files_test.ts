/** The generated reference and man page, from the real command tree and declarations. */
import assert from "node:assert/strict";
import { type CommandDef, isGroup, type Node, optionFlags } from "../cli/define.ts";
import { helpText } from "../cli/help.ts";
import { COMMAND_TREE } from "../commands/tree.ts";
import { ERROR_CODES, EXIT_CODES } from "../errors.ts";
import { generatedDocs, MAN_PAGE_PATH } from "./files.ts";
import { detailsMarkdown } from "./markdown.ts";
import { commandPaths, pageName } from "./pages.ts";

const FILES = generatedDocs(COMMAND_TREE, "owner/repo");

function page(path: Node[]): string {
  const text = FILES.get(`docs/commands/${pageName(path)}`);
  assert.ok(text, `no page for ${path.map((n) => n.name).join(" ")}`);
  return text;
}

/** Every command (not group) of the tree, with its path from the root. */
function commands(): Array<{ path: Node[]; command: CommandDef }> {
  return commandPaths(COMMAND_TREE).flatMap((path) => {
    const node = path[path.length - 1];
    return isGroup(node) ? [] : [{ path, command: node }];
  });
}

Deno.test("every command and group has a page, and the index links each one", () => {
  const index = FILES.get("docs/commands/README.md")!;
  for (const path of commandPaths(COMMAND_TREE)) {
    page(path);
    assert.ok(index.includes(`](${pageName(path)})`), `the index lacks ${pageName(path)}`);
  }
  assert.ok(FILES.has("docs/commands/config-set-token.md"));
});

Deno.test("a command's page has help's usage line, its options with choices and defaults, examples and --json fields", async () => {
  for (const { path, command } of commands()) {
    const text = page(path);
    const usage = (await helpText(path)).split("\n")[0].replace(/^Usage: /, "");
    assert.ok(text.includes("```sh\n" + usage + "\n```"), `${pageName(path)}: usage ${usage}`);
    for (const option of command.options ?? []) {
      assert.ok(
        text.includes(`| \`${optionFlags(option)}\` |`),
        `${pageName(path)}: ${option.long}`,
      );
      if (option.default?.shown) assert.ok(text.includes(`(default: ${option.default.shown})`));
      for (const choice of option.choices ?? []) assert.ok(text.includes(`"${choice}"`));
    }
    for (const arg of command.args ?? []) assert.ok(text.includes(arg.description));
    const reference = command.reference ?? {};
    if (reference.details) assert.ok(text.includes(detailsMarkdown(reference.details)));
    for (const example of command.examples) assert.ok(text.includes(`\n${example}\n`), example);
    for (const field of reference.document ?? []) {
      assert.ok(text.includes(`| \`${field.name}\` |`), `${pageName(path)}: ${field.name}`);
    }
    // The variables it reads (tests/command_environment_test.ts checks which those are).
    for (const name of reference.environment ?? []) {
      assert.ok(text.includes(`| \`${name}\` |`), `${pageName(path)}: ${name}`);
    }
  }
  assert.match(
    page(commands().find((c) => c.command.name === "upload")!.path),
    /`DISTROPACK_API_TOKEN`/,
  );
  assert.match(page(commands().find((c) => c.command.name === "build")!.path), /`CI_COMMIT_TAG`/);
});

Deno.test("the exit-code page and the man page list every declared error code with its exit code", () => {
  const exits = FILES.get("docs/reference/exit-codes.md")!;
  const man = FILES.get(MAN_PAGE_PATH)!;
  for (const [code, { exit, meaning }] of Object.entries(ERROR_CODES)) {
    const numbers = exit.map((name) => EXIT_CODES[name].code).join(" or ");
    assert.ok(
      exits.includes(`| \`${code}\` | ${numbers} | ${meaning} |`),
      `${code} on exit-codes.md`,
    );
    assert.ok(
      man.includes(`.B "${code.replaceAll("-", "\\-")}"\n(exit ${numbers})`),
      `${code} in man`,
    );
  }
  assert.ok(
    FILES.get("docs/commands/upload.md")!.includes(Object.keys(ERROR_CODES).join(", ")),
    "a command page's error.code lists the declared codes",
  );
});
