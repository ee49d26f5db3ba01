/**
 * Runs one process under GNU time, so every figure comes from the kernel's
 * own accounting of that process: wall time (taken here), user and system
 * CPU time, and peak resident memory. Where GNU time is missing (Windows),
 * only wall time is measured.
 */

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  /** User plus system CPU time; NaN without GNU time. */
  cpuS: number;
  /** NaN without GNU time. */
  maxRssMiB: number;
}

export interface Invocation {
  program: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** GNU time's path (Linux: /usr/bin/time, macOS with Homebrew's gnu-time: gtime), if any. */
export async function findGnuTime(): Promise<string | undefined> {
  for (const candidate of ["/usr/bin/time", "gtime"]) {
    try {
      const { success, stderr } = await new Deno.Command(candidate, {
        args: ["-f", "%M", "true"],
        stdout: "null",
        stderr: "piped",
      }).output();
      if (success && /^\d+\s*$/.test(new TextDecoder().decode(stderr))) return candidate;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

/** Runs `invocation`; CPU and memory come from GNU time when `gnuTime` names it. */
export async function measure(
  invocation: Invocation,
  scratchDir: string,
  gnuTime: string | undefined,
): Promise<Measured> {
  const report = `${scratchDir}/time.txt`;
  const [program, args] = gnuTime === undefined
    ? [invocation.program, invocation.args]
    : [gnuTime, ["-o", report, "-f", "%U %S %M", "--", invocation.program, ...invocation.args]];
  const command = new Deno.Command(program, {
    args,
    env: invocation.env,
    clearEnv: true,
    cwd: invocation.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const started = performance.now();
  const { code, stdout, stderr } = await command.output();
  const wallMs = performance.now() - started;
  const decoder = new TextDecoder();
  const run = { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr), wallMs };
  if (gnuTime === undefined) return { ...run, cpuS: NaN, maxRssMiB: NaN };
  // GNU time may put a "Command exited with non-zero status" line first.
  const line = (await Deno.readTextFile(report)).trim().split("\n").at(-1) ?? "";
  const match = /^([\d.]+) ([\d.]+) (\d+)$/.exec(line);
  if (!match) throw new Error(`unexpected GNU time report: ${line}`);
  return { ...run, cpuS: Number(match[1]) + Number(match[2]), maxRssMiB: Number(match[3]) / 1024 };
}

/** Throws with the process's output when it did not exit as expected. */
export function expectExit(what: string, run: Measured, expected = 0): void {
  if (run.code === expected) return;
  const tail = (text: string) => text.trim().split("\n").slice(-10).join("\n");
  throw new Error(
    `${what} exited ${run.code} (expected ${expected})\n` +
      `stdout:\n${tail(run.stdout)}\nstderr:\n${tail(run.stderr)}`,
  );
}

/**
 * The `q` quantile (0 to 1) of `values`, interpolated between the two nearest
 * ranks, so quantile(values, 0.5) is the median; 0.25 and 0.75 give the quartiles.
 */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) throw new Error("quantile of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/**
 * A 95% confidence interval of the median of `values`, with no assumption on
 * their distribution: the two order statistics about 1.96 standard errors of
 * a rank either side of the middle (n/2 ± 0.98·√n, as a binomial count of the
 * values below the true median). It says how far the median of this many
 * rounds can be off, where the quartiles say how much single rounds spread.
 */
export function medianInterval(values: number[]): { low: number; high: number } {
  if (values.length === 0) throw new Error("median interval of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const spread = 0.98 * Math.sqrt(n);
  // 1-based ranks, clamped to the sample.
  const low = Math.max(1, Math.floor(n / 2 - spread));
  const high = Math.min(n, Math.ceil(n / 2 + 1 + spread));
  return { low: sorted[low - 1], high: sorted[high - 1] };
}

/** The same items in a different order each round, so no client always runs first. */
export function rotate<T>(items: T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
