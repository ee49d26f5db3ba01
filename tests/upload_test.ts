import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { cliCommand } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { freePort, TOKEN } from "./helpers/fake_server.ts";
import { fileWith, tempDir, tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

function assertNoToken(run: { stdout: string; stderr: string }) {
  assert.ok(!run.stdout.includes(TOKEN), "token in stdout");
  assert.ok(!run.stderr.includes(TOKEN), "token in stderr");
}

Deno.test("upload sends the file byte for byte as the multipart body, with the exact request contract", async () => {
  await using cli = await fakeCli();
  const bytes = new Uint8Array(randomBytes(200_000));
  const path = await fileWith(cli.home, "app 1.0+b.tar.gz", bytes);
  const run = await cli.run(
    ["upload", "--package-id", "pkg/ü 1", "--ref-id", "source+tarball&x", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, "File uploaded successfully!\n");
  assert.equal(cli.server.requests.length, 1);
  const [request] = cli.server.requests;
  assert.equal(request.method, "POST");
  assert.equal(request.path, "/api/upload_file");
  assert.equal(request.rawQuery, "packageId=pkg%2F%C3%BC%201&accessName=source%2Btarball%26x");
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(
    request.headers["user-agent"],
    /^distropack-cli\/\d+\.\d+\.\d+\S* \((linux|darwin|windows); (x86_64|aarch64)\)$/,
  );
  assert.match(request.headers["content-type"], /^multipart\/form-data; boundary=\S+$/);
  assert.equal(request.file?.field, "file");
  assert.equal(request.file?.filename, "app 1.0+b.tar.gz");
  assert.equal(request.file?.contentType, "application/octet-stream");
  assert.deepEqual(request.file?.bytes, bytes);
  assertNoToken(run);
});

Deno.test("upload without a terminal prints a start line, each quarter and a finish line", async () => {
  await using cli = await fakeCli();
  const path = await fileWith(cli.home, "big.bin", new Uint8Array(4 * 1024 * 1024));
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stderr.trimEnd().split("\n");
  assert.match(lines[0], /^Uploading big\.bin \(4\.0 MiB\) to package p, slot r\.\.\.$/);
  assert.match(lines[1], /^Uploaded 25% /);
  assert.match(lines[2], /^Uploaded 50% /);
  assert.match(lines[3], /^Uploaded 75% /);
  assert.match(lines[4], /^Uploaded 4\.0 MiB in \S+ \(.*\/s\)\.$/);
  assert.equal(lines.length, 5);
  assert.equal(cli.server.requests[0].file?.size, 4 * 1024 * 1024);
});

Deno.test("upload --json prints exactly the upload document on stdout", async () => {
  await using cli = await fakeCli();
  const path = await fileWith(cli.home, "notes.md", new TextEncoder().encode("# 1.0\n"));
  const run = await cli.run(
    ["upload", "--json", "--ref-id", "changelog", "--file", path],
    { env: { DISTROPACK_PACKAGE_ID: "pkg-from-env" } },
  );
  assert.equal(run.code, 0, run.stderr);
  const { seconds, ...document } = JSON.parse(run.stdout);
  assert.deepEqual(document, {
    package_id: "pkg-from-env",
    ref_id: "changelog",
    file: path,
    bytes: 6,
  });
  assert.equal(typeof seconds, "number");
  assert.match(run.stderr, /File uploaded successfully!/);
  assert.equal(cli.server.requests[0].query.get("packageId"), "pkg-from-env");
});

Deno.test("upload --quiet prints nothing on stderr", async () => {
  await using cli = await fakeCli();
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(1000));
  const run = await cli.run(
    ["upload", "--quiet", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
});

Deno.test("upload without a package id is a usage error naming --package-id and DISTROPACK_PACKAGE_ID", async () => {
  await using cli = await fakeCli();
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(10));
  const run = await cli.run(["upload", "--ref-id", "r", "--file", path]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--package-id.*DISTROPACK_PACKAGE_ID/);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("upload of a missing file, a directory or a pipe names the path and sends nothing", async () => {
  await using cli = await fakeCli();
  const cases: Array<[string, RegExp]> = [
    [`${cli.home}/nope.tar.gz`, /File not found: .*nope\.tar\.gz/],
    [cli.home, /is a directory/],
  ];
  if (Deno.build.os !== "windows") {
    const fifo = `${cli.home}/fifo`;
    const mkfifo = await new Deno.Command("mkfifo", { args: [fifo] }).output();
    assert.equal(mkfifo.code, 0);
    cases.push([fifo, /fifo is not a regular file/]);
  }
  for (const [path, message] of cases) {
    const run = await cli.run(
      ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
    );
    assert.equal(run.code, 1, path);
    assert.match(run.stderr, message);
    assert.ok(run.stderr.includes(path), run.stderr);
  }
  assert.equal(cli.server.requests.length, 0);
});

Deno.test({
  name: "upload of an unreadable file says permission denied and sends nothing",
  // root reads any file whatever its mode.
  ignore: Deno.build.os === "windows" || Deno.uid() === 0,
  fn: async () => {
    await using cli = await fakeCli();
    const path = await fileWith(cli.home, "secret.bin", new Uint8Array(10));
    await Deno.chmod(path, 0o000);
    const run = await cli.run(
      ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
    );
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Cannot read .*secret\.bin: permission denied/);
    assert.equal(cli.server.requests.length, 0);
  },
});

Deno.test("upload retries after a broken connection and streams the whole file again", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", "reset");
  const bytes = new Uint8Array(randomBytes(300_000));
  const path = await fileWith(cli.home, "a.tar.gz", bytes);
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("upload_file").length, 2);
  assert.deepEqual(cli.server.requests[1].file?.bytes, bytes);
  assert.match(run.stderr, /Could not upload the file \(connection broken\); retrying in /);
  assert.match(run.stderr, /Uploading a\.tar\.gz again from the start \(attempt 2\)\./);
});

Deno.test("upload honours Retry-After on 503 and 429, then succeeds", async () => {
  await using cli = await fakeCli();
  cli.server.plan(
    "upload_file",
    { status: 503, body: "Maintenance", headers: { "retry-after": "0" } },
    { status: 429, body: "Slow down", headers: { "retry-after": "0" } },
  );
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(100));
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.to("upload_file").length, 3);
  assert.match(run.stderr, /\(HTTP 503\); retrying in 0 s \(attempt 2 of 5\)/);
  assert.match(run.stderr, /\(HTTP 429\); retrying in 0 s \(attempt 3 of 5\)/);
});

Deno.test("upload gives up after five attempts with the server's message and exit 1", async () => {
  await using cli = await fakeCli();
  const busy = { status: 503, body: "Down for maintenance", headers: { "retry-after": "0" } };
  cli.server.plan("upload_file", busy, busy, busy, busy, busy);
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(100));
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 1);
  assert.equal(cli.server.to("upload_file").length, 5);
  assert.match(
    run.stderr,
    /Error: Could not upload the file: the server answered HTTP 503 Service Unavailable: Down for maintenance/,
  );
});

Deno.test("upload shows a refusal's message cut to a few hundred characters, and does not retry it", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", {
    status: 400,
    body: "Unknown slot. " + "x".repeat(5000),
    headers: { "x-request-id": "req-42" },
  });
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(10));
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "nope", "--file", path],
  );
  assert.equal(run.code, 1);
  assert.equal(cli.server.requests.length, 1);
  assert.match(run.stderr, /HTTP 400 Bad Request \(request id req-42\): Unknown slot\. x+\.\.\.\n/);
  assert.ok(!run.stderr.includes("x".repeat(400)));
});

Deno.test("an upload answered 400 with an empty body names the slot and the package to check", async () => {
  await using cli = await fakeCli();
  cli.server.plan("upload_file", { status: 400, body: "" });
  const path = await fileWith(cli.home, "a.bin", new Uint8Array(10));
  const run = await cli.run(
    ["upload", "--package-id", "pkg-7", "--ref-id", "source-tarbal", "--file", path, "--json"],
  );
  assert.equal(run.code, 1);
  assert.equal(cli.server.requests.length, 1);
  const { error } = JSON.parse(run.stdout);
  assert.equal(error.code, "api");
  assert.match(
    error.message,
    /^Could not upload the file to slot 'source-tarbal' of package pkg-7: the server answered HTTP 400 Bad Request\. The server did not say why: check that the package has a file slot with the access name 'source-tarbal' .*and that pkg-7 is the package's id\.$/,
  );
  assert.ok(run.stderr.endsWith(`Error: ${error.message}\n`), run.stderr);
});

Deno.test("upload streams a sparse 512 MiB file and the server receives every byte", async () => {
  await using dir = await tempDir();
  await using cli = await fakeCli();
  const size = 512 * 1024 * 1024;
  const path = `${dir.path}/sparse.img`;
  const file = await Deno.open(path, { create: true, write: true });
  await file.truncate(size);
  file.close();
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "image", "--file", path, "--json"],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).bytes, size);
  const [request] = cli.server.requests;
  assert.equal(request.file?.size, size);
  assert.equal(request.file?.filename, "sparse.img");
  const zeros = createHash("sha256");
  const block = new Uint8Array(8 * 1024 * 1024);
  for (let done = 0; done < size; done += block.length) zeros.update(block);
  assert.equal(request.file?.sha256, zeros.digest("hex"));
  // The body is streamed, so Deno's fetch frames it in chunks rather than with a length.
  assert.equal(request.headers["transfer-encoding"], "chunked");
});

Deno.test("upload to a host that refuses the connection claims no progress", async () => {
  await using home = await tempHome();
  // Small enough that the first chunk the runtime takes before connecting is over half of it.
  const path = await fileWith(home.path, "big.bin", new Uint8Array(96 * 1024));
  const run = await runInProcess(["upload", "--package-id", "p", "--ref-id", "r", "--file", path], {
    env: {
      ...home.env,
      DISTROPACK_API_URL: `http://127.0.0.1:${freePort()}`,
      DISTROPACK_API_TOKEN: TOKEN,
    },
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /refused the connection/);
  assert.doesNotMatch(run.stderr, /Uploaded/);
});

Deno.test("a file truncated while it uploads fails, unretried, and the server gets no complete file", async () => {
  await using cli = await fakeCli({ readPauseMs: 5 });
  const size = 32 * 1024 * 1024;
  const path = await fileWith(cli.home, "growing.log", new Uint8Array(size));
  const child = (await cliCommand(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
    { env: cli.env() },
  )).spawn();
  await child.stdin.close();
  await cli.server.waitForBytes(2 * 1024 * 1024);
  await Deno.truncate(path, 1024 * 1024);
  const { code, stderr } = await child.output();
  const text = new TextDecoder().decode(stderr);
  assert.equal(code, 1, text);
  assert.match(
    text,
    /Error: Could not upload the file: growing\.log changed while it was read \(it ended after \d+ of the 33554432 bytes announced\)/,
  );
  await cli.server.waitFor(() => true);
  assert.equal(cli.server.to("upload_file").length, 1);
  assert.equal(cli.server.requests[0].file, undefined);
  assert.ok(cli.server.requests[0].bodySize < size);
});
