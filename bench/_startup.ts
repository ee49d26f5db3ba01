/**
 * Start-up: the commands users run most, each beside the runtime's floor
 * (an empty script with the same flags) measured in the same rounds.
 */
import { type Bench, PACKAGE_ID, timed } from "./_launch.ts";
import { checkedUpload, type ExpectedUpload, type SinkRecord } from "./_sink.ts";
import { expectExit, type Invocation, type Measured, median, rotate } from "./_measure.ts";
import { VERSION } from "../src/version.ts";

export interface StartupRow {
  label: string;
  wallMs: number;
  /** Median of each run's wall time over the floor's in the same round. */
  ratio: number;
  /** The most `ratio` may be; undefined: no target. */
  target: number | undefined;
  cpuS: number;
  rssMiB: number;
}

interface StartupCase {
  label: string;
  target?: number;
  invocation: Invocation;
  /** Throws unless the run did what the command should do. */
  check(run: Measured, records: SinkRecord[]): void;
}

function printed(what: string, pattern: RegExp) {
  return (run: Measured, records: SinkRecord[]) => {
    if (!pattern.test(run.stdout)) throw new Error(`${what} printed: ${run.stdout}`);
    if (records.length > 0) throw new Error(`${what} sent requests`);
  };
}

/** The 1-byte upload case needs a 1-byte file, made by the caller. */
function cases(bench: Bench, oneByte: { path: string; expected: ExpectedUpload }): StartupCase[] {
  const { cli } = bench.launch;
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
    {
      label: "`distropack-cli --version`",
      invocation: cli(["--version"]),
      check: printed("--version", new RegExp(VERSION.replaceAll(".", "\\."))),
    },
    {
      label: "`distropack-cli --help`",
      target: 1.3,
      invocation: cli(["--help"]),
      check: printed("--help", /usage/i),
    },
    {
      label: "`distropack-cli config show` (token from env)",
      target: 1.3,
      invocation: cli(["config", "show"]),
      check: printed("config show", /from DISTROPACK_API_TOKEN/),
    },
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
    {
      label: "`distropack-cli upload` of a 1-byte file",
      target: 1.6,
      invocation: cli(upload),
      check: (_, records) => checkedUpload("upload of 1 byte", records, oneByte.expected),
    },
  ];
}

export async function benchStartup(
  bench: Bench,
  rounds: { warmup: number; runs: number },
  oneByte: { path: string; expected: ExpectedUpload },
): Promise<StartupRow[]> {
  const list = cases(bench, oneByte);
  const samples = list.map(() => [] as Measured[]);
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    for (const index of rotate(list.map((_, i) => i), round)) {
      const { run, records } = await timed(bench, list[index].invocation);
      expectExit(list[index].label, run);
      list[index].check(run, records);
      if (round >= rounds.warmup) samples[index].push(run);
    }
  }
  const floorMs = samples[0].map((run) => run.wallMs);
  return list.map((c, i) => ({
    label: c.label,
    wallMs: median(samples[i].map((run) => run.wallMs)),
    ratio: median(samples[i].map((run, round) => run.wallMs / floorMs[round])),
    target: c.target,
    cpuS: median(samples[i].map((run) => run.cpuS)),
    rssMiB: median(samples[i].map((run) => run.maxRssMiB)),
  }));
}

/** The CPU time of a start-up that reads the config and sends nothing: `config show`. */
export function startupCpuS(rows: StartupRow[]): number {
  return rows.find((row) => row.label.includes("config show"))!.cpuS;
}
