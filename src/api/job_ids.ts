/**
 * What a job id is. The API's ids are opaque, GUIDs in practice, so the CLI
 * takes only what such ids are made of: letters, digits, `-`, `_` and `.`,
 * at most 128 of them, starting with a letter or digit (an id that starts
 * with `-` would be read as an option). Anything else (a space, a comma, a
 * quote, `$`, `;`, a control character) is not a real id, and could turn a
 * line that pastes it into a script, or a CI output, into a command.
 */
import { escapeControl } from "../text/escape.ts";

const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The most job ids one call takes, and one trigger may answer with: far more than targets exist. */
export const MAX_JOB_IDS = 100;

/** What a job id may hold, for messages. */
export const JOB_ID_RULE =
  "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 128 of them";

export function isJobId(value: unknown): value is string {
  return typeof value === "string" && JOB_ID.test(value);
}

/** A value as JSON text, cut short, its control characters escaped: shown, never run. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return escapeControl(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
