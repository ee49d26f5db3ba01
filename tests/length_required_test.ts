/**
 * Servers and proxies that refuse chunked bodies (411 Length Required) get
 * the upload again framed with Content-Length, streamed from the file.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ApiClient, type ClientOptions } from "../src/api/client.ts";
import { Aborted, FileChanged, NetworkFailure, RedirectRefused } from "../src/api/errors.ts";
import { runProcess } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { type RecordedRequest, sha256 } from "./helpers/recorded_request.ts";
import { RecordingProxy } from "./helpers/recording_proxy.ts";
import { tempHome } from "./helpers/temp.ts";
import { makeTestCa, skipWithoutOpenssl } from "./helpers/tls.ts";
import { fakeCli } from "./helpers/cli.ts";

/** Over https fetch speaks HTTP/2, which frames bodies without chunks nor a length. */
function assertChunkedThenSized(requests: RecordedRequest[], bytes: Uint8Array, http2 = false) {
  assert.equal(requests.length, 2);
  const [chunked, sized] = requests;
  assert.equal(chunked.headers["transfer-encoding"], http2 ? undefined : "chunked");
  assert.equal(chunked.headers["content-length"], undefined);
  assert.equal(sized.headers["transfer-encoding"], undefined);
  assert.equal(Number(sized.headers["content-length"]), sized.bodySize);
  assert.equal(sized.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(sized.file?.size, bytes.length);
  assert.equal(sized.file?.sha256, sha256(bytes));
}

function clientOptions(server: { url: string; token: string }): ClientOptions {
  return {
    baseUrl: server.url,
    token: server.token,
    userAgent: "test",
    sleep: () => Promise.resolve(),
    now: Date.now,
    log: { debug: () => {}, notice: () => {} },
  };
}

function upload(api: ApiClient, path: string, size: number, signal?: AbortSignal) {
  return api.uploadFile({
    packageId: "p",
    refId: "r",
    filename: "app.bin",
    size,
    open: () => Deno.open(path),
    signal,
  });
}

Deno.test("a server that refuses chunked bodies (411) gets the upload again with Content-Length, byte for byte", async () => {
  await using cli = await fakeCli({ lengthRequired: true });
  const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
  const path = `${cli.home}/app.tar.gz`;
  await Deno.writeFile(path, bytes);
  const run = await cli.run(
    ["upload", "--package-id", "p", "--ref-id", "r", "--file", path],
  );
  assert.equal(run.code, 0, run.stderr);
  assertChunkedThenSized(cli.server.requests, bytes);
  const notes = run.stderr.split("\n").filter((line) => /411/.test(line));
  assert.deepEqual(notes, [
    "Note: the server does not take bodies sent in chunks (HTTP 411); " +
    "sending again with the length announced (Content-Length).",
  ]);
  assert.doesNotMatch(run.stderr, /again from the start|attempt 2|retrying|Error/i);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("the real CLI, under its permission set, uploads with Content-Length after a 411", async () => {
  await using cli = await fakeCli({ lengthRequired: true });
  const bytes = new Uint8Array(randomBytes(3_000_000));
  const path = `${cli.home}/app.bin`;
  await Deno.writeFile(path, bytes);
  const run = await runProcess(
    ["upload", "--debug", "--package-id", "p", "--ref-id", "r", "--file", path],
    { env: cli.env() },
  );
  assert.equal(run.code, 0, run.stderr);
  assertChunkedThenSized(cli.server.requests, bytes);
  assert.match(run.stderr, /Content-Length: \d+ \(the server refuses chunked bodies\)/);
  assert.doesNotMatch(run.stderr, /warning/i);
  assert.ok(!run.stdout.includes(TOKEN) && !run.stderr.includes(TOKEN));
});

Deno.test("build triggers and status polls are sized already, so a server needing lengths takes them", async () => {
  await using cli = await fakeCli({ lengthRequired: true, jobIds: ["j-1"] });
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "1.0", "--interval", "0.05"],
  );
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(cli.server.requests.map((r) => r.endpoint), ["build_package", "build_status"]);
  assert.equal(
    cli.server.requests[0].headers["content-length"],
    String(cli.server.requests[0].bodySize),
  );
  assert.equal(cli.server.requests[0].fields.version, "1.0");
  assert.doesNotMatch(run.stderr, /411/);
});

Deno.test("a file that changes between the 411 and the sized upload fails with FileChanged", async () => {
  await using cli = await fakeCli({ lengthRequired: true });
  const path = `${cli.home}/grows.bin`;
  await Deno.writeFile(path, new Uint8Array(100_000));
  const notices: string[] = [];
  const api = new ApiClient({
    ...clientOptions(cli.server),
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
  await cli.server.waitFor((request) => request.headers["content-length"] !== undefined);
  assert.equal(cli.server.to("upload_file").length, 2);
  assert.equal(cli.server.to("upload_file")[1].file, undefined);
});

Deno.test({
  name: "the sized upload trusts SSL_CERT_FILE and crosses HTTPS_PROXY as a tunnel, like fetch",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca, lengthRequired: true });
    await using proxy = RecordingProxy.start();
    const bytes = new Uint8Array(randomBytes(1_500_000));
    const path = `${home.path}/app.bin`;
    await Deno.writeFile(path, bytes);
    const args = ["upload", "--package-id", "p", "--ref-id", "r", "--file", path];
    const env = apiEnv(server, home, { SSL_CERT_FILE: ca.caPath });
    const direct = await runInProcess(args, { env });
    assert.equal(direct.code, 0, direct.stderr);
    assertChunkedThenSized(server.requests, bytes, true);
    const withLogin = proxy.url.replace("//", "//u:p%40ss@");
    const proxied = await runInProcess(args, { env: { ...env, HTTPS_PROXY: withLogin } });
    assert.equal(proxied.code, 0, proxied.stderr);
    assertChunkedThenSized(server.requests.slice(2), bytes, true);
    assert.deepEqual(proxy.requests.map((request) => request.line), [
      `CONNECT 127.0.0.1:${server.port} HTTP/1.1`,
      `CONNECT 127.0.0.1:${server.port} HTTP/1.1`,
    ]);
    for (const request of proxy.requests) {
      assert.equal(request.headers["proxy-authorization"], `Basic ${btoa("u:p@ss")}`);
    }
    assert.ok(!JSON.stringify(proxy.requests).includes(TOKEN));
  },
});

Deno.test({
  name: "without SSL_CERT_FILE the sized upload refuses the unknown CA as a TLS failure",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca, lengthRequired: true });
    // The chunked attempt must get through to see the 411: trust the CA for fetch only.
    const trustedFetch = ((input: string, init: RequestInit) => {
      const client = Deno.createHttpClient({ caCerts: [Deno.readTextFileSync(ca.caPath)] });
      return fetch(input, { ...init, client } as RequestInit).finally(() => client.close());
    }) as typeof fetch;
    const strict = new ApiClient({ ...clientOptions(server), fetch: trustedFetch, retries: 0 });
    const path = `${home.path}/app.bin`;
    await Deno.writeFile(path, new Uint8Array(1000));
    await assert.rejects(upload(strict, path, 1000), (error: Error) => {
      assert.ok(error instanceof NetworkFailure, String(error));
      assert.equal(error.kind, "tls");
      return true;
    });
    assert.equal(server.requests.length, 1);
  },
});

Deno.test("the sized upload stops at once with the caller's signal", async () => {
  await using cli = await fakeCli({ lengthRequired: true, readPauseMs: 20 });
  // Larger than what socket buffers may hold, so the server cannot have it all.
  const size = 64 * 1024 * 1024;
  const path = `${cli.home}/app.bin`;
  await Deno.writeFile(path, new Uint8Array(size));
  const stop = new AbortController();
  cli.server.waitForBytes(512 * 1024).then(() => stop.abort(new Error("interrupted")));
  const started = Date.now();
  await assert.rejects(
    upload(new ApiClient(clientOptions(cli.server)), path, size, stop.signal),
    Aborted,
  );
  assert.ok(Date.now() - started < 2000, "the upload went on after the signal");
  assert.ok(cli.server.receivedBytes < size);
});

Deno.test("the sized upload is bounded by the inactivity deadline, like any upload", async () => {
  await using cli = await fakeCli({ lengthRequired: true, readPauseMs: 2000 });
  const size = 32 * 1024 * 1024;
  const path = `${cli.home}/app.bin`;
  await Deno.writeFile(path, new Uint8Array(size));
  const api = new ApiClient({ ...clientOptions(cli.server), inactivityTimeoutMs: 200, retries: 0 });
  await assert.rejects(upload(api, path, size), (error: Error) => {
    assert.ok(error instanceof NetworkFailure, String(error));
    assert.equal(error.kind, "timeout");
    assert.match(error.message, /no upload progress/);
    return true;
  });
});

Deno.test("the sized upload follows a same-origin redirect and refuses another origin's", async () => {
  await using cli = await fakeCli({ lengthRequired: true });
  const path = `${cli.home}/app.bin`;
  await Deno.writeFile(path, new Uint8Array(1000));
  const api = new ApiClient(clientOptions(cli.server));
  cli.server.plan("upload_file", { redirect: "/api/upload_file?packageId=p&accessName=r" });
  await upload(api, path, 1000);
  assert.deepEqual(
    cli.server.requests.map((request) => request.headers["content-length"] ?? "chunked"),
    ["chunked", String(cli.server.requests[1].bodySize), String(cli.server.requests[1].bodySize)],
  );
  cli.server.plan("upload_file", {
    redirect: `http://localhost:${cli.server.port}/api/upload_file`,
  });
  await assert.rejects(upload(api, path, 1000), RedirectRefused);
  assert.equal(cli.server.requests.length, 4);
});
