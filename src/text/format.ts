/** Byte counts for people: `512 B`, `3.0 KiB`, `12.4 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A transfer rate: `2.0 KiB/s`; empty before any time has passed. */
export function formatRate(bytes: number, elapsedMs: number): string {
  return elapsedMs > 0 ? `${formatBytes(Math.round((bytes * 1000) / elapsedMs))}/s` : "";
}

/** Elapsed time for progress lines: `0.4s`, `12s`, `3m05s`, `1h02m`. */
export function formatElapsed(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}
