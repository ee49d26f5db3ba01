/**
 * Reads `--timeout` and `--interval` values. A duration is seconds, or
 * numbers with `h`, `m` and `s` in that order (`90s`, `20m`, `1h30m`,
 * `596h31m23s`, `3m05s`): every form the CLI prints, by formatDuration here
 * and formatElapsed in src/text/format.ts, reads back. Decimals are
 * allowed so tests can poll fast.
 */

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const PART = (unit: string) => String.raw`(?:${NUMBER}\s*${unit}\s*)?`;
const SECONDS = new RegExp(String.raw`^\s*${NUMBER}\s*$`);
const UNITS = new RegExp(String.raw`^\s*${PART("h")}${PART("m")}${PART("s")}$`, "i");

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const seconds = SECONDS.exec(text);
  const parts = seconds ? [undefined, undefined, seconds[1]] : UNITS.exec(text)?.slice(1, 4);
  if (!parts || parts.every((part) => part === undefined)) return undefined;
  const [h, m, s] = parts.map((part) => Number(part ?? 0));
  const ms = h * 3_600_000 + m * 60_000 + s * 1000;
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/** Formats milliseconds the way a user would write them: `90s`, `5m`, `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000 && ms % 1000 !== 0) return `${Number((ms / 1000).toFixed(3))}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s || (!h && !m) ? `${s}s` : ""];
  return parts.join("");
}
