/**
 * Reads `--timeout` and `--interval` values. A duration is seconds, or a
 * number with `s`, `m` or `h`; decimals are allowed so tests can poll fast.
 */

const UNITS: Record<string, number> = { "": 1000, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([smh]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNITS[match[2].toLowerCase()];
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
