/**
 * The names a command line gives (a version, a package id, a file slot),
 * checked before any request, with messages that say where the name came
 * from: a flag, a `--files` line, or a CI variable.
 */
import { UsageError } from "../errors.ts";
import { escapeControl } from "./escape.ts";

/** Longer ids and slot names than this are not real ones; refused before any request. */
export const MAX_NAME_LENGTH = 256;

/**
 * A name such as a version or a package id: not blank, no control
 * characters, not absurdly long. Returns it trimmed. `from` names where it
 * came from: `--version`, `GITHUB_REF_NAME`.
 */
export function checkedName(value: string, from: string): string {
  const trimmed = value.trim();
  if (trimmed === "") throw new UsageError(`${from} is blank. Give a value, e.g. ${from} VALUE.`);
  if (hasControlCharacters(trimmed)) {
    throw new UsageError(`${from} contains control characters. Give it as plain text.`);
  }
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `${from} is ${trimmed.length} characters long; at most ${MAX_NAME_LENGTH} are accepted.`,
    );
  }
  return trimmed;
}

/** Whether `text` holds a C0 control character or DEL, which no name or version may hold. */
export function hasControlCharacters(text: string): boolean {
  // deno-lint-ignore no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}

/**
 * A file slot's name, by the one rule of every place that names a slot
 * (`upload --ref-id`, `publish --file` and `--files`, the GitHub Action):
 * white space around it is dropped; it is not empty, holds no white space
 * or control character, and has at most 256 characters. `where` names the
 * place: `--ref-id`, `--files line 3`.
 */
export function checkedSlot(value: string, where: string): string {
  const slot = value.trim();
  if (slot === "") {
    throw new UsageError(
      `${where}: the slot name is empty. Give the slot's name as the dashboard shows it, ` +
        "e.g. source-tarball.",
    );
  }
  const shown = escapeControl(slot);
  if ([...slot].length > MAX_NAME_LENGTH) {
    throw new UsageError(
      `${where}: the slot name ${shown.slice(0, 40)}... is longer than ${MAX_NAME_LENGTH} ` +
        "characters.",
    );
  }
  if (/\s/.test(slot) || shown !== slot) {
    throw new UsageError(
      `${where}: the slot name "${shown}" contains white space or a control character. ` +
        "Use the slot's name as the dashboard shows it.",
    );
  }
  return slot;
}
