// deno-lint-ignore-file no-console
/**
 * `deno task bench`: start-up time, upload throughput, upload memory and
 * polling cost of the CLI, each beside a reference measured in the same run
 * (the runtime's empty-script floor, curl, a bare `fetch`), because shared
 * machines are noisy and only same-run ratios mean something.
 *
 * Every figure is the median of several runs after warm-up runs; the clients
 * take turns in a rotating order. The CLI runs exactly as users run it from
 * source (or the binary named by DISTROPACK_CLI_BIN). A client that fails,
 * or a server that receives anything but exactly the file, fails the bench.
 *
 *   deno task bench            full run; writes bench/RESULTS.md
 *   deno task bench --quick    small sizes, few runs (CI keeps the bench alive with it)
 *
 * Options: --size, --small-size (e.g. 1GiB, 64MiB), --runs N, --warmup N
 * (start-up warm-up rounds; uploads take one), --poll-seconds S,
 * --output PATH ("-" for none).
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import {
  checkCapturedPayload,
  checkedUpload,
  type ExpectedUpload,
  Sink,
  type SinkRecord,
} from "./_sink.ts";
import {
  expectExit,
  type Invocation,
  measure,
  type Measured,
  median,
  requireGnuTime,
  rotate,
} from "./_measure.ts";
import { VERSION } from "../src/version.ts";
import { runnerDenoDir } from "../tests/helpers/cli.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const MiB = 1024 * 1024;
const MB = 1e6;

const PACKAGE_ID = "550e8400-e29b-41d4-a716-446655440000";
const REF_ID = "source-tarball";
const UPLOAD_TARGET = `/api/upload_file?packageId=${PACKAGE_ID}&accessName=${REF_ID}`;
const TOKEN = "dp_bench_0123456789abcdef";

interface Options {
  quick: boolean;
  size: number;
  smallSize: number;
  startupRuns: number;
  uploadRuns: number;
  warmup: number;
  pollSeconds: number;
  /** Interval for `build`; undefined keeps the CLI's default, as users run it. */
  pollInterval: string | undefined;
  output: string | undefined;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (use e.g. 64MiB or 1GiB)`);
  const unit = { b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB }[
    (match[2] ?? "B").toLowerCase() as "b"
  ];
  return Math.round(Number(match[1]) * unit);
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      size: { type: "string" },
      "small-size": { type: "string" },
      runs: { type: "string" },
      warmup: { type: "string" },
      "poll-seconds": { type: "string" },
      output: { type: "string" },
    },
  });
  const quick = values.quick;
  const number = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : Number(text);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  const output = values.output ?? (quick ? undefined : `${ROOT}bench/RESULTS.md`);
  return {
    quick,
    size: parseSize(values.size ?? (quick ? "32MiB" : "1GiB")),
    smallSize: parseSize(values["small-size"] ?? (quick ? "8MiB" : "64MiB")),
    startupRuns: runs ?? (quick ? 3 : 21),
    uploadRuns: runs ?? (quick ? 2 : 9),
    warmup: number(values.warmup, quick ? 1 : 2),
    pollSeconds: number(values["poll-seconds"], quick ? 3 : 30),
    pollInterval: quick ? "1" : undefined,
    output: output === "-" ? undefined : output,
  };
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} B`;
}

/** A scratch directory (the test files, an empty HOME) removed at the end. */
async function scratchDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "distropack-bench-" });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }),
  };
}

/**
 * A file of random bytes, written once (and so in the page cache). Random
 * throughout, so a chunk sent twice or out of place cannot match the file.
 */
async function makeFile(path: string, size: number): Promise<ExpectedUpload> {
  const block = new Uint8Array(MiB);
  let first: Uint8Array | undefined;
  let last = new Uint8Array(0);
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  for (let written = 0; written < size;) {
    const piece = block.subarray(0, Math.min(block.length, size - written));
    for (let i = 0; i < piece.length; i += 65536) {
      crypto.getRandomValues(piece.subarray(i, i + 65536));
    }
    for (let done = 0; done < piece.length;) done += await file.write(piece.subarray(done));
    first ??= piece.slice(0, 256);
    last = Uint8Array.from([...last, ...piece.subarray(Math.max(0, piece.length - 256))])
      .slice(-256);
    written += piece.length;
  }
  return {
    target: UPLOAD_TARGET,
    body: "multipart",
    size,
    fileHead: first ?? new Uint8Array(0),
    fileTail: last,
  };
}

/** How the CLI, the floor and the helper scripts are started, with a clean environment. */
interface Launcher {
  describe: string;
  cli(args: string[]): Invocation;
  floor(): Invocation;
  /** A start-up probe script, run from source with the CLI's flags. */
  probe(path: string): Invocation;
  script(path: string, args: string[]): Invocation;
  program(program: string, args: string[]): Invocation;
}

/** The flags of the compiled binary (deno.json `compile` task): the CLI and its floor use them. */
const RUN_FLAGS = ["run", "--quiet", "--no-prompt", "--permission-set=cli"];

async function launcher(home: string, sinkUrl: string, scratch: string): Promise<Launcher> {
  const env = {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: home,
    DENO_DIR: await runnerDenoDir(),
    DISTROPACK_API_URL: sinkUrl,
    DISTROPACK_API_TOKEN: TOKEN,
  };
  const at = (program: string, args: string[]): Invocation => ({
    program,
    args,
    env,
    cwd: ROOT,
  });
  const script = (path: string, args: string[]) =>
    at(Deno.execPath(), ["run", "--quiet", "--no-prompt", "-A", `${ROOT}${path}`, ...args]);
  const probe = (path: string) => at(Deno.execPath(), [...RUN_FLAGS, path]);
  const binary = Deno.env.get("DISTROPACK_CLI_BIN");
  if (!binary) {
    return {
      describe: `from source: \`deno ${RUN_FLAGS.join(" ")} main.ts\``,
      cli: (args) => at(Deno.execPath(), [...RUN_FLAGS, "main.ts", ...args]),
      floor: () => at(Deno.execPath(), [...RUN_FLAGS, "bench/empty.ts"]),
      probe,
      script,
      program: at,
    };
  }
  // The floor of a compiled binary is the empty script compiled the same way
  // (which needs the runtime's downloadable `denort`; without it, the floor
  // stays the empty script run from source, and the results say so).
  const floorBinary = `${scratch}/empty`;
  const compiled = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "--quiet", "--permission-set=cli", "--output", floorBinary, "bench/empty.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const why = new TextDecoder().decode(compiled.stderr).split("\n").find((line) =>
    /error/i.test(line)
  )?.trim();
  return {
    describe: `compiled binary \`${binary}\`` +
      (compiled.success ? "" : ` (floor run from source: cannot compile it here: ${why})`),
    cli: (args) => at(binary, args),
    floor: () =>
      compiled.success
        ? at(floorBinary, [])
        : at(Deno.execPath(), [...RUN_FLAGS, "bench/empty.ts"]),
    probe,
    script,
    program: at,
  };
}

/** Runs `invocation` under GNU time and returns the figures, with what the sink saw meanwhile. */
async function timed(
  invocation: Invocation,
  sink: Sink,
  scratch: string,
): Promise<{ run: Measured; records: SinkRecord[] }> {
  const run = await measure(invocation, scratch);
  return { run, records: await sink.takeRecords() };
}

// ---------------------------------------------------------------- start-up

interface StartupRow {
  label: string;
  wallMs: number;
  ratio: number;
  cpuS: number;
  rssMiB: number;
}

async function benchStartup(
  launch: Launcher,
  options: Options,
  sink: Sink,
  scratch: string,
): Promise<StartupRow[]> {
  const cases = [
    {
      label: "floor: empty script, same runtime and flags",
      invocation: launch.floor(),
      check: (_: Measured) => {},
    },
    {
      label: "`distropack-cli --version`",
      invocation: launch.cli(["--version"]),
      check: (run: Measured) => {
        if (!run.stdout.includes(VERSION)) throw new Error(`--version printed: ${run.stdout}`);
      },
    },
    {
      label: "`distropack-cli config show` (token from env)",
      invocation: launch.cli(["config", "show"]),
      check: (run: Measured) => {
        if (!run.stdout.includes("from DISTROPACK_API_TOKEN")) {
          throw new Error(`config show printed: ${run.stdout}`);
        }
      },
    },
    // Where start-up time goes: parts of the CLI loaded alone, with the CLI's flags.
    ...[
      ["commander.ts", "commander alone"],
      ["node_builtins.ts", "the Node built-ins commander imports, alone"],
      ["config_layer.ts", "the CLI's config layer alone (node:path, node:util, smol-toml)"],
      ["smol_toml.ts", "smol-toml alone"],
    ].map(([script, what]) => ({
      label: `probe: ${what}`,
      invocation: launch.probe(`bench/probes/${script}`),
      check: (_: Measured) => {},
    })),
  ];
  const samples = cases.map(() => [] as Measured[]);
  for (let round = 0; round < options.warmup + options.startupRuns; round++) {
    for (const index of rotate(cases.map((_, i) => i), round)) {
      const { run, records } = await timed(cases[index].invocation, sink, scratch);
      expectExit(cases[index].label, run);
      cases[index].check(run);
      if (records.length > 0) throw new Error(`${cases[index].label} sent requests`);
      if (round >= options.warmup) samples[index].push(run);
    }
  }
  const floorMs = samples[0].map((run) => run.wallMs);
  return cases.map((c, i) => ({
    label: c.label,
    wallMs: median(samples[i].map((run) => run.wallMs)),
    // Each run against the floor run of the same round.
    ratio: median(samples[i].map((run, round) => run.wallMs / floorMs[round])),
    cpuS: median(samples[i].map((run) => run.cpuS)),
    rssMiB: median(samples[i].map((run) => run.maxRssMiB)),
  }));
}

// ---------------------------------------------------------------- uploads

interface UploadClient {
  key: string;
  label: string;
  body: "multipart" | "raw";
  invocation(file: string, url: string): Invocation;
}

function uploadClients(launch: Launcher): UploadClient[] {
  const variant = (mode: string, label: string, body: "multipart" | "raw"): UploadClient => ({
    key: mode,
    label,
    body,
    invocation: (file, url) => launch.script("bench/upload_variants.ts", [mode, url, file]),
  });
  return [
    {
      key: "cli",
      label: "`distropack-cli upload`",
      body: "multipart",
      invocation: (file) =>
        launch.cli(["upload", "--package-id", PACKAGE_ID, "--ref-id", REF_ID, "--file", file]),
    },
    {
      key: "curl",
      label: "`curl -sS -F file=@FILE`",
      body: "multipart",
      invocation: (file, url) =>
        launch.program("curl", ["-sS", "--fail", "-o", "/dev/null", "-F", `file=@${file}`, url]),
    },
    {
      key: "bare",
      label: "bare `fetch` with `file.readable` as body",
      body: "raw",
      invocation: (file, url) => launch.script("bench/bare_upload.ts", [url, file]),
    },
    variant("js-stream", "`fetch`, `file.readable` through an identity JS stream", "raw"),
    variant(
      "multipart-readahead",
      "`fetch`, multipart JS stream, 64 KiB reads, 8 ahead",
      "multipart",
    ),
    variant("node-http", "`node:http` + `fs.createReadStream`", "raw"),
  ];
}

interface UploadSample {
  transferMBps: number;
  endToEndMBps: number;
  rssMiB: number;
  cpuS: number;
  framing: string;
}

type UploadSamples = Map<string, UploadSample[]>;

function framingOf(record: SinkRecord): string {
  if (record.framing === "chunked") {
    const average = record.bodyBytes / Math.max(1, record.chunks);
    return `chunked (${record.chunks} chunks, ~${Math.round(average / 1024)} KiB each)`;
  }
  return record.framing === "content-length" ? "Content-Length" : "none";
}

async function benchUploads(
  clients: UploadClient[],
  expected: ExpectedUpload,
  file: string,
  rounds: { warmup: number; runs: number },
  sink: Sink,
  scratch: string,
  /** Compare every byte in the warm-up round (the sink writes the bodies to disk then). */
  checkContent: boolean,
): Promise<UploadSamples> {
  const samples: UploadSamples = new Map(clients.map((client) => [client.key, []]));
  const url = `${sink.url}${UPLOAD_TARGET}`;
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    const capture = checkContent && round < rounds.warmup;
    await sink.capture(capture ? scratch : undefined);
    for (const client of rotate(clients, round)) {
      const what = `${client.label} of ${sizeText(expected.size)}`;
      const { run, records } = await timed(client.invocation(file, url), sink, scratch);
      expectExit(what, run);
      const { record, payloadStart } = checkedUpload(what, records, {
        ...expected,
        body: client.body,
      });
      if (capture) {
        if (!record.capturedTo) throw new Error(`${what}: the sink did not capture the body`);
        await checkCapturedPayload(what, record.capturedTo, payloadStart, file);
      }
      if (round < rounds.warmup) continue;
      samples.get(client.key)!.push({
        transferMBps: expected.size / MB / (record.bodyMs / 1000),
        endToEndMBps: expected.size / MB / (run.wallMs / 1000),
        rssMiB: run.maxRssMiB,
        cpuS: run.cpuS,
        framing: framingOf(record),
      });
    }
  }
  return samples;
}

interface UploadRow {
  key: string;
  label: string;
  transferMBps: number;
  /** The slowest and fastest run, to show how noisy the machine was. */
  transferRange: [number, number];
  vsBare: number;
  vsCurl: number;
  endToEndMBps: number;
  rssMiB: number;
  cpuS: number;
  framing: string;
}

function uploadRows(clients: UploadClient[], samples: UploadSamples): UploadRow[] {
  const of = (key: string) => samples.get(key)!;
  // Ratios pair each run with the reference's run of the same round.
  const ratio = (key: string, reference: string) =>
    median(of(key).map((s, round) => s.transferMBps / of(reference)[round].transferMBps));
  return clients.map((client) => {
    const runs = of(client.key);
    return {
      key: client.key,
      label: client.label,
      transferMBps: median(runs.map((s) => s.transferMBps)),
      transferRange: [
        Math.min(...runs.map((s) => s.transferMBps)),
        Math.max(...runs.map((s) => s.transferMBps)),
      ],
      vsBare: ratio(client.key, "bare"),
      vsCurl: ratio(client.key, "curl"),
      endToEndMBps: median(runs.map((s) => s.endToEndMBps)),
      rssMiB: median(runs.map((s) => s.rssMiB)),
      cpuS: median(runs.map((s) => s.cpuS)),
      framing: runs.at(-1)!.framing,
    };
  });
}

// ---------------------------------------------------------------- polling

interface PollingResult {
  seconds: number;
  interval: string;
  wallS: number;
  cpuS: number;
  polls: number;
}

async function benchPolling(
  launch: Launcher,
  options: Options,
  sink: Sink,
  scratch: string,
): Promise<PollingResult> {
  const args = [
    "build",
    "--package-id",
    PACKAGE_ID,
    "--version",
    "1.0.0",
    "--timeout",
    `${options.pollSeconds}s`,
    ...(options.pollInterval === undefined ? [] : ["--interval", options.pollInterval]),
  ];
  const what = `distropack-cli ${args.join(" ")}`;
  const { run, records } = await timed(launch.cli(args), sink, scratch);
  // Jobs that never finish: the CLI must give up with the timeout exit code.
  expectExit(what, run, 5);
  const triggers = records.filter((r) => r.method === "POST" && r.target.includes("build_package"));
  const polls = records.filter((r) => r.method === "GET" && r.target.includes("build_status"));
  if (triggers.length !== 1) throw new Error(`${what}: ${triggers.length} build triggers`);
  if (polls.length === 0) throw new Error(`${what}: never polled the build status`);
  return {
    seconds: options.pollSeconds,
    interval: options.pollInterval ?? "default",
    wallS: run.wallMs / 1000,
    cpuS: run.cpuS,
    polls: polls.length,
  };
}

// ---------------------------------------------------------------- report

async function commandText(program: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await new Deno.Command(program, { args, stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(stdout).trim();
  } catch {
    return "";
  }
}

async function machine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? "unknown CPU";
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const kernel = await commandText("uname", ["-sr"]);
  return `${model}, ${cores} cores, ${kernel}`;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const x = (value: number) => `${value.toFixed(2)}x`;
const mib = (value: number) => `${value.toFixed(1)} MiB`;
const secs = (value: number) => `${value.toFixed(2)} s`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

interface Results {
  options: Options;
  startup: StartupRow[];
  big: UploadRow[];
  small: UploadRow[];
  polling: PollingResult;
}

function verdict(ok: boolean): string {
  return ok ? "met" : "**not met**";
}

function targets(results: Results): string[] {
  const lines: string[] = [];
  const [floor, version, show] = results.startup;
  void floor;
  lines.push(
    `- Start-up within 1.5x the floor: \`--version\` ${x(version.ratio)}, \`config show\` ${
      x(show.ratio)
    }: ${verdict(Math.max(version.ratio, show.ratio) <= 1.5)}`,
  );
  const cliBig = results.big.find((row) => row.key === "cli");
  const cliSmall = results.small.find((row) => row.key === "cli");
  if (cliBig && cliSmall) {
    lines.push(
      `- Upload at least 0.9x the bare \`fetch\`: ${x(cliBig.vsBare)}: ${
        verdict(cliBig.vsBare >= 0.9)
      }`,
    );
    const growth = cliBig.rssMiB - cliSmall.rssMiB;
    lines.push(
      `- Peak RSS at most 100 MiB for ${sizeText(results.options.size)}: ${mib(cliBig.rssMiB)}: ${
        verdict(cliBig.rssMiB <= 100)
      }; within 16 MiB of the ${sizeText(results.options.smallSize)} figure: ${
        growth >= 0 ? "+" : ""
      }${mib(growth)}: ${verdict(growth <= 16)}`,
    );
    lines.push(`- Body framing the CLI sends (seen by the server): ${cliBig.framing}`);
  }
  const waiting = results.polling.cpuS - results.startup[2].cpuS;
  lines.push(
    `- Polling cost near zero: ${secs(waiting)} CPU beyond start-up while waiting ${
      secs(results.polling.wallS)
    } (target: under 1% of one core): ${
      verdict(waiting <= Math.max(0.02, 0.01 * results.polling.wallS))
    }`,
  );
  return lines;
}

async function render(results: Results, launch: Launcher): Promise<string> {
  const { options } = results;
  const deno = (await commandText(Deno.execPath(), ["--version"])).split("\n");
  const curl = (await commandText("curl", ["--version"])).split(" ").slice(0, 2).join(" ");
  const commit = await commandText("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"]);
  const dirty =
    (await commandText("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "main.ts"]))
      ? " plus uncommitted changes"
      : "";
  const date = new Date().toISOString().replace(/:\d\d\.\d+Z$/, " UTC").replace("T", " ");
  const small = sizeText(options.smallSize);
  const big = sizeText(options.size);
  const sections = [
    `# Benchmark results${options.quick ? " (quick mode: small sizes, few runs)" : ""}`,
    "",
    `- Date: ${date}`,
    `- Machine: ${await machine()}`,
    `- Runtime: ${deno[0]} (${deno.slice(1).join(", ")}); ${curl}`,
    `- CLI: ${launch.describe}, commit ${commit}${dirty}`,
    `- Method: medians of ${options.startupRuns} start-up runs and ${options.uploadRuns} ` +
    `upload runs per client, after warm-up (${options.warmup} start-up rounds, 1 upload round); ` +
    "clients take turns in " +
    "a rotating order; each ratio is the median of per-round ratios. The server is a separate " +
    "process that counts bytes. MB = 10^6 bytes.",
    "",
    "## Start-up",
    "",
    table(
      ["Command", "Wall time", "vs floor", "CPU", "Peak RSS"],
      results.startup.map((row) => [
        row.label,
        ms(row.wallMs),
        x(row.ratio),
        secs(row.cpuS),
        mib(row.rssMiB),
      ]),
    ),
    "",
    `## Upload throughput (${big} file)`,
    "",
    "Transfer: from the end of the request headers to the last body byte, as the server saw " +
    "it. End-to-end: the whole process, start-up included.",
    "",
    table(
      [
        "Client",
        "Transfer",
        "Slowest–fastest run",
        "vs bare fetch",
        "vs curl",
        "End-to-end",
        "Peak RSS",
        "CPU",
        "Body framing",
      ],
      results.big.map((row) => [
        row.label,
        `${row.transferMBps.toFixed(0)} MB/s`,
        `${row.transferRange[0].toFixed(0)}–${row.transferRange[1].toFixed(0)}`,
        x(row.vsBare),
        x(row.vsCurl),
        `${row.endToEndMBps.toFixed(0)} MB/s`,
        mib(row.rssMiB),
        secs(row.cpuS),
        row.framing,
      ]),
    ),
    "",
    "## Upload memory (peak RSS of the client process)",
    "",
    table(
      ["Client", small, big, "Growth"],
      results.big.map((row) => {
        const smallRow = results.small.find((s) => s.key === row.key)!;
        const growth = row.rssMiB - smallRow.rssMiB;
        return [
          row.label,
          mib(smallRow.rssMiB),
          mib(row.rssMiB),
          `${growth >= 0 ? "+" : ""}${mib(growth)}`,
        ];
      }),
    ),
    "",
    "## Polling cost",
    "",
    table(
      ["Run", "Wall time", "CPU (user + sys)", "Beyond start-up", "Status polls"],
      [[
        `\`build\` waiting ${results.polling.seconds} s on jobs that stay running ` +
        `(interval: ${results.polling.interval})`,
        secs(results.polling.wallS),
        secs(results.polling.cpuS),
        secs(results.polling.cpuS - results.startup[2].cpuS),
        String(results.polling.polls),
      ]],
    ),
    "",
    "Beyond start-up: minus the median CPU time of `config show`. GNU time counts CPU in " +
    "10 ms steps.",
    "",
    "## Against the targets",
    "",
    ...targets(results),
    "",
    "Reproduce: `deno task bench` (full run, writes this file) or `deno task bench --quick`.",
    "",
  ];
  return sections.join("\n");
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  await requireGnuTime();
  if (!(await commandText("curl", ["--version"]))) {
    throw new Error("curl is needed as the reference client: apt-get install curl");
  }
  const started = performance.now();
  await using scratch = await scratchDir();
  await using sink = await Sink.start(scratch.path);
  const home = `${scratch.path}/home`;
  await Deno.mkdir(home);
  const launch = await launcher(home, sink.url, scratch.path);
  const progress = (text: string) => console.error(`bench: ${text}`);

  progress("start-up");
  const startup = await benchStartup(launch, options, sink, scratch.path);

  const clients = uploadClients(launch);
  const rounds = { warmup: 1, runs: options.uploadRuns };
  const uploads: UploadRow[][] = [];
  for (const size of [options.smallSize, options.size]) {
    progress(`uploads of ${sizeText(size)}`);
    const file = `${scratch.path}/release-${size}.tar.gz`;
    const expected = await makeFile(file, size);
    // Every byte is compared at the small size; at the large one, size, head and tail.
    const checkContent = size === options.smallSize;
    const samples = await benchUploads(
      clients,
      expected,
      file,
      rounds,
      sink,
      scratch.path,
      checkContent,
    );
    uploads.push(uploadRows(clients, samples));
    await Deno.remove(file);
  }

  progress(`build waiting ${options.pollSeconds} s`);
  const polling = await benchPolling(launch, options, sink, scratch.path);

  const markdown = await render(
    { options, startup, small: uploads[0], big: uploads[1], polling },
    launch,
  );
  if (options.output) {
    await Deno.writeTextFile(options.output, markdown);
    // Formatted the way `deno task check` wants it (aligned tables, wrapped lines).
    const formatted = await new Deno.Command(Deno.execPath(), {
      args: ["fmt", "--quiet", options.output],
      cwd: ROOT,
    }).output();
    if (!formatted.success) throw new Error(`deno fmt failed on ${options.output}`);
    console.log(await Deno.readTextFile(options.output));
    progress(`wrote ${options.output}`);
  } else {
    console.log(markdown);
  }
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
}
