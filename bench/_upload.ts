/**
 * Upload throughput and memory: `distropack-cli upload` beside curl (a
 * native client) and a bare `fetch` of the file's own stream (the runtime's
 * ceiling), taking turns on the same file. Every upload is checked: the sink
 * must have received exactly the file.
 */
import { type Bench, PACKAGE_ID, sizeText, timed, uploadTarget } from "./_launch.ts";
import {
  checkCapturedPayload,
  checkedUpload,
  type ExpectedUpload,
  type SinkRecord,
} from "./_sink.ts";
import { expectExit, type Invocation, median, rotate } from "./_measure.ts";

export const REF_ID = "source-tarball";
const MB = 1e6;

export type ClientKey = "cli" | "curl" | "bare";

interface UploadClient {
  key: ClientKey;
  label: string;
  body: "multipart" | "raw";
  invocation(file: string, url: string): Invocation;
}

function uploadClients(bench: Bench): UploadClient[] {
  const { launch, scratch } = bench;
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
        launch.program("curl", [
          "-sS",
          "--fail",
          "-o",
          `${scratch}/curl.out`,
          "-F",
          `file=@${file}`,
          url,
        ]),
    },
    {
      key: "bare",
      label: "bare `fetch` with `file.readable` as body",
      body: "raw",
      invocation: (file, url) => launch.script("bench/bare_upload.ts", [url, file]),
    },
  ];
}

export interface UploadRow {
  key: ClientKey;
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

interface UploadSample {
  transferMBps: number;
  endToEndMBps: number;
  rssMiB: number;
  cpuS: number;
  framing: string;
}

function framingOf(record: SinkRecord): string {
  if (record.framing === "chunked") {
    const average = record.bodyBytes / Math.max(1, record.chunks);
    return `chunked (${record.chunks} chunks, ~${Math.round(average / 1024)} KiB each)`;
  }
  return record.framing === "content-length" ? "Content-Length" : "none";
}

/**
 * Uploads `file` with every client, `rounds.warmup` + `rounds.runs` times. In
 * warm-up rounds the sink writes each body to disk and every byte is
 * compared with the file when `checkContent`; otherwise size, head and tail.
 */
export async function benchUploads(
  bench: Bench,
  file: { path: string; expected: ExpectedUpload },
  rounds: { warmup: number; runs: number },
  checkContent: boolean,
): Promise<UploadRow[]> {
  const clients = uploadClients(bench);
  const samples = new Map(clients.map((client) => [client.key, [] as UploadSample[]]));
  const { expected } = file;
  const url = `${bench.sink.url}${uploadTarget(REF_ID)}`;
  for (let round = 0; round < rounds.warmup + rounds.runs; round++) {
    const capture = checkContent && round < rounds.warmup;
    await bench.sink.capture(capture ? bench.scratch : undefined);
    for (const client of rotate(clients, round)) {
      const what = `${client.label} of ${sizeText(expected.size)}`;
      const { run, records } = await timed(bench, client.invocation(file.path, url));
      expectExit(what, run);
      const { record, payloadStart } = checkedUpload(what, records, {
        ...expected,
        body: client.body,
      });
      if (capture) {
        if (!record.capturedTo) throw new Error(`${what}: the sink did not capture the body`);
        await checkCapturedPayload(what, record.capturedTo, payloadStart, file.path);
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
  await bench.sink.capture(undefined);
  return rows(clients, samples);
}

function rows(clients: UploadClient[], samples: Map<ClientKey, UploadSample[]>): UploadRow[] {
  const of = (key: ClientKey) => samples.get(key)!;
  // Ratios pair each run with the reference's run of the same round.
  const ratio = (key: ClientKey, reference: ClientKey) =>
    median(of(key).map((s, round) => s.transferMBps / of(reference)[round].transferMBps));
  return clients.map((client) => {
    const runs = of(client.key);
    const transfer = runs.map((s) => s.transferMBps);
    return {
      key: client.key,
      label: client.label,
      transferMBps: median(transfer),
      transferRange: [Math.min(...transfer), Math.max(...transfer)],
      vsBare: ratio(client.key, "bare"),
      vsCurl: ratio(client.key, "curl"),
      endToEndMBps: median(runs.map((s) => s.endToEndMBps)),
      rssMiB: median(runs.map((s) => s.rssMiB)),
      cpuS: median(runs.map((s) => s.cpuS)),
      framing: runs.at(-1)!.framing,
    };
  });
}
