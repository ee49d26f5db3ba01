/**
 * What every part of the bench shares: how the CLI, its floor and the
 * reference clients are started (with a clean environment), the sink, the
 * scratch directory and test files, and one timed run.
 */
import { fileURLToPath } from "node:url";
import { type ExpectedUpload, Sink, type SinkRecord } from "./_sink.ts";
import { type Invocation, measure, type Measured } from "./_measure.ts";
import { baselineTree } from "./_baseline.ts";
import { runnerDenoDir } from "../tests/helpers/process.ts";
import { bundle, bundleEntry } from "../scripts/bundle.ts";

export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
export const MiB = 1024 * 1024;
export const PACKAGE_ID = "550e8400-e29b-41d4-a716-446655440000";
const TOKEN = "dp_bench_0123456789abcdef";

/** The upload endpoint for one file slot, as the sink records it. */
export function uploadTarget(refId: string): string {
  return `/api/upload_file?packageId=${PACKAGE_ID}&accessName=${refId}`;
}

/** How the CLI, the floor and the helper scripts are started. */
export interface Launcher {
  describe: string;
  cli(args: string[]): Invocation;
  floor(): Invocation;
  script(path: string, args: string[]): Invocation;
  program(program: string, args: string[]): Invocation;
  /**
   * With `--baseline`: the CLI at an earlier commit, run from its own tree
   * exactly as `cli` runs the current one (same runtime, flags and environment).
   */
  baseline?: { commit: string; cli(args: string[]): Invocation };
}

/** Everything a part of the bench needs to run and check a process. */
export interface Bench {
  launch: Launcher;
  sink: Sink;
  scratch: string;
  /** GNU time, for CPU and memory; undefined: wall time only. */
  gnuTime: string | undefined;
}

/** Runs `invocation` and returns its figures, with what the sink saw meanwhile. */
export async function timed(
  bench: Bench,
  invocation: Invocation,
): Promise<{ run: Measured; records: SinkRecord[] }> {
  const run = await measure(invocation, bench.scratch, bench.gnuTime);
  return { run, records: await bench.sink.takeRecords() };
}

/** The flags of the compiled binary (deno.json `compile` task): the CLI and its floor use them. */
const RUN_FLAGS = ["run", "--quiet", "--no-prompt", "--permission-set=cli"];

/**
 * How the processes are started; `baselineRef` (from source or the bundle)
 * adds `baseline`. With `fromBundle`, the CLI under test is the code-split
 * bundle of the working tree (scripts/bundle.ts, built into the scratch
 * directory), run with the same flags and deno.json's import map.
 */
export async function launcher(
  home: string,
  sinkUrl: string,
  scratch: string,
  { baselineRef, fromBundle = false }: { baselineRef?: string; fromBundle?: boolean } = {},
): Promise<Launcher> {
  const env = {
    PATH: Deno.env.get("PATH") ?? "",
    ...(Deno.build.os === "windows" ? { SystemRoot: Deno.env.get("SystemRoot") ?? "" } : {}),
    HOME: home,
    APPDATA: home,
    USERPROFILE: home,
    DENO_DIR: await runnerDenoDir(),
    DISTROPACK_API_URL: sinkUrl,
    DISTROPACK_API_TOKEN: TOKEN,
  };
  const at = (program: string, args: string[]): Invocation => ({
    program,
    args,
    env,
    cwd: REPO_ROOT,
  });
  const script = (path: string, args: string[]) =>
    at(Deno.execPath(), ["run", "--quiet", "--no-prompt", "-A", `${REPO_ROOT}${path}`, ...args]);
  const fromSource = () => at(Deno.execPath(), [...RUN_FLAGS, "bench/empty.ts"]);
  const source = (args: string[]) => at(Deno.execPath(), [...RUN_FLAGS, "main.ts", ...args]);
  const binary = Deno.env.get("DISTROPACK_CLI_BIN");
  if (binary && fromBundle) {
    throw new Error("--bundle and DISTROPACK_CLI_BIN name two CLIs to measure: unset one of them");
  }
  if (!binary) {
    const tree = baselineRef === undefined
      ? undefined
      : await baselineTree(REPO_ROOT, baselineRef, scratch, env);
    const entry = bundleEntry(`${scratch}/bundle`);
    if (fromBundle && !await bundle(`${scratch}/bundle`)) {
      throw new Error("--bundle: deno bundle failed (see above)");
    }
    const bundleFlags = [...RUN_FLAGS, `--config=${REPO_ROOT}deno.json`];
    const cli = fromBundle
      ? (args: string[]) => at(Deno.execPath(), [...bundleFlags, entry, ...args])
      : source;
    return {
      describe: fromBundle
        ? `the bundle of the working tree: \`deno ${RUN_FLAGS.join(" ")} --config=deno.json ` +
          "main.js`"
        : `from source: \`deno ${RUN_FLAGS.join(" ")} main.ts\``,
      cli,
      floor: fromSource,
      script,
      program: at,
      ...(tree && {
        baseline: { commit: tree.commit, cli: (args) => ({ ...source(args), cwd: tree.dir }) },
      }),
    };
  }
  if (baselineRef !== undefined) {
    throw new Error(
      "--baseline runs an earlier commit from source, so it cannot be used with " +
        "DISTROPACK_CLI_BIN (the compiled binary): unset one of them",
    );
  }
  // The floor of a compiled binary is the empty script compiled the same way
  // (which needs the runtime's downloadable `denort`; without it, the floor
  // stays the empty script run from source, and the results say so).
  const floorBinary = `${scratch}/empty`;
  const compiled = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "--quiet", "--permission-set=cli", "--output", floorBinary, "bench/empty.ts"],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const why = new TextDecoder().decode(compiled.stderr).split("\n")
    .find((line) => /error/i.test(line))?.trim();
  return {
    describe: `compiled binary \`${binary}\`` +
      (compiled.success ? "" : ` (floor run from source: cannot compile it here: ${why})`),
    cli: (args) => at(binary, args),
    floor: () => compiled.success ? at(floorBinary, []) : fromSource(),
    script,
    program: at,
  };
}

/** A scratch directory (the test files, an empty HOME) removed at the end. */
export async function scratchDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "distropack-bench-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

/**
 * A file of random bytes, written once (and so in the page cache), and what
 * the sink must receive when it is uploaded to `refId`. Random throughout,
 * so a chunk sent twice or out of place cannot match the file.
 */
export async function makeFile(path: string, size: number, refId: string): Promise<ExpectedUpload> {
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
    target: uploadTarget(refId),
    body: "multipart",
    size,
    fileHead: first ?? new Uint8Array(0),
    fileTail: last,
  };
}

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)?$/i.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text} (use e.g. 64MiB or 1GiB)`);
  const unit = { b: 1, kib: 1024, mib: MiB, gib: 1024 * MiB }[
    (match[2] ?? "B").toLowerCase() as "b"
  ];
  return Math.round(Number(match[1]) * unit);
}

export function sizeText(bytes: number): string {
  if (bytes >= 1024 * MiB && bytes % (1024 * MiB) === 0) return `${bytes / (1024 * MiB)} GiB`;
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}
