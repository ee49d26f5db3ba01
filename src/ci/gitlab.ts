/**
 * GitLab CI (`GITLAB_CI=true`): its tag variable, and the markers that make
 * a collapsible section in the job log. GitLab reads
 * `section_start:<unix seconds>:<name>` and `section_end:...` between
 * `ESC[0K` erase-line codes; the name ties the two together and is limited
 * here to `[a-z0-9_.-]`.
 */
import { ENV_VARS } from "../settings/env.ts";
import { escapeControl } from "../text/escape.ts";
import type { CiProvider } from "./provider.ts";

export const GITLAB: CiProvider = {
  name: "GitLab CI",
  detect: (env) => env(ENV_VARS.gitlabCi) === "true",
  tag: { name: "CI_COMMIT_TAG", read: (env) => env("CI_COMMIT_TAG") },
  logSections: { start: sectionStart, end: sectionEnd },
};

const ERASE_LINE = "\x1b[0K";

function checkName(name: string): void {
  if (!/^[a-z0-9_.-]+$/.test(name)) {
    throw new Error(`Invalid GitLab section name: ${JSON.stringify(name)}.`);
  }
}

function unixSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * The line that opens a section titled `header` (control characters in it
 * made visible), collapsed in the log unless `collapsed` is false.
 */
export function sectionStart(
  name: string,
  header: string,
  nowMs: number,
  collapsed = true,
): string {
  checkName(name);
  const options = collapsed ? "[collapsed=true]" : "";
  return `${ERASE_LINE}section_start:${unixSeconds(nowMs)}:${name}${options}\r` +
    `${ERASE_LINE}${escapeControl(header)}\n`;
}

/** The line that closes the section `name`; GitLab shows the time between the two. */
export function sectionEnd(name: string, nowMs: number): string {
  checkName(name);
  return `${ERASE_LINE}section_end:${unixSeconds(nowMs)}:${name}\r${ERASE_LINE}\n`;
}
