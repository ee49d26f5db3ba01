/**
 * Uploads the server answers before it has the whole body, or refuses: never
 * reported as uploaded, never built from, each failure said once with what
 * to check.
 */
import assert from "node:assert/strict";
import { fakeCli } from "./helpers/cli.ts";
import { fileWith } from "./helpers/temp.ts";

/** A clock 100 times faster than the real one, so retry backoff passes quickly. */
function fastClock(factor = 100) {
  const start = Date.now();
  return {
    monotonic: () => start + (Date.now() - start) * factor,
    sleep: (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms / factor);
        signal?.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      }),
  };
}

/** A file big enough that its body is still being sent when an early answer arrives. */
async function bigFile(dir: string): Promise<string> {
  const path = `${dir}/big.deb`;
  await Deno.writeFile(path, new Uint8Array(48 * 1024 * 1024).fill(1));
  return path;
}

Deno.test("an upload answered 200 before its body was sent is not reported as uploaded, nor its bytes", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", ...Array(5).fill({ early: 200 }));
  const path = await bigFile(cli.home);
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "deb", "--file", path, "--json"],
    { clock: fastClock() },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /answered before the whole file was sent \(it said HTTP 200 while the file was still being sent\); the upload is not complete/,
  );
  assert.doesNotMatch(run.stdout + run.stderr, /successfully/);
  const document = JSON.parse(run.stdout);
  assert.equal(document.bytes, undefined);
  assert.equal(document.error.code, "network");
  // Repeating an upload is safe: every attempt was made.
  assert.equal(cli.server.to("upload_file").length, 5);
});

Deno.test("an upload answered early once is sent again, and reported whole once the server has it all", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", { early: 200 });
  const path = await bigFile(cli.home);
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "deb", "--file", path, "--json"],
    { clock: fastClock() },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /answered before the whole file was sent\); retrying/);
  assert.equal(JSON.parse(run.stdout).bytes, 48 * 1024 * 1024);
  const [early, whole] = cli.server.to("upload_file");
  assert.equal(early.file, undefined);
  assert.equal(whole.file?.size, 48 * 1024 * 1024);
});

Deno.test("publish does not build when an upload was answered before its body was sent", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", ...Array(5).fill({ early: 200 }));
  const path = await bigFile(cli.home);
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", `deb=${path}`, "--json"],
    { clock: fastClock() },
  );
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.deepEqual(document.uploads, []);
  assert.equal(document.build, null);
  assert.match(document.error.message, /No build was triggered\./);
  assert.equal(cli.server.to("build_package").length, 0);
});

Deno.test("an upload sent with its length (after a 411) and answered early is not reported as uploaded either", async () => {
  await using cli = await fakeCli({ lengthRequired: true });
  cli.server.plan("upload_file", ...Array(5).fill({ early: 200 }));
  const path = await bigFile(cli.home);
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "deb", "--file", path],
    { clock: fastClock() },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /\(HTTP 411\)/);
  assert.match(run.stderr, /answered before the whole file was sent/);
  assert.doesNotMatch(run.stdout + run.stderr, /successfully/);
  const sized = cli.server.to("upload_file").filter((request) => request.headers["content-length"]);
  assert.equal(sized.length, 5);
});

// A refused token is an auth failure (exit 3) in publish as in upload.

Deno.test("publish with a token refused on an upload (401) exits 3 with code auth, sending no build", async () => {
  await using cli = await fakeCli();
  const path = await fileWith(cli.home, "a.deb", new Uint8Array(10));
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", `deb=${path}`, "--json"],
    { env: { DISTROPACK_API_TOKEN: "dp_wrong_token_000000000000" } },
  );
  assert.equal(run.code, 3, run.stderr);
  const { error } = JSON.parse(run.stdout);
  assert.equal(error.code, "auth");
  assert.equal(error.exit_code, 3);
  assert.match(error.message, /^Could not upload .*a\.deb \(slot deb\): Unauthorized/);
  assert.match(error.message, /Uploaded slots: none\. No build was triggered\.$/);
  assert.equal(cli.server.to("build_package").length, 0);
});

Deno.test("publish with a token refused on one slot (403) exits 3, naming the file once", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", { status: 403, body: "No access to this slot" });
  const path = await fileWith(cli.home, "a.deb", new Uint8Array(10));
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", `deb=${path}`],
  );
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /Could not upload .*a\.deb \(slot deb\): Forbidden \(HTTP 403\)/);
  assert.match(run.stderr, /No access to this slot\. Check the package id/);
});

Deno.test("publish's upload failure says 'Could not upload' once, and the server's text ends before the CLI's", async () => {
  await using cli = await fakeCli();
  cli.server.refusedSlots.add("deb");
  const path = await fileWith(cli.home, "a.deb", new Uint8Array(10));
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", `deb=${path}`],
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /Could not upload .*a\.deb \(slot deb\): the server answered HTTP 400 Bad Request: Unknown file slot\. Uploaded slots: none\. No build was triggered\./,
  );
  assert.equal(run.stderr.match(/Could not upload/g)?.length, 1, run.stderr);
});

Deno.test("troubleshooting shows the error an upload refused with an empty 400 really prints", async () => {
  const guide = await Deno.readTextFile(new URL("../docs/troubleshooting.md", import.meta.url));
  const shown = /^Error: Could not upload the file to slot '([^']+)' of package (\S+):.*$/m.exec(
    guide,
  );
  assert.ok(shown, "docs/troubleshooting.md shows no refused upload");
  const [line, slot, packageId] = shown;
  await using cli = await fakeCli();
  cli.server.plan("upload_file", { status: 400, body: "" });
  const path = await fileWith(cli.home, "a.tar.gz", new Uint8Array(10));
  const run = await cli.run(
    ["upload", "--package-id", packageId, "--ref-id", slot, "--file", path],
  );
  assert.equal(run.code, 1);
  assert.equal(run.stderr.trimEnd().split("\n").at(-1), line);
});

Deno.test("publish's upload answered 400 with an empty body says what to check, once, before what arrived", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", { status: 400, body: "" });
  const path = await fileWith(cli.home, "a.deb", new Uint8Array(10));
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", `deb=${path}`],
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /Could not upload .*a\.deb \(slot deb\): the server answered HTTP 400 Bad Request\. The server did not say why: check that the package has a file slot with the access name 'deb' .* and that p is the package's id\. Uploaded slots: none\. No build was triggered\./,
  );
  assert.equal(run.stderr.match(/Could not upload/g)?.length, 1, run.stderr);
});
