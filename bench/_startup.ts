/**
 * Start-up: the commands users run most, each beside the runtime's floor
 * (an empty script with the same flags) measured in the same rounds. With
 * `--baseline`, each CLI command also runs from the earlier commit's tree in
 * the same rounds, and is compared with it round by round.
 */
import { type Bench, PACKAGE_ID, timed } from "./_launch.ts";
import { checkedUpload, type ExpectedUpload, type SinkRecord } from "./_sink.ts";
import {
  expectExit,
  type Invocation,
  type Measured,
  median,
  medianInterval,
  quantile,
  rotate,
} from "./_measure.ts";
import { type Loaded, loadedModules, withDebugLog } from "./_modules.ts";
import { VERSION } from "../src/version.ts";

export interface StartupRow {
  label: string;
  /** A CLI command's row (its baseline's too): the command, e.g. "config show". */
  command?: string;
  wallMs: number;
  /** Median of each run's wall time over the floor's in the same round. */
  ratio: number;
  /** The most `ratio` may be; undefined: no target. */
  target: number | undefined;
  cpuS: number;
  rssMiB: number;
  /** What one more run, with the runtime's debug log, loaded; undefined: not a `deno run`. */
  loaded?: Loaded;
  /** A CLI command's row when a baseline ran: its run over the baseline's, per round. */
  vsBaseline?: {
    command: string;
    median: number;
    q1: number;
    q3: number;
    /** The 95% confidence interval of `median`. */
    interval: { low: number; high: number };
  };
  /** A row of the baseline's own runs. */
  fromBaseline?: true;
}

interface StartupCase {
  label: string;
  command?: string;
  target?: number;
  invocation: Invocation;
  /** Throws unless the run did what the command should do. */
  check(run: Measured, records: SinkRecord[]): void;
  /** A CLI command with a baseline: the command as the verdicts name it, and its baseline case. */
  baseline?: { command: string; against: StartupCase };
}

function printed(what: string, pattern: RegExp) {
  return (run: Measured, records: SinkRecord[]) => {
    if (!pattern.test(run.stdout)) throw new Error(`${what} printed: ${run.stdout}`);
    if (records.length > 0) throw new Error(`${what} sent requests`);
  };
}

/**
 * A CLI case, run with `args`; with a baseline, also its run from the
 * baseline's tree, checked the same way unless `baselineCheck` says otherwise.
 */
function cliCase(bench: Bench, args: string[], spec: {
  command: string;
  label: string;
  target?: number;
  check: StartupCase["check"];
  baselineCheck?: StartupCase["check"];
}): StartupCase {
  const { command, label, target, check } = spec;
  const current: StartupCase = {
    label,
    command,
    target,
    invocation: bench.launch.cli(args),
    check,
  };
  const baseline = bench.launch.baseline;
  if (!baseline) return current;
  const baselineCheck = spec.baselineCheck ?? check;
  const against: StartupCase = {
    label: `\`${command}\` at ${baseline.commit}`,
    command,
    invocation: baseline.cli(args),
    check: (run, records) => {
      try {
        baselineCheck(run, records);
      } catch (error) {
        throw new Error(`at ${baseline.commit}: ${error instanceof Error ? error.message : error}`);
      }
    },
  };
  return { ...current, baseline: { command: `distropack-cli ${command}`, against } };
}

/** The 1-byte upload case needs a 1-byte file, made by the caller. */
function cases(bench: Bench, oneByte: { path: string; expected: ExpectedUpload }): StartupCase[] {
  const upload = [
    "upload",
    ...["--package-id", PACKAGE_ID, "--ref-id", "startup", "--file", oneByte.path],
  ];
  return [
    {
      label: "floor: empty script, same runtime and flags",
      invocation: bench.launch.floor(),
      check: printed("the empty script", /^$/),
    },
    cliCase(bench, ["--version"], {
      command: "--version",
      label: "`distropack-cli --version`",
      check: printed("--version", new RegExp(VERSION.replaceAll(".", "\\."))),
      // An earlier commit may carry an earlier version.
      baselineCheck: printed("--version", /\d+\.\d+\.\d+/),
    }),
    cliCase(bench, ["--help"], {
      command: "--help",
      label: "`distropack-cli --help`",
      target: 1.3,
      check: printed("--help", /usage/i),
    }),
    cliCase(bench, ["config", "show"], {
      command: "config show",
      label: "`distropack-cli config show` (token from env)",
      target: 1.3,
      check: printed("config show", /from DISTROPACK_API_TOKEN/),
    }),
    {
      // What the runtime's own HTTP client costs before any CLI code runs:
      // the lowest an upload's start-up can go.
      label: "reference: a bare `fetch` of the 1-byte file",
      invocation: bench.launch.script("bench/bare_upload.ts", [
        `${bench.sink.url}/api/upload_file?packageId=${PACKAGE_ID}&accessName=bare`,
        oneByte.path,
      ]),
      check: (run) => {
        if (run.code !== 0) throw new Error(`the bare fetch failed: ${run.stderr}`);
      },
    },
    cliCase(bench, upload, {
      command: "upload",
      label: "`distropack-cli upload` of a 1-byte file",
      target: 1.6,
      // Each run's records are its own (`timed`), so the baseline's upload is checked alike.
      check: (_, records) => checkedUpload("upload of 1 byte", records, oneByte.expected),
    }),
  ];
}

export async function benchStartup(
  bench: Bench,
  rounds: { warmup: number; runs: number },
  oneByte: { path: string; expected: ExpectedUpload },
): Promise<StartupRow[]> {
  const current = cases(bench, oneByte);
  const fromBaseline = new Set(current.flatMap((c) => c.baseline ? [c.baseline.against] : []));
  // The baseline's runs come after all current ones in a round, so the rotation
  // puts each before or after its current run depending on the round.
  const order = [...current, ...fromBaseline];
  const samples = new Map(order.map((c) => [c, [] as Measured[]]));
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    for (const c of rotate(order, round)) {
      const { run, records } = await timed(bench, c.invocation);
      expectExit(c.label, run);
      c.check(run, records);
      if (round >= rounds.warmup) samples.get(c)!.push(run);
    }
  }
  // What each loads, from one more run with the runtime's debug log: the same every time.
  const loaded = new Map<StartupCase, Loaded>();
  for (const c of order) {
    if (c.invocation.args[0] !== "run") continue;
    const { run, records } = await timed(bench, withDebugLog(c.invocation));
    expectExit(`${c.label} (with the debug log)`, run);
    c.check(run, records);
    loaded.set(c, loadedModules(run.stderr));
  }
  const wallMs = (c: StartupCase) => samples.get(c)!.map((run) => run.wallMs);
  const floorMs = wallMs(current[0]);
  // Each baseline row is reported right below its current one.
  const list = current.flatMap((c) => c.baseline ? [c, c.baseline.against] : [c]);
  return list.map((c) => {
    const runs = samples.get(c)!;
    const row: StartupRow = {
      label: c.label,
      ...(c.command !== undefined && { command: c.command }),
      ...(loaded.has(c) && { loaded: loaded.get(c) }),
      wallMs: median(wallMs(c)),
      ratio: median(runs.map((run, round) => run.wallMs / floorMs[round])),
      target: c.target,
      cpuS: median(runs.map((run) => run.cpuS)),
      rssMiB: median(runs.map((run) => run.maxRssMiB)),
    };
    if (fromBaseline.has(c)) return { ...row, fromBaseline: true };
    if (!c.baseline) return row;
    const baselineMs = wallMs(c.baseline.against);
    const ratios = runs.map((run, round) => run.wallMs / baselineMs[round]);
    return {
      ...row,
      vsBaseline: {
        command: c.baseline.command,
        median: median(ratios),
        q1: quantile(ratios, 0.25),
        q3: quantile(ratios, 0.75),
        interval: medianInterval(ratios),
      },
    };
  });
}

/** The CPU time of a start-up that reads the config and sends nothing: `config show`. */
export function startupCpuS(rows: StartupRow[]): number {
  return rows.find((row) => !row.fromBaseline && row.label.includes("config show"))!.cpuS;
}
