/**
 * The man page, distropack-cli(1), in roff (man macros) from the same
 * declarations as help and the Markdown reference.
 */
import {
  type ArgumentDef,
  type CommandDef,
  type GroupDef,
  isGroup,
  type Node,
  type OptionDef,
  optionFlags,
} from "../cli/define.ts";
import { argumentUsage, optionDescription, optionsOf, usageLine } from "../cli/help.ts";
import { ENV_DECLARATIONS } from "../settings/env.ts";
import { EXIT_CODES } from "../errors.ts";
import { PROGRAM_NAME, VERSION } from "../version.ts";
import {
  commandPaths,
  type References,
  RUNTIME_ENV,
  RUNTIME_ENV_NOTE,
  TOPIC_TITLES,
} from "./pages.ts";
import { errorCodes } from "./reference.ts";

/** Text as roff prints it: backslashes and hyphens escaped, no line read as a request. */
export function roff(text: string): string {
  return text
    .replaceAll("\\", "\\e")
    .replaceAll("-", "\\-")
    .split("\n")
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join("\n");
}

/** Prose: roff, with Markdown's `code` shown in bold. */
function prose(text: string): string {
  return roff(text).replace(/`([^`]+)`/g, "\\fB$1\\fR");
}

/** A quoted macro argument. */
function quoted(text: string): string {
  return `"${roff(text).replaceAll('"', "\\(dq")}"`;
}

function tagged(tag: string, body: string): string[] {
  return [".TP", tag, prose(body.replace(/\s*\n\s*/g, " "))];
}

function optionItems(options: readonly OptionDef[]): string[] {
  return options.flatMap((option) =>
    tagged(`.B ${quoted(optionFlags(option))}`, optionDescription(option))
  );
}

function argumentItems(args: readonly ArgumentDef[]): string[] {
  return args.flatMap((arg) =>
    tagged(
      `.I ${quoted(argumentUsage(arg))}`,
      `${arg.description}${arg.choices ? ` (one of ${arg.choices.join(", ")})` : ""}`,
    )
  );
}

function block(lines: readonly string[]): string[] {
  return [".PP", ".RS 4", ".nf", ...lines.map(roff), ".fi", ".RE"];
}

/** The lines without the indentation they all share (the block is indented already). */
function dedent(lines: string[]): string[] {
  const indent = Math.min(...lines.map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent));
}

/** A command's details: paragraphs, and `- ` items as a bulleted list. */
function details(text: string): string[] {
  return text.trim().split(/\n\s*\n/).flatMap((paragraph) =>
    paragraph.split(/\n(?=- )/).flatMap((item) =>
      item.startsWith("- ")
        ? [".IP \\(bu 2", prose(item.slice(2).replace(/\s*\n\s*/g, " "))]
        : [".PP", prose(item.replace(/\s*\n\s*/g, " "))]
    )
  );
}

/** Notes: indented lines kept as they are, the rest filled as paragraphs. */
function notes(text: string): string[] {
  return text.trim().split(/\n\s*\n/).flatMap((paragraph) =>
    /^ {2}/m.test(paragraph) ? block(dedent(paragraph.split("\n"))) : [".PP", prose(paragraph)]
  );
}

function commandSection(path: Node[], references: References): string[] {
  const node = path[path.length - 1];
  const lines = [`.SS ${quoted(usageLine(path))}`, roff(node.summary)];
  const reference = references.get(node) ?? {};
  if (isGroup(node)) return [...lines, ...(reference.notes ? notes(reference.notes) : [])];
  const command: CommandDef = node;
  // `.PP` resets the indent a list item set, for the option list after it.
  if (reference.details) lines.push(...details(reference.details), ".PP");
  if ((command.args ?? []).length > 0) lines.push(...argumentItems(command.args!));
  if ((command.options ?? []).length > 0) lines.push(...optionItems(command.options!));
  if (command.examples.length > 0) lines.push(".PP", "Examples:", ...block(command.examples));
  if (reference.notes) lines.push(...notes(reference.notes));
  const fields = reference.document ?? [];
  if (fields.length > 0) {
    lines.push(".PP", roff(`With --json: ${fields.map((field) => field.name).join(", ")}.`));
  }
  return lines;
}

export function manPage(root: GroupDef, repository: string, references: References): string {
  const title = PROGRAM_NAME.toUpperCase();
  const environment = Object.entries(TOPIC_TITLES).flatMap(([topic, heading]) => {
    const variables = ENV_DECLARATIONS.filter((variable) => variable.topic === topic);
    return [
      `.SS ${quoted(heading)}`,
      ...variables.flatMap((variable) => tagged(`.B ${quoted(variable.name)}`, variable.about)),
    ];
  });
  return [
    `.\\" Generated from the command declarations by \`deno task docs\`; do not edit.`,
    `.TH ${quoted(title)} 1 "" ${quoted(`${PROGRAM_NAME} ${VERSION}`)} "User Commands"`,
    // No hyphenation, no stretched spaces: names and paths stay whole.
    ".nh",
    ".ad l",
    ".SH NAME",
    `${roff(PROGRAM_NAME)} \\- ${roff(root.summary)}`,
    ".SH SYNOPSIS",
    `.B ${roff(PROGRAM_NAME)}`,
    roff(usageLine([root]).slice(PROGRAM_NAME.length + 1)),
    ".SH DESCRIPTION",
    roff(root.summary),
    ".PP",
    roff(
      "Data goes to stdout, messages for people to stderr; with --json, stdout holds one JSON " +
        "document. Run a command with --help for its options.",
    ),
    ".SH OPTIONS",
    "Accepted by every command, before or after its name:",
    ...optionItems(optionsOf([root])),
    ".SH COMMANDS",
    ...commandPaths(root).flatMap((path) => commandSection(path, references)),
    ".SH EXAMPLES",
    ...block(root.examples ?? []),
    ".SH ENVIRONMENT",
    ...environment,
    `.SS ${quoted("Read by the runtime")}`,
    prose(RUNTIME_ENV_NOTE),
    ...RUNTIME_ENV.flatMap((variable) => tagged(`.B ${quoted(variable.name)}`, variable.about)),
    ".SH EXIT STATUS",
    ...Object.values(EXIT_CODES).flatMap(({ code, meaning }) =>
      tagged(`.B ${String(code)}`, meaning)
    ),
    ".PP",
    roff("With --json, a failure's error.code says why, with its exit code:"),
    ...errorCodes().flatMap(({ code, exits, meaning }) =>
      tagged(`.B ${quoted(code)}`, `(exit ${exits}) ${meaning}`)
    ),
    ".SH SEE ALSO",
    roff(`The command reference: https://github.com/${repository}/tree/main/docs/commands`),
    "",
  ].join("\n");
}
