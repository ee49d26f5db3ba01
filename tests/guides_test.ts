/**
 * The commands and excerpts the hand-written docs show: each distropack-cli
 * command in the README and the guides is one the parser accepts, each
 * excerpt of examples/ci is word for word in its example, and the README
 * stays short.
 */
import assert from "node:assert/strict";
import { locate } from "../src/cli/locate.ts";
import { readCommand, readGlobals } from "../src/cli/parse.ts";
import { COMMAND_TREE } from "../src/commands/tree.ts";
import { REPO_ROOT } from "./helpers/process.ts";

/** The hand-written docs a user copies commands from. */
async function guides(): Promise<string[]> {
  const files = ["README.md", "CONTRIBUTING.md", "SECURITY.md"];
  for (const folder of ["docs", "docs/ci"]) {
    for await (const entry of Deno.readDir(`${REPO_ROOT}${folder}`)) {
      if (entry.isFile && entry.name.endsWith(".md")) files.push(`${folder}/${entry.name}`);
    }
  }
  return files.sort();
}

/** Each fenced block of a Markdown text (in a list item too): its language and its lines. */
function fences(text: string): Array<{ lang: string; lines: string[] }> {
  return [...text.matchAll(/^( *)```(\w*)\n([\s\S]*?)^\1```$/gm)]
    .map(([, , lang, body]) => ({ lang, lines: dedent(body.replace(/\n$/, "").split("\n")) }));
}

/**
 * A command line as the shell would split it, before expansion: quotes
 * removed, `${X:+...}` taken as set, and cut at a pipe, redirection,
 * `&&`, `;` or comment.
 */
function words(line: string): string[] {
  const text = line.replace(/\$\{\w+:\+([^}]*)\}/g, "$1");
  const found: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      const closing = text.indexOf(char, i + 1);
      const end = closing < 0 ? text.length : closing;
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(char)) {
      if (word !== undefined) found.push(word);
      word = undefined;
    } else if (/[|>;&)]/.test(char) || (char === "#" && word === undefined)) {
      break;
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) found.push(word);
  return found;
}

/** The distropack-cli commands of a block's lines, continuations joined, in any wrapper. */
function commandsIn(lines: string[], console: boolean): Array<{ argv: string[]; next?: string }> {
  const joined = lines.join("\n").replace(/\\\n\s*/g, " ").split("\n");
  const found: Array<{ argv: string[]; next?: string }> = [];
  joined.forEach((line, at) => {
    // `X.Y.Z` is a version placeholder; 'distropack-cli release' is the release key's comment.
    const match = /(?:^|[\s'"`(])(?:~\/\.local\/bin\/)?distropack-cli (?!X\.Y\.Z|release['"])(.*)$/
      .exec(line);
    // In a console transcript, only the prompt's lines are commands; the rest is output.
    if (!match || /^\s*(#|\/\/)/.test(line) || (console && !line.startsWith("$ "))) return;
    found.push({ argv: words(match[1].replace(/'\s*(\}|\))?\s*$/, "")), next: joined[at + 1] });
  });
  return found;
}

/**
 * The commands of a text's inline code spans, outside its fenced blocks: a span that is a command
 * (`distropack-cli config show`), pipes into one or runs one in `$(...)` or `sh '...'`.
 */
function inlineCommands(text: string): string[][] {
  const prose = text.replace(/^( *)```[\s\S]*?^\1```$/gm, "");
  return [...prose.matchAll(/(`+)([^`]+?)\1/g)].flatMap(([, , span]) => {
    const match = /(?:^|\$\(|\|\s*|^sh ')distropack-cli (?!X\.Y\.Z)(.*)$/.exec(
      span.replace(/\s*\n\s*/g, " ").trim(),
    );
    return match ? [words(match[1].replace(/'\s*(\}|\))?\s*$/, ""))] : [];
  });
}

Deno.test("every distropack-cli command in the README and the guides is one the CLI accepts", async () => {
  let checked = 0;
  let inline = 0;
  for (const file of await guides()) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const argv of inlineCommands(text)) {
      try {
        const located = locate(argv, COMMAND_TREE);
        if (located.kind === "command") readCommand(located, COMMAND_TREE);
        if (located.kind === "group") readGlobals(located);
      } catch (error) {
        assert.fail(`${file}: \`distropack-cli ${argv.join(" ")}\`: ${(error as Error).message}`);
      }
      inline++;
    }
    for (const block of fences(text)) {
      // Messages the CLI prints (text), documents (json, toml) hold no command to run.
      if (["text", "json", "toml"].includes(block.lang)) continue;
      for (const { argv, next } of commandsIn(block.lines, block.lang === "console")) {
        // A console transcript may show a mistake and the error it gets.
        if (block.lang === "console" && next?.startsWith("Error:")) continue;
        try {
          const located = locate(argv, COMMAND_TREE);
          if (located.kind === "command") readCommand(located, COMMAND_TREE);
          if (located.kind === "group") readGlobals(located);
        } catch (error) {
          assert.fail(`${file}: distropack-cli ${argv.join(" ")}: ${(error as Error).message}`);
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} commands found in the docs`);
  assert.ok(inline >= 15, `only ${inline} commands found in the docs' inline code`);
});

/** Lines with their common indentation removed. */
function dedent(lines: string[]): string[] {
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length),
  );
  return lines.map((line) => line.slice(indent));
}

Deno.test("every excerpt a guide quotes from examples/ci is in that example, word for word", async () => {
  let quoted = 0;
  for (const file of await guides()) {
    for (const block of fences(await Deno.readTextFile(`${REPO_ROOT}${file}`))) {
      const source = /^(?:#|\/\/) (examples\/ci\/\S+)$/.exec(block.lines[0])?.[1];
      if (!source) continue;
      const example = (await Deno.readTextFile(`${REPO_ROOT}${source}`)).split("\n");
      // The formatter may shift a quoted block left; the lines and their nesting must match.
      const excerpt = dedent(block.lines.slice(1));
      const found = example.some((_, at) =>
        dedent(example.slice(at, at + excerpt.length)).join("\n") === excerpt.join("\n")
      );
      assert.ok(found, `${file} quotes ${source}, which does not hold:\n${excerpt.join("\n")}`);
      quoted++;
    }
  }
  assert.ok(quoted >= 8, `only ${quoted} excerpts found`);
});

Deno.test("the README stays short: at most 250 lines, with a table of contents GitHub shows", async () => {
  const readme = await Deno.readTextFile(`${REPO_ROOT}README.md`);
  assert.ok(readme.split("\n").length <= 251, `README.md has ${readme.split("\n").length} lines`);
  assert.doesNotMatch(readme, /<!--/, "an HTML comment is hidden on GitHub");
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map(([, title]) => title);
  for (const title of headings) {
    const anchor = title.toLowerCase().replace(/[^\w\- ]/g, "").replaceAll(" ", "-");
    assert.match(
      readme,
      new RegExp(`^- \\[${title}\\]\\(#${anchor}\\)$`, "m"),
      `no contents entry for ${title}`,
    );
  }
});

Deno.test("install.md verifies a download by hand with install.sh's release key and namespace", async () => {
  const script = await Deno.readTextFile(`${REPO_ROOT}install.sh`);
  const key = /^SIGNING_KEY="(ssh-ed25519 \S+)[^"]*"$/m.exec(script)?.[1];
  const namespace = /^SIGNING_NAMESPACE="([^"]+)"$/m.exec(script)?.[1];
  assert.ok(key && namespace, "install.sh has no SIGNING_KEY or SIGNING_NAMESPACE line");
  const guide = await Deno.readTextFile(`${REPO_ROOT}docs/install.md`);
  assert.ok(
    guide.includes(
      `echo 'distropack-cli-release namespaces="${namespace}" ${key}' > allowed_signers`,
    ),
    "docs/install.md's allowed-signers line is not install.sh's key",
  );
  assert.ok(
    guide.includes(
      `ssh-keygen -Y verify -f allowed_signers -I distropack-cli-release -n ${namespace} ` +
        "-s checksums.txt.sig < checksums.txt",
    ),
    "docs/install.md's ssh-keygen line is not install.sh's",
  );
});
