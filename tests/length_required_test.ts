/**
 * Servers and proxies that refuse chunked bodies (411 Length Required) get
 * the upload again framed with Content-Length, streamed from the file.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ApiClient } from "../src/api/client.ts";
import { FileChanged } from "../src/api/errors.ts";
import { cli as cliProcess } from "./helpers/cli.ts";
import { cli } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, type RecordedRequest, sha256, TOKEN } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";

function assertChunkedThenSized(requests: RecordedRequest[], bytes: Uint8Array) {
  assert.equal(requests.length, 2);
  const [chunked, sized] = requests;
  assert.equal(chunked.headers["transfer-encoding"], "chunked");
  assert.equal(chunked.headers["content-length"], undefined);
  assert.equal(sized.headers["transfer-encoding"], undefined);
  assert.equal(Number(sized.headers["content-length"]), sized.bodySize);
  assert.equal(sized.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(sized.file?.size, bytes.length);
  assert.equal(sized.file?.sha256, sha256(bytes));
}

Deno.test("a server that refuses chunked bodies (411) gets the upload again with Content-Length, byte for byte", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ lengthRequired: true });
  const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
  const path = `${home.path}/app.tar.gz`;
  await Deno.writeFile(path, bytes);
  const run = await cli(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  assertChunkedThenSized(server.requests, bytes);
  const notes = run.stderr.split("\n").filter((line) => /411/.test(line));
  assert.deepEqual(notes, [
    "Note: the server does not take bodies sent in chunks (HTTP 411); " +
    "sending again with the length announced (Content-Length).",
  ]);
  assert.doesNotMatch(run.stderr, /again from the start|attempt 2|retrying|Error/i);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("the real CLI, under its permission set, uploads with Content-Length after a 411", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ lengthRequired: true });
  const bytes = new Uint8Array(randomBytes(200_000));
  const path = `${home.path}/small.bin`;
  await Deno.writeFile(path, bytes);
  const run = await cliProcess(
    ["upload", "--debug", "--package-id", "p", "--ref-id", "r", "--file", path],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  assertChunkedThenSized(server.requests, bytes);
  assert.match(run.stderr, /Content-Length: \d+ \(the server refuses chunked bodies\)/);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("build triggers and status polls are sized already, so a server needing lengths takes them", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ lengthRequired: true, jobIds: ["j-1"] });
  const run = await cli(
    ["build", "--package-id", "p", "--version", "1.0", "--interval", "0.05"],
    { env: apiEnv(server, home) },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(server.requests.map((r) => r.endpoint), ["build_package", "build_status"]);
  assert.equal(server.requests[0].headers["content-length"], String(server.requests[0].bodySize));
  assert.equal(server.requests[0].fields.version, "1.0");
  assert.doesNotMatch(run.stderr, /411/);
});

Deno.test("a file that changes between the 411 and the sized upload fails with FileChanged", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ lengthRequired: true });
  const path = `${home.path}/grows.bin`;
  await Deno.writeFile(path, new Uint8Array(100_000));
  const notices: string[] = [];
  const api = new ApiClient({
    baseUrl: server.url,
    token: server.token,
    userAgent: "test",
    sleep: () => Promise.resolve(),
    now: Date.now,
    log: { debug: () => {}, notice: (line) => notices.push(line) },
  });
  let opened = 0;
  const upload = api.uploadFile({
    packageId: "p",
    refId: "r",
    filename: "grows.bin",
    size: 100_000,
    open: async () => {
      if (++opened === 2) await Deno.writeFile(path, new Uint8Array(10), { append: true });
      return await Deno.open(path);
    },
  });
  await assert.rejects(upload, (error: Error) => {
    assert.ok(error instanceof FileChanged, String(error));
    assert.equal(error.readBytes > 100_000, true);
    return true;
  });
  assert.equal(opened, 2);
  assert.equal(notices.length, 1);
  // The sized request was cut short: the server never gets a complete-looking file.
  await server.waitFor((request) => request.headers["content-length"] !== undefined);
  assert.equal(server.to("upload_file").length, 2);
  assert.equal(server.to("upload_file")[1].file, undefined);
});
