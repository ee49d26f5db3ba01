/**
 * Build figures: what waiting costs (`build` polling jobs that stay
 * running), and a whole release, `publish` of three files plus the build,
 * against the script it replaces (three `upload` processes, then `build`).
 */
import { type Bench, makeFile, MiB, PACKAGE_ID, sizeText, timed } from "./_launch.ts";
import { checkedUpload, checkUploads, type ExpectedUpload, type SinkRecord } from "./_sink.ts";
import { expectExit, measure, median, rotate } from "./_measure.ts";

export interface PollingResult {
  seconds: number;
  interval: string;
  wallS: number;
  cpuS: number;
  polls: number;
}

/** Throws unless `records` hold one build trigger and at least one status poll. */
function checkBuild(what: string, records: SinkRecord[]): number {
  const triggers = records.filter((r) => r.method === "POST" && r.target.includes("build_package"));
  const polls = records.filter((r) => r.method === "GET" && r.target.includes("build_status"));
  if (triggers.length !== 1) throw new Error(`${what}: ${triggers.length} build triggers`);
  if (polls.length === 0) throw new Error(`${what}: never polled the build status`);
  return polls.length;
}

/** `build` waits `seconds` on jobs that never finish; `interval` undefined: the CLI's default. */
export async function benchPolling(
  bench: Bench,
  seconds: number,
  interval: string | undefined,
): Promise<PollingResult> {
  const args = [
    ...["build", "--package-id", PACKAGE_ID, "--version", "1.0.0", "--timeout", `${seconds}s`],
    // Each run is a fresh release: not resumed from the record the run before left.
    "--rebuild",
    ...(interval === undefined ? [] : ["--interval", interval]),
  ];
  await bench.sink.jobs("running");
  const what = `distropack-cli ${args.join(" ")}`;
  const { run, records } = await timed(bench, bench.launch.cli(args));
  // Jobs that never finish: the CLI must give up with the timeout exit code.
  expectExit(what, run, 5);
  const polls = checkBuild(what, records);
  return {
    seconds,
    interval: interval ?? "default",
    wallS: run.wallMs / 1000,
    cpuS: run.cpuS,
    polls,
  };
}

export interface Totals {
  wallS: number;
  cpuS: number;
}

export type ReleaseResult =
  | { available: false; why: string }
  | {
    available: true;
    files: { refId: string; size: number }[];
    runs: number;
    publish: Totals;
    script: Totals;
    /** Medians of per-round ratios, publish over script. */
    wallRatio: number;
    cpuRatio: number;
  };

/** Whether this CLI has `publish`: its own help, not the root help for an unknown word. */
async function publishAvailable(bench: Bench): Promise<string | undefined> {
  const run = await measure(bench.launch.cli(["publish", "--help"]), bench.scratch, undefined);
  await bench.sink.takeRecords();
  if (run.code !== 0) return `\`publish --help\` exited ${run.code}`;
  if (!/usage:.*\bpublish\b/i.test(run.stdout)) return "`publish --help` shows the root help";
  return undefined;
}

/** A fresh build of 1.0.0 each time: `--rebuild`, not resumed from the previous run's record. */
const BUILD = [
  ...["--package-id", PACKAGE_ID, "--version", "1.0.0", "--interval", "0.05", "--rebuild"],
];

/** One `publish` of `files`, checked; returns its figures. */
async function publishOnce(bench: Bench, files: ReleaseFile[]): Promise<Totals> {
  const args = ["publish", ...BUILD, ...files.flatMap((f) => ["--file", `${f.refId}=${f.path}`])];
  const { run, records } = await timed(bench, bench.launch.cli(args));
  expectExit("publish", run);
  checkUploads("publish", records, files.map((f) => f.expected));
  checkBuild("publish", records);
  return { wallS: run.wallMs / 1000, cpuS: run.cpuS };
}

/** The script `publish` replaces, process after process, checked; returns the sums. */
async function scriptOnce(bench: Bench, files: ReleaseFile[]): Promise<Totals> {
  const totals = { wallS: 0, cpuS: 0 };
  const step = async (what: string, args: string[], check: (r: SinkRecord[]) => unknown) => {
    const { run, records } = await timed(bench, bench.launch.cli(args));
    expectExit(what, run);
    check(records);
    totals.wallS += run.wallMs / 1000;
    totals.cpuS += run.cpuS;
  };
  for (const file of files) {
    const args = [
      "upload",
      "--package-id",
      PACKAGE_ID,
      "--ref-id",
      file.refId,
      "--file",
      file.path,
    ];
    await step(`upload ${file.refId}`, args, (r) => checkedUpload("upload", r, file.expected));
  }
  await step("build", ["build", ...BUILD], (r) => checkBuild("build", r));
  return totals;
}

interface ReleaseFile {
  refId: string;
  path: string;
  expected: ExpectedUpload;
}

/** Release files of 64 MiB, 8 MiB and 100 KiB (`quick`: 8 MiB, 1 MiB, 100 KiB). */
export async function benchRelease(
  bench: Bench,
  rounds: { warmup: number; runs: number },
  quick: boolean,
): Promise<ReleaseResult> {
  const why = await publishAvailable(bench);
  if (why) return { available: false, why };
  const sizes = quick ? [8 * MiB, MiB, 100 * 1024] : [64 * MiB, 8 * MiB, 100 * 1024];
  const files: ReleaseFile[] = [];
  for (const [i, size] of sizes.entries()) {
    const refId = "abc"[i];
    const path = `${bench.scratch}/release-${refId}-${sizeText(size).replace(" ", "")}.bin`;
    files.push({ refId, path, expected: await makeFile(path, size, refId) });
  }
  await bench.sink.jobs("finished");
  const publish: Totals[] = [];
  const script: Totals[] = [];
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    for (const flow of rotate(["publish", "script"], round)) {
      const totals = flow === "publish"
        ? await publishOnce(bench, files)
        : await scriptOnce(bench, files);
      if (round >= rounds.warmup) (flow === "publish" ? publish : script).push(totals);
    }
  }
  await bench.sink.jobs("running");
  for (const file of files) await Deno.remove(file.path);
  const medianOf = (list: Totals[]) => ({
    wallS: median(list.map((t) => t.wallS)),
    cpuS: median(list.map((t) => t.cpuS)),
  });
  return {
    available: true,
    files: files.map((f) => ({ refId: f.refId, size: f.expected.size })),
    runs: rounds.runs,
    publish: medianOf(publish),
    script: medianOf(script),
    wallRatio: median(publish.map((p, i) => p.wallS / script[i].wallS)),
    cpuRatio: median(publish.map((p, i) => p.cpuS / script[i].cpuS)),
  };
}
