/**
 * The results as Markdown (bench/RESULTS.md): figures, then each target met
 * or not. Quick runs are too small to judge, so they show figures only.
 */
import { sizeText } from "./_launch.ts";
import { startupCpuS, type StartupRow } from "./_startup.ts";
import { budgetVerdicts, isBudgetBaseline } from "./_budget.ts";
import { loadedText } from "./_modules.ts";
import type { UploadRow } from "./_upload.ts";
import type { PollingResult, ReleaseResult } from "./_release.ts";

export interface Results {
  quick: boolean;
  size: number;
  smallSize: number;
  startup: StartupRow[];
  big: UploadRow[];
  small: UploadRow[];
  polling: PollingResult;
  release: ReleaseResult;
  /** The baseline's commit, when `--baseline` gave one. */
  baseline?: string;
  /** The CLI under test was the bundle (`--bundle`). */
  bundle: boolean;
}

const na = (value: number, text: (v: number) => string) =>
  Number.isNaN(value) ? "n/a" : text(value);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const x = (value: number) => na(value, (v) => `${v.toFixed(2)}x`);
const mib = (value: number) => na(value, (v) => `${v.toFixed(1)} MiB`);
const secs = (value: number) => na(value, (v) => `${v.toFixed(2)} s`);
const signed = (value: number) => na(value, (v) => `${v >= 0 ? "+" : ""}${mib(v)}`);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function verdict(quick: boolean, ok: boolean): string {
  if (quick) return "not judged (quick)";
  return ok ? "met" : "**not met**";
}

function startupSection(r: Results): string[] {
  const vsBaseline = (row: StartupRow) =>
    row.vsBaseline
      ? `${x(row.vsBaseline.median)} (${row.vsBaseline.q1.toFixed(2)}–` +
        `${row.vsBaseline.q3.toFixed(2)})`
      : "–";
  const rows = r.startup.map((row) => [
    row.label,
    ms(row.wallMs),
    x(row.ratio),
    ...(r.baseline ? [vsBaseline(row)] : []),
    row.target === undefined ? "–" : `<= ${row.target}x`,
    row.target === undefined ? "–" : verdict(r.quick, row.ratio <= row.target),
    secs(row.cpuS),
    mib(row.rssMiB),
    row.loaded ? loadedText(row.loaded) : "n/a",
  ]);
  const header = ["Command", "Median", "vs floor", ...(r.baseline ? [`vs ${r.baseline}`] : [])]
    .concat(["Target", "Verdict", "CPU", "Peak RSS", "Loads"]);
  return [
    "## Start-up",
    "",
    table(header, rows),
    "",
    "Loads: what one more run, with the runtime's debug log, loaded: the program's files (source " +
    "modules or the bundle's chunks), the runtime's modules loaded on demand (Node built-ins, " +
    "timers) and npm packages.",
    ...againstBaseline(r),
    ...budget(r),
  ];
}

/** The bundle against the budget's baseline (bench/_budget.ts), judged on full runs. */
function budget(r: Results): string[] {
  if (!r.bundle || !isBudgetBaseline(r.baseline)) return [];
  return [
    "",
    "### Budget of the bundle",
    "",
    ...budgetVerdicts(r.startup).map(({ ok, text }) => `- ${text}: ${verdict(r.quick, ok)}`),
  ];
}

/** Each CLI command beside the baseline's: no slower, by the median of per-round ratios. */
function againstBaseline(r: Results): string[] {
  if (!r.baseline) return [];
  const lines = r.startup.flatMap(({ vsBaseline: vs }) =>
    vs
      ? [
        `- \`${vs.command}\` no slower than ${r.baseline}: median ${vs.median.toFixed(3)}x (95% ` +
        `confidence ${vs.interval.low.toFixed(3)}–${vs.interval.high.toFixed(3)}; quartiles ` +
        `${vs.q1.toFixed(2)}–${vs.q3.toFixed(2)}): ${verdict(r.quick, vs.median <= 1)}`,
      ]
      : []
  );
  return [
    "",
    "### Against the baseline",
    "",
    `Each ratio: a run of the current tree over the run of ${r.baseline} in the same round. ` +
    "The median of the ratios is judged (no slower: at most 1.000x); its 95% confidence " +
    "interval says how far the median of this many rounds may be from the true one.",
    "",
    ...lines,
  ];
}

function uploadSections(r: Results): string[] {
  const big = sizeText(r.size);
  const small = sizeText(r.smallSize);
  const throughput = r.big.map((row) => [
    row.label,
    `${row.transferMBps.toFixed(0)} MB/s`,
    `${row.transferRange[0].toFixed(0)}–${row.transferRange[1].toFixed(0)}`,
    x(row.vsBare),
    x(row.vsCurl),
    `${row.endToEndMBps.toFixed(0)} MB/s`,
    mib(row.rssMiB),
    secs(row.cpuS),
    row.framing,
  ]);
  const memory = r.big.map((row) => {
    const smallRow = r.small.find((s) => s.key === row.key)!;
    return [row.label, mib(smallRow.rssMiB), mib(row.rssMiB), signed(row.rssMiB - smallRow.rssMiB)];
  });
  return [
    `## Upload throughput (${big} file)`,
    "",
    "Transfer: from the end of the request headers to the last body byte, as the server saw it. " +
    "End-to-end: the whole process, start-up included.",
    "",
    table(
      ["Client", "Transfer", "Slowest–fastest", "vs bare fetch", "vs curl", "End-to-end"]
        .concat(["Peak RSS", "CPU", "Body framing"]),
      throughput,
    ),
    "",
    "## Upload memory (peak RSS of the client process)",
    "",
    table(["Client", small, big, "Growth"], memory),
  ];
}

function pollingSection(r: Results): string[] {
  const p = r.polling;
  return [
    "## Polling cost",
    "",
    table(["Run", "Wall time", "CPU (user + sys)", "Beyond start-up", "Status polls"], [[
      `\`build\` waiting ${p.seconds} s on jobs that stay running (interval: ${p.interval})`,
      secs(p.wallS),
      secs(p.cpuS),
      secs(p.cpuS - startupCpuS(r.startup)),
      String(p.polls),
    ]]),
    "",
    "Beyond start-up: minus the median CPU time of `config show`. GNU time counts CPU in 10 ms " +
    "steps.",
  ];
}

function releaseSection(r: Results): string[] {
  const release = r.release;
  const header = ["Run", "Wall time", "CPU (user + sys)"];
  if (!release.available) {
    return [
      "## Release flow",
      "",
      table(header, [[`publish not available: ${release.why}`, "–", "–"]]),
    ];
  }
  const files = release.files.map((f) => `${f.refId}: ${sizeText(f.size)}`).join(", ");
  return [
    "## Release flow",
    "",
    `Files ${files}; the sink finishes every build job at the first status poll. Medians of ` +
    `${release.runs} rounds; ratios are medians of per-round ratios.`,
    "",
    table(header.concat(["Target", "Verdict"]), [
      [
        "script: 3 `upload` processes, then `build --interval 0.05`",
        secs(release.script.wallS),
        secs(release.script.cpuS),
        "",
        "",
      ],
      [
        "`publish` of the 3 files with `--interval 0.05`",
        secs(release.publish.wallS),
        secs(release.publish.cpuS),
        "",
        "",
      ],
      [
        "publish / script, wall",
        x(release.wallRatio),
        "",
        "<= 0.6x",
        verdict(r.quick, release.wallRatio <= 0.6),
      ],
      [
        "publish / script, CPU",
        "",
        x(release.cpuRatio),
        "<= 0.5x",
        verdict(r.quick, release.cpuRatio <= 0.5),
      ],
    ]),
  ];
}

function targets(r: Results): string[] {
  const lines: string[] = [];
  for (const row of r.startup.filter((row) => row.target !== undefined)) {
    lines.push(
      `- Start-up, ${row.label}: ${x(row.ratio)} the floor (target <= ${row.target}x): ` +
        verdict(false, row.ratio <= row.target!),
    );
  }
  const cliBig = r.big.find((row) => row.key === "cli")!;
  const cliSmall = r.small.find((row) => row.key === "cli")!;
  const growth = cliBig.rssMiB - cliSmall.rssMiB;
  lines.push(
    `- Upload at least 0.9x the bare \`fetch\`: ${x(cliBig.vsBare)}: ${
      verdict(false, cliBig.vsBare >= 0.9)
    }`,
    `- Peak RSS at most 100 MiB for ${sizeText(r.size)}: ${mib(cliBig.rssMiB)}: ` +
      `${verdict(false, cliBig.rssMiB <= 100)}; within 16 MiB of the ${sizeText(r.smallSize)} ` +
      `figure: ${signed(growth)}: ${verdict(false, growth <= 16)}`,
  );
  const waiting = r.polling.cpuS - startupCpuS(r.startup);
  lines.push(
    `- Polling cost near zero: ${secs(waiting)} CPU beyond start-up while waiting ` +
      `${secs(r.polling.wallS)} (target: under 1% of one core): ` +
      verdict(false, waiting <= Math.max(0.02, 0.01 * r.polling.wallS)),
  );
  if (r.release.available) {
    lines.push(
      `- Release flow: publish wall ${x(r.release.wallRatio)} the script's (target <= 0.6x): ` +
        `${verdict(false, r.release.wallRatio <= 0.6)}; CPU ${x(r.release.cpuRatio)} ` +
        `(target <= 0.5x): ${verdict(false, r.release.cpuRatio <= 0.5)}`,
    );
  } else {
    lines.push(`- Release flow: publish not available (${r.release.why})`);
  }
  return lines;
}

/** What earlier experiments settled; their code is gone, their conclusions stay here. */
const CONCLUDED = `## Concluded experiments

Measured 2026-11-28 (commit 3267bee), same machine and method; the probe scripts are no longer in
the tree.

- Start-up, each part loaded alone with the CLI's flags: commander 2.78x the floor, the Node
  built-ins commander imports (\`node:child_process\`, \`node:events\`, \`node:fs\`...) 2.65x, the
  config layer (\`node:path\`, \`node:util\`, smol-toml) 1.73x, smol-toml 1.17x. Commander's cost is
  almost all the Node built-ins it imports; the TOML parser is cheap. Hence a command layer without
  commander and no Node built-ins on the start-up path.
- Upload, 1 GiB, beside the bare \`fetch\` of \`file.readable\` (1678 MB/s, 37 MiB): the same stream
  through an identity JS \`TransformStream\` 0.61x (83 MiB); a multipart JS stream with 64 KiB reads,
  8 ahead, 0.63x (90 MiB); \`node:http\` with \`fs.createReadStream\` 0.62x (120 MiB). Any body that
  passes through JavaScript loses the runtime's fast path for a file's own stream, whatever the
  framing or read-ahead, and \`node:http\` is no faster and heavier. The CLI's multipart stream is at
  that limit.`;

export function render(r: Results, header: string[]): string {
  return [
    `# Benchmark results${
      r.quick ? " (quick mode: small sizes, few runs, figures not judged)" : ""
    }`,
    "",
    ...header,
    "",
    ...startupSection(r),
    "",
    ...uploadSections(r),
    "",
    ...pollingSection(r),
    "",
    ...releaseSection(r),
    "",
    ...(r.quick ? [] : ["## Against the targets", "", ...targets(r), ""]),
    CONCLUDED,
    "",
    "Reproduce: `deno task bench` (full run, writes this file) or `deno task bench --quick`.",
    "",
  ].join("\n");
}
