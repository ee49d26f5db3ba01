// deno-lint-ignore-file no-console
/**
 * `deno task bench`: start-up time, upload throughput and memory, polling
 * cost and the release flow of the CLI, each beside a reference measured in
 * the same run (the runtime's empty-script floor, curl, a bare `fetch`, the
 * script `publish` replaces), because shared machines are noisy and only
 * same-run ratios mean something.
 *
 * Every figure is the median of several runs after warm-up runs; the clients
 * take turns in a rotating order. The CLI runs exactly as users run it from
 * source (or the binary named by DISTROPACK_CLI_BIN). A client that fails,
 * or a server that receives anything but exactly the file, fails the bench.
 *
 *   deno task bench            full run; writes bench/RESULTS.md
 *   deno task bench --quick    small sizes, few runs, figures not judged
 *                              (CI keeps the bench alive with it)
 *
 * Options: --size, --small-size (e.g. 1GiB, 64MiB), --runs N, --warmup N
 * (start-up warm-up rounds; uploads take one), --poll-seconds S,
 * --output PATH ("-" for none), --baseline REF (a git ref: the CLI at that
 * commit, from `git archive`, runs each start-up command in the same rounds,
 * and each is judged no slower than it; from source only, not with
 * DISTROPACK_CLI_BIN), --bundle (the CLI under test is the code-split bundle
 * of the working tree, scripts/bundle.ts, rather than its source), --gate
 * (the CI gate of _budget.ts: implies --bundle and --baseline b615878, the
 * budget's, and exits 1 when a figure is clearly beyond noise; quick runs
 * then take 11 start-up rounds).
 *
 * Layout: _launch.ts (processes, files, the shared context), _baseline.ts
 * (the --baseline tree), _measure.ts (GNU time, medians, quantiles),
 * _modules.ts (what a run loads), _budget.ts (the bundle's budget, the gate),
 * _sink.ts + sink_server.ts (the server and its checks), _startup.ts,
 * _upload.ts, _release.ts (the figures), _report.ts.
 */
import { parseArgs } from "node:util";
import {
  type Bench,
  launcher,
  makeFile,
  parseSize,
  REPO_ROOT,
  scratchDir,
  sizeText,
} from "./_launch.ts";
import { findGnuTime } from "./_measure.ts";
import { Sink } from "./_sink.ts";
import { benchStartup } from "./_startup.ts";
import { benchUploads, REF_ID, type UploadRow } from "./_upload.ts";
import { benchPolling, benchRelease } from "./_release.ts";
import { render } from "./_report.ts";
import { BUDGET, gateVerdicts } from "./_budget.ts";

interface Options {
  quick: boolean;
  size: number;
  smallSize: number;
  startupRuns: number;
  uploadRuns: number;
  releaseRuns: number;
  /** Start-up warm-up rounds; uploads take one, the release flow one (none when quick). */
  warmup: number;
  releaseWarmup: number;
  pollSeconds: number;
  /** Interval for `build`; undefined keeps the CLI's default, as users run it. */
  pollInterval: string | undefined;
  output: string | undefined;
  /** The git ref of `--baseline`; undefined: no baseline. */
  baselineRef: string | undefined;
  /** The CLI under test is the bundle of the working tree. */
  bundle: boolean;
  /** Judge the gate of _budget.ts and exit 1 when it fails. */
  gate: boolean;
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
      baseline: { type: "string" },
      bundle: { type: "boolean", default: false },
      gate: { type: "boolean", default: false },
    },
  });
  const quick = values.quick;
  const number = (text: string | undefined, fallback: number) =>
    text === undefined ? fallback : Number(text);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  const output = values.output ?? (quick ? undefined : `${REPO_ROOT}bench/RESULTS.md`);
  return {
    quick,
    size: parseSize(values.size ?? (quick ? "32MiB" : "1GiB")),
    smallSize: parseSize(values["small-size"] ?? (quick ? "8MiB" : "64MiB")),
    // Enough rounds that the median of per-round ratios is good to about ±1%; the
    // gate's quick runs take enough that one slow round does not move the median.
    startupRuns: runs ?? (quick ? (values.gate ? 11 : 3) : 201),
    uploadRuns: runs ?? (quick ? 2 : 9),
    releaseRuns: runs ?? (quick ? 1 : 5),
    warmup: number(values.warmup, quick ? 1 : 2),
    releaseWarmup: quick ? 0 : 1,
    pollSeconds: number(values["poll-seconds"], quick ? 2 : 30),
    pollInterval: quick ? "1" : undefined,
    output: output === "-" ? undefined : output,
    baselineRef: values.baseline ?? (values.gate ? BUDGET.baseline : undefined),
    bundle: values.bundle || values.gate,
    gate: values.gate,
  };
}

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
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || navigator.hardwareConcurrency;
  const kernel = await commandText("uname", ["-sr"]) || Deno.build.os;
  return `${model}, ${cores} cores, ${kernel}`;
}

/** Date, machine, versions, the CLI's commit and how figures were taken. */
async function header(options: Options, bench: Bench): Promise<string[]> {
  const deno = (await commandText(Deno.execPath(), ["--version"])).split("\n");
  const curl = (await commandText("curl", ["--version"])).split(" ").slice(0, 2).join(" ");
  const commit = await commandText("git", ["-C", REPO_ROOT, "rev-parse", "--short", "HEAD"]);
  const status = ["-C", REPO_ROOT, "status", "--porcelain", "--", "src", "main.ts"];
  const dirty = (await commandText("git", status)) ? " plus uncommitted changes" : "";
  const baseline = bench.launch.baseline
    ? `; baseline: commit ${bench.launch.baseline.commit} from \`git archive\`, run ` +
      (options.bundle ? "from source with the same flags" : "the same way")
    : "";
  const date = new Date().toISOString().replace(/:\d\d\.\d+Z$/, " UTC").replace("T", " ");
  return [
    `- Date: ${date}`,
    `- Machine: ${await machine()}`,
    `- Runtime: ${deno[0]} (${deno.slice(1).join(", ")}); ${curl}`,
    `- CLI: ${bench.launch.describe}, commit ${commit}${dirty}${baseline}`,
    `- Method: medians of ${options.startupRuns} start-up runs, ${options.uploadRuns} upload ` +
    `runs per client and ${options.releaseRuns} release-flow runs, after warm-up ` +
    `(${options.warmup} start-up rounds, 1 upload round, ${options.releaseWarmup} release ` +
    "round); clients take turns in a " +
    "rotating order; each ratio is the median of per-round ratios. The server is a separate " +
    "process that counts bytes. MB = 10^6 bytes." +
    (bench.gnuTime ? "" : " No GNU time here: CPU and memory are n/a."),
  ];
}

async function main(): Promise<void> {
  const options = parseOptions(Deno.args);
  const gnuTime = await findGnuTime();
  if (!gnuTime && !options.quick) {
    throw new Error("GNU time is needed for CPU and memory figures: apt-get install time");
  }
  if (!(await commandText("curl", ["--version"]))) {
    throw new Error("curl is needed as the reference client: apt-get install curl");
  }
  const started = performance.now();
  await using scratch = await scratchDir();
  await using sink = await Sink.start(scratch.path);
  const home = `${scratch.path}/home`;
  await Deno.mkdir(home);
  const progress = (text: string) => console.error(`bench: ${text}`);
  if (options.baselineRef !== undefined) progress(`baseline ${options.baselineRef}`);
  if (options.bundle) progress("bundle");
  const launch = await launcher(home, sink.url, scratch.path, {
    baselineRef: options.baselineRef,
    fromBundle: options.bundle,
  });
  const bench: Bench = { launch, sink, scratch: scratch.path, gnuTime };

  progress("start-up");
  const oneByte = `${scratch.path}/one-byte.txt`;
  const startup = await benchStartup(
    bench,
    { warmup: options.warmup, runs: options.startupRuns },
    { path: oneByte, expected: await makeFile(oneByte, 1, "startup") },
  );

  const uploads: UploadRow[][] = [];
  for (const size of [options.smallSize, options.size]) {
    progress(`uploads of ${sizeText(size)}`);
    const path = `${scratch.path}/release-${size}.tar.gz`;
    const expected = await makeFile(path, size, REF_ID);
    // Every byte is compared at the small size; at the large one, size, head and tail.
    const rounds = { warmup: 1, runs: options.uploadRuns };
    uploads.push(await benchUploads(bench, { path, expected }, rounds, size === options.smallSize));
    await Deno.remove(path);
  }

  progress(`build waiting ${options.pollSeconds} s`);
  const polling = await benchPolling(bench, options.pollSeconds, options.pollInterval);

  progress("release flow");
  const releaseRounds = { warmup: options.releaseWarmup, runs: options.releaseRuns };
  const release = await benchRelease(bench, releaseRounds, options.quick);

  const markdown = render(
    {
      ...options,
      startup,
      small: uploads[0],
      big: uploads[1],
      polling,
      release,
      baseline: launch.baseline?.commit,
      bundle: options.bundle,
    },
    await header(options, bench),
  );
  await write(markdown, options.output);
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (options.gate) {
    const verdicts = gateVerdicts(startup);
    for (const { ok, text } of verdicts) console.error(`gate: ${ok ? "ok" : "FAILED"}: ${text}`);
    if (verdicts.length === 0) throw new Error("the gate judged nothing: no baseline ran");
    if (verdicts.some((v) => !v.ok)) {
      throw new Error("start-up regressed beyond noise (gate: FAILED above)");
    }
  }
}

/** Prints the results, and writes them formatted the way `deno task check` wants. */
async function write(markdown: string, output: string | undefined): Promise<void> {
  if (!output) {
    console.log(markdown);
    return;
  }
  await Deno.writeTextFile(output, markdown);
  const formatted = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", output],
    cwd: REPO_ROOT,
  }).output();
  if (!formatted.success) throw new Error(`deno fmt failed on ${output}`);
  console.log(await Deno.readTextFile(output));
  console.error(`bench: wrote ${output}`);
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : error}`);
  Deno.exitCode = 1;
}
