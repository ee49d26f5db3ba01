/**
 * Answers of any size: every answer is read only up to what its endpoint can
 * hold, so a server that sends a huge answer, or one that never ends, gets
 * the answer called garbled (a wait rides it out, a trigger may have started
 * builds), the connection dropped, and memory that stays small.
 */
import assert from "node:assert/strict";
import { cliCommand } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, type StreamedAnswer } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";
import { sleep as realSleep } from "../src/sleep.ts";

const FAST = ["--interval", "0.05"];
const MiB = 1024 * 1024;

/** How an endless answer ended: the client hung up, or it stalled (the client stopped reading but kept the connection). */
async function ending(stream: StreamedAnswer | undefined): Promise<string> {
  assert.ok(stream, "no endless answer was sent");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<string>((resolve) => (timer = setTimeout(resolve, 5000, "stalled")));
  try {
    return await Promise.race([stream.ended, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** The client stopped reading early and hung up: far less than the server's 64 MiB left. */
async function assertCutShort(stream: StreamedAnswer | undefined, most = 24 * MiB) {
  assert.equal(await ending(stream), "cancelled");
  assert.ok(stream!.bytes < most, `${stream!.bytes} bytes were sent before the client hung up`);
}

Deno.test("an endless build trigger answer is garbled: exit 1, the build may have started, sent once", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", { endless: { prefix: '{"jobIds":["j-1"' } });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /Could not start the build: the answer from 127\.0\.0\.1:\d+ could not be read \(it is larger than the 64\.0 KiB such an answer may hold\)\. The request was sent, so the build may have started: check the dashboard/,
  );
  assert.equal(server.to("build_package").length, 1);
  assert.equal(server.to("build_status").length, 0);
  await assertCutShort(server.streams[0], 8 * MiB);
});

Deno.test("an endless status answer during a wait is ridden out like an outage, read only so far", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.plan("build_status", { endless: { prefix: '{"jobs":[' } }, {
    endless: { prefix: "[" },
  });
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", ...FAST], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Could not get the build status \(unreadable answer\); retrying/);
  assert.match(run.stdout, /All builds finished successfully!/);
  assert.equal(server.streams.length, 2);
  for (const stream of server.streams) await assertCutShort(stream);
});

Deno.test("a one-off status whose answers never end fails as garbled, and never reads them whole", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_status", ...Array(5).fill({ endless: {} }));
  // The retries' backoff, 100 times faster.
  const clock = {
    monotonic: () => performance.now(),
    sleep: (ms: number, s?: AbortSignal) => realSleep(ms / 100, s),
  };
  const run = await runInProcess(["status", "j-1"], { env: apiEnv(server, home), clock });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /Could not get the build status: the answer from .* could not be read \(it is larger than the 8\.0 MiB such an answer may hold\)/,
  );
  assert.equal(server.streams.length, 5);
  for (const stream of server.streams) await assertCutShort(stream);
});

Deno.test("an answer announced larger than its limit is refused without reading it", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const big = JSON.stringify({ jobIds: ["j-1"], pad: "x".repeat(70 * 1024) });
  server.plan("build_package", { status: 200, body: big });
  const run = await runInProcess(["build", "--no-wait", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /larger than the 64\.0 KiB such an answer may hold/);
  assert.match(run.stderr, /may have started/);
});

Deno.test("an endless error body is read only for its start: the status and the message stand", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_package", {
    endless: { status: 409, prefix: "Version 1 is not newer than 1." },
  });
  const refused = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: apiEnv(server, home),
  });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /HTTP 409 Conflict: Version 1 is not newer than 1\./);
  assert.doesNotMatch(refused.stderr, /may have started/);
  server.plan("build_status", { endless: { status: 401, prefix: "Unauthorized" } });
  const unauthorized = await runInProcess(["status", "j-1"], { env: apiEnv(server, home) });
  assert.equal(unauthorized.code, 3, unauthorized.stderr);
  assert.match(unauthorized.stderr, /Unauthorized: the server refused the API token \(HTTP 401\)/);
  for (const stream of server.streams) await assertCutShort(stream, 8 * MiB);
});

Deno.test("an upload answered with an endless body is retried, the answer cut short, chunked or sized", async () => {
  await using home = await tempHome();
  const file = `${home.path}/app.tar.gz`;
  await Deno.writeFile(file, new Uint8Array(300_000).fill(3));
  for (const lengthRequired of [false, true]) {
    await using server = FakeServer.start({ lengthRequired });
    server.plan("upload_file", { endless: { prefix: "File uploaded." } });
    const run = await runInProcess(
      ["upload", "--package-id", "p", "--ref-id", "tarball", "--file", file],
      { env: apiEnv(server, home) },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Could not upload the file \(unreadable answer\); retrying/);
    assert.equal(run.stdout, "File uploaded successfully!\n");
    await assertCutShort(server.streams[0]);
  }
});

/** Runs the CLI as a process and returns how it ended and its peak memory (VmHWM), in KiB. */
async function peakMemory(args: string[], env: Record<string, string>) {
  const child = (await cliCommand(args, { env, stdin: "null" })).spawn();
  let peakKiB = 0;
  const watching = (async () => {
    while (true) {
      try {
        const text = await Deno.readTextFile(`/proc/${child.pid}/status`);
        peakKiB = Math.max(peakKiB, Number(/^VmHWM:\s+(\d+) kB$/m.exec(text)?.[1] ?? 0));
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const { code, stderr } = await child.output();
  await watching;
  assert.ok(peakKiB > 0, "the process's memory was never read");
  return { code, stderr: new TextDecoder().decode(stderr), peakMiB: Math.round(peakKiB / 1024) };
}

Deno.test({
  name: "memory stays under 200 MiB with endless status answers, and with the largest one allowed",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    await using home = await tempHome();
    await using server = FakeServer.start();
    const ids = Array.from({ length: 100 }, (_, i) => `6f1c2a9e-0000-4000-8000-${i}`);
    // Endless answers, then a whole one just under the limit: 100 failed jobs, 75 KiB each.
    server.plan("build_status", ...Array(2).fill({ endless: { prefix: '{"jobs":[' } }));
    const message = "dependency resolution failed: " + "libfoo \u00e9 ".repeat(7_500);
    for (const id of ids) server.script(id, { status: "failed", failMessage: message });
    const run = await peakMemory(["status", ids.join(",")], apiEnv(server, home));
    assert.equal(run.code, 4, run.stderr);
    assert.ok(run.peakMiB < 200, `the CLI reached ${run.peakMiB} MiB`);
    for (const stream of server.streams) await assertCutShort(stream);
  },
});
