/**
 * The start-up budget of the bundle, and the gate CI holds it to.
 *
 * The budget is judged on a full run (`deno task bench --bundle --baseline
 * b615878`, written to RESULTS.md): the bundle against the source of
 * b615878, the last commit before start-up became the build's job, and
 * against the empty-script floor, each the median of per-round ratios.
 *
 * The gate (`--gate`, in `deno task ci`) fails only on what is clearly
 * beyond noise, so a good change always lands: the modules each command
 * loads (the same on every run), and the budget's ratios with a margin that
 * the spread of quick runs on a loaded 2-core machine never reaches.
 */
import { loadedText } from "./_modules.ts";
import type { StartupRow } from "./_startup.ts";

export const BUDGET = {
  /** The commit the bundle is measured against, run from source. */
  baseline: "b615878",
  /** The most each command's median ratio to the baseline may be. */
  vsBaseline: { "--help": 1.0, "config show": 0.95, upload: 0.95 } as Record<string, number>,
  /** The most each command's median ratio to the floor may be. */
  vsFloor: { "config show": 1.4 } as Record<string, number>,
};

/**
 * How far past the budget a quick run's median may go before the gate
 * fails. Measured with 16 quick gate runs on a 2-core machine, 6 of them
 * beside two busy loops that kept both cores full: medians of the ratio to
 * b615878 from 0.85x to 1.03x (the worst 0.08 past its budget), of
 * `config show` to the floor from 1.03x to 1.32x (a loaded machine slows the
 * floor too). The margins, 0.25 on the ratio to b615878 (three times the
 * worst excess) and 0.4 on the floor's (more than the whole spread, 0.29),
 * are generous because CI machines are shared and differ; the regression they
 * are there for,
 * cli-progress's `node:module` shim in a chunk every command loads, is 1.8x,
 * and the module counts catch it first.
 */
export const GATE_MARGIN = { vsBaseline: 0.25, vsFloor: 0.4 };

export interface Verdict {
  ok: boolean;
  text: string;
}

/** Whether the baseline that ran (abbreviated commit) is the budget's. */
export function isBudgetBaseline(commit: string | undefined): boolean {
  if (!commit) return false;
  const [a, b] = [commit, BUDGET.baseline].map((c) => c.toLowerCase());
  return a.startsWith(b) || b.startsWith(a);
}

const current = (rows: StartupRow[]) => rows.filter((row) => row.command && !row.fromBaseline);

/** The budget's ratios, each beside its ceiling plus `margin` (0: the budget itself). */
function ratioVerdicts(rows: StartupRow[], margin = GATE_MARGIN): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const row of current(rows)) {
    const command = row.command!;
    const vsBaseline = BUDGET.vsBaseline[command];
    if (vsBaseline !== undefined && row.vsBaseline) {
      const most = vsBaseline + margin.vsBaseline;
      verdicts.push({
        ok: row.vsBaseline.median <= most,
        text: `\`${command}\` ${row.vsBaseline.median.toFixed(3)}x ${BUDGET.baseline} ` +
          `(budget <= ${vsBaseline.toFixed(2)}x${
            margin.vsBaseline ? `, fails above ${most.toFixed(2)}x` : ""
          })`,
      });
    }
    const vsFloor = BUDGET.vsFloor[command];
    if (vsFloor !== undefined) {
      const most = vsFloor + margin.vsFloor;
      verdicts.push({
        ok: row.ratio <= most,
        text: `\`${command}\` ${row.ratio.toFixed(2)}x the floor ` +
          `(budget <= ${vsFloor.toFixed(2)}x${
            margin.vsFloor ? `, fails above ${most.toFixed(2)}x` : ""
          })`,
      });
    }
  }
  return verdicts;
}

/** The budget, judged exactly: for a full run's RESULTS.md. */
export function budgetVerdicts(rows: StartupRow[]): Verdict[] {
  return ratioVerdicts(rows, { vsBaseline: 0, vsFloor: 0 });
}

/**
 * What `loaded` adds over `baseline`: more files, more runtime modules or
 * an npm package the baseline did not load. Empty: nothing.
 */
function moreLoaded(row: StartupRow, baseline: StartupRow): string[] {
  const [now, then] = [row.loaded!, baseline.loaded!];
  const more: string[] = [];
  if (now.files > then.files) more.push(`${now.files} files (${then.files})`);
  if (now.runtime > then.runtime) more.push(`${now.runtime} runtime modules (${then.runtime})`);
  const extra = now.packages.filter((name) => !then.packages.includes(name));
  if (extra.length > 0) more.push(`npm ${extra.join(" ")}`);
  return more;
}

/**
 * The gate: each command loads no more files or runtime modules, and no npm
 * package, beyond what the baseline from source loads (exact), and the
 * budget's ratios stay within their margins (loose).
 */
export function gateVerdicts(rows: StartupRow[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const row of current(rows)) {
    const baseline = rows.find((r) => r.fromBaseline && r.command === row.command);
    if (!row.loaded || !baseline?.loaded) continue;
    const more = moreLoaded(row, baseline);
    verdicts.push({
      ok: more.length === 0,
      text: `\`${row.command}\` loads ${loadedText(row.loaded)}; ${BUDGET.baseline} from source ` +
        `${loadedText(baseline.loaded)}` + (more.length > 0 ? `: more ${more.join(", ")}` : ""),
    });
  }
  return [...verdicts, ...ratioVerdicts(rows)];
}
