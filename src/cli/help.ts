/** Help text, generated from the declarations: what `--help` prints for any command. */
import {
  type ArgumentDef,
  type CommandDef,
  globalOptions,
  isGroup,
  type Node,
  type OptionDef,
  optionFlags,
} from "./define.ts";
import { HELP_OPTION, VERSION_OPTION } from "./options.ts";
import { pathName } from "./locate.ts";

const WIDTH = 80;

/** The options a command or group accepts, in help's order: its own, then the global ones. */
export function optionsOf(path: readonly Node[]): OptionDef[] {
  const node = path[path.length - 1];
  return [
    ...(path.length === 1 ? [VERSION_OPTION] : []),
    ...(isGroup(node) ? [] : node.options ?? []),
    ...globalOptions(path),
    HELP_OPTION,
  ];
}

/** `distropack-cli config set-token [options] [token]`: the usage line without "Usage: ". */
export function usageLine(path: readonly Node[]): string {
  const node = path[path.length - 1];
  const name = [path[0].name, pathName(path)].filter(Boolean).join(" ");
  return `${name} ${isGroup(node) ? "[options] [command]" : usageOf(node).replace(/^\S+ /, "")}`;
}

export function helpText(path: readonly Node[]): string {
  const node = path[path.length - 1];
  const isRoot = path.length === 1;
  const options = optionsOf(path);
  const rows: Array<[string, string]> = options.map((option) => [
    optionFlags(option),
    optionDescription(option),
  ]);
  const commandRows: Array<[string, string]> = isGroup(node)
    ? [
      ...node.commands.map((command): [string, string] => [listedAs(command), command.summary]),
      ...(isRoot ? [["help [command]", "display help for command"] as [string, string]] : []),
    ]
    : [];
  const argRows: Array<[string, string]> = isGroup(node)
    ? []
    : (node.args ?? []).map((arg) => [argumentUsage(arg), arg.description]);
  const pad = Math.max(...[...rows, ...commandRows, ...argRows].map(([left]) => left.length)) + 2;
  const sections = [
    `Usage: ${usageLine(path)}`,
    wrap(node.summary, WIDTH, 0),
  ];
  const details = isGroup(node) ? undefined : node.reference?.details;
  if (details) sections.push(detailsText(details));
  if (argRows.length > 0) sections.push(`Arguments:\n${table(argRows, pad)}`);
  sections.push(`Options:\n${table(rows, pad)}`);
  if (commandRows.length > 0) sections.push(`Commands:\n${table(commandRows, pad)}`);
  const examples = node.examples ?? [];
  if (examples.length > 0) {
    sections.push(`Examples:\n${examples.map((line) => `  $ ${line}`).join("\n")}`);
  }
  if (node.notes) sections.push(notesText(node.notes));
  return sections.join("\n\n") + "\n";
}

/**
 * `status [options] <job-id...>`, `upload --ref-id <slot> --file <path>
 * [options]`: the options that must be given come first.
 */
function usageOf(command: CommandDef): string {
  const args = (command.args ?? []).map(argumentUsage);
  return [command.name, ...requiredUsage(command), "[options]", ...args].join(" ");
}

/**
 * A command as its group's help lists it: `status [options] <job-id...>`.
 * The required options stay on its own usage line, so one long line does not
 * push every summary of the list to the right.
 */
function listedAs(node: Node): string {
  if (isGroup(node)) return `${node.name} [options] [command]`;
  return [node.name, "[options]", ...(node.args ?? []).map(argumentUsage)].join(" ");
}

function requiredUsage(command: CommandDef): string[] {
  const options = command.options ?? [];
  return options.filter((option) => option.required).map(optionUsage);
}

/** `--file <slot=path>...` for a repeatable option. */
function optionUsage(option: OptionDef): string {
  return `${optionFlags(option)}${option.multiple ? "..." : ""}`;
}

export function argumentUsage(arg: ArgumentDef): string {
  const name = `${arg.name}${arg.variadic ? "..." : ""}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** The description with the choices and the default: help's and the docs' text. */
export function optionDescription(option: OptionDef): string {
  const extra = [
    option.required ? "(required)" : "",
    option.multiple ? "(repeatable)" : "",
    option.choices ? `(choices: ${option.choices.map((c) => `"${c}"`).join(", ")})` : "",
    option.default?.shown ? `(default: ${option.default.shown})` : "",
  ].filter(Boolean);
  return [option.description, ...extra].join(" ");
}

function table(rows: Array<[string, string]>, pad: number): string {
  return rows.map(([left, right]) =>
    `  ${left.padEnd(pad)}${wrap(right, WIDTH - pad - 2, pad + 2)}`
  ).join("\n");
}

/**
 * Notes as the docs show them too: indented lines kept as they are, every
 * other paragraph filled to the width.
 */
function notesText(notes: string): string {
  return notes.trim().split(/\n\s*\n/).map((paragraph) =>
    /^ {2}/m.test(paragraph) ? paragraph : wrap(paragraph, WIDTH, 0)
  ).join("\n\n");
}

/**
 * A command's details as the reference pages show them: paragraphs filled
 * to the width, `- ` items as a list whose lines hang under their text.
 */
function detailsText(details: string): string {
  return details.trim().split(/\n\s*\n/).map((paragraph) =>
    paragraph.split(/\n(?=- )/).map((item) =>
      item.startsWith("- ") ? `  - ${wrap(item.slice(2), WIDTH - 4, 4)}` : wrap(item, WIDTH, 0)
    ).join("\n")
  ).join("\n\n");
}

/** Wraps `text` at word boundaries to `width`, indenting lines after the first. */
export function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines.join(`\n${" ".repeat(indent)}`);
}
