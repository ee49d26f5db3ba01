/**
 * The command reference in Markdown, one page per command and group, from
 * the declarations: the same usage line, flags and option texts as help.
 */
import {
  type ArgumentDef,
  type DocumentField,
  type GroupDef,
  isGroup,
  type Node,
  type OptionDef,
  optionFlags,
  type Reference,
} from "../cli/define.ts";
import { argumentUsage, optionDescription, optionsOf, usageLine } from "../cli/help.ts";
import { ERROR_FIELDS } from "../commands/documents.ts";
import type { EnvDeclaration } from "../settings/env.ts";
import { commandEnvironment, pageName, type References, RUNTIME_ENV } from "./pages.ts";

export const GENERATED_NOTE =
  "<!-- Generated from the command declarations by `deno task docs`; do not edit. -->";

/** Prose as Markdown: `<` outside code spans escaped, so `<id>` is shown, not taken for HTML. */
export function prose(text: string): string {
  return text.split(/(`+[^`]*`+)/).map((part, i) => i % 2 ? part : part.replaceAll("<", "&lt;"))
    .join("");
}

/** Text for a table cell: pipes escaped, lines joined. */
export function cell(text: string): string {
  return prose(text.replace(/\s*\n\s*/g, " ")).replaceAll("|", "\\|");
}

export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function table(headings: readonly string[], rows: readonly string[][]): string {
  return [
    `| ${headings.join(" | ")} |`,
    `| ${headings.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

function fence(lines: readonly string[], language = "sh"): string {
  return ["```" + language, ...lines, "```"].join("\n");
}

/** Notes as Markdown: indented lines stay as they are, in a block; the rest are paragraphs. */
export function notesMarkdown(notes: string): string {
  return notes.trim().split(/\n\s*\n/).map((paragraph) =>
    /^ {2}/m.test(paragraph) ? fence(paragraph.split("\n"), "text") : prose(paragraph)
  ).join("\n\n");
}

/** A command's details: paragraphs and `- ` lists, each line joined to the one before it. */
export function detailsMarkdown(details: string): string {
  return details.trim().split(/\n\s*\n/).map((paragraph) =>
    paragraph.split(/\n(?=- )/).map((item) => prose(item.replace(/\s*\n\s*/g, " "))).join("\n")
  ).join("\n\n");
}

function optionsTable(options: readonly OptionDef[]): string {
  return table(
    ["Option", "Description"],
    options.map((option) => [code(optionFlags(option)), optionDescription(option)]),
  );
}

function argumentsTable(args: readonly ArgumentDef[]): string {
  return table(
    ["Argument", "Description"],
    args.map((arg) => {
      const extra = [
        arg.required ? "required" : "optional",
        arg.variadic ? "one or more" : "",
        arg.choices ? `one of ${arg.choices.join(", ")}` : "",
      ].filter(Boolean).join("; ");
      return [code(argumentUsage(arg)), `${arg.description} (${extra})`];
    }),
  );
}

function environmentTable(variables: readonly EnvDeclaration[]): string {
  return table(
    ["Variable", "Description"],
    variables.map((variable) => [code(variable.name), variable.about]),
  );
}

export function fieldsTable(fields: readonly DocumentField[]): string {
  return table(
    ["Field", "Type", "Description"],
    fields.map((field) => [code(field.name), code(field.type), field.description]),
  );
}

function commandTitle(path: Node[]): string {
  return path.map((node) => node.name).join(" ");
}

/** The `--json` part of a command's page. */
function jsonSection(reference: Reference): string[] {
  const fields = reference.document ?? [];
  if (fields.length === 0) return [];
  return [
    "## JSON output",
    "With `--json`, it prints one JSON document on stdout, an object with these fields " +
    "(`a[].b` is a field of each item of the list `a`):",
    fieldsTable(fields),
    "When the command fails, the document also holds an `error` object, beside what was done " +
    "before the failure:",
    fieldsTable(ERROR_FIELDS.filter((field) => field.name !== "error")),
  ];
}

/** A command's or group's page. */
export function commandPage(path: Node[], references: References): string {
  const node = path[path.length - 1];
  const reference = references.get(node) ?? {};
  const own = isGroup(node) ? [] : node.options ?? [];
  const inherited = optionsOf(path).filter((option) => !own.includes(option));
  const parent = path.slice(0, -1);
  const sections = [
    GENERATED_NOTE,
    `# ${commandTitle(path)}`,
    prose(node.summary),
    ...(reference.details ? [detailsMarkdown(reference.details)] : []),
    "## Usage",
    fence([usageLine(path)]),
  ];
  if (isGroup(node)) sections.push("## Commands", commandsTable(path));
  else if ((node.args ?? []).length > 0) sections.push("## Arguments", argumentsTable(node.args!));
  if (own.length > 0) sections.push("## Options", optionsTable(own));
  sections.push("## Global options", optionsTable(inherited));
  const examples = node.examples ?? [];
  if (examples.length > 0) sections.push("## Examples", fence(examples));
  if (reference.notes) sections.push("## Notes", notesMarkdown(reference.notes));
  if (!isGroup(node)) {
    sections.push(
      "## Environment",
      environmentTable(commandEnvironment(reference)),
      ...(commandEnvironment(reference).some((variable) => variable.topic === "network")
        ? [
          "For certificates, the runtime also reads " +
          RUNTIME_ENV.map((variable) => code(variable.name)).join(" and ") +
          ": see [Read by the runtime](../reference/environment.md#read-by-the-runtime).",
        ]
        : []),
      "All the variables the CLI reads: [Environment variables](../reference/environment.md).",
      ...jsonSection(reference),
    );
  }
  sections.push(
    "## See also",
    [
      ...(parent.length > 1 ? [`- [${code(commandTitle(parent))}](${pageName(parent)})`] : []),
      "- [Command reference](README.md)",
      "- [Exit codes](../reference/exit-codes.md)",
    ].join("\n"),
  );
  return sections.join("\n\n") + "\n";
}

function commandsTable(path: Node[]): string {
  const group = path[path.length - 1] as GroupDef;
  return table(
    ["Command", "Description"],
    group.commands.map((child) => {
      const childPath = [...path, child];
      return [`[${code(commandTitle(childPath))}](${pageName(childPath)})`, child.summary];
    }),
  );
}

/** The index: what the CLI is, its global options, every command, and the reference pages. */
export function indexPage(root: GroupDef, paths: Node[][]): string {
  const rows = paths.map((path) => [
    `[${code(commandTitle(path))}](${pageName(path)})`,
    path[path.length - 1].summary,
  ]);
  return [
    GENERATED_NOTE,
    "# Command reference",
    prose(root.summary),
    "## Usage",
    fence([usageLine([root])]),
    "## Commands",
    table(["Command", "Description"], rows),
    "## Global options",
    "Accepted by every command, before or after its name:",
    optionsTable(optionsOf([root])),
    "## Examples",
    fence(root.examples ?? []),
    "## See also",
    [
      "- [Exit codes](../reference/exit-codes.md)",
      "- [Environment variables](../reference/environment.md)",
      "- The man page, [`distropack-cli.1`](../distropack-cli.1): `man -l docs/distropack-cli.1`",
    ].join("\n"),
  ].join("\n\n") + "\n";
}
