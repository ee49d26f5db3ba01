import assert from "node:assert/strict";
import { ApiClient, type ClientOptions } from "./client.ts";
import { Aborted, FileChanged, HttpError, InvalidRequest, NetworkFailure } from "./errors.ts";
import { classifyNetworkError } from "./failed_attempt.ts";
import type { ByteSource } from "./multipart.ts";

type FakeFetch = (url: string, init: RequestInit) => Promise<Response>;

function client(respond: FakeFetch, options: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const calls: string[] = [];
  const api = new ApiClient({
    baseUrl: "https://api.example",
    token: "tok-123",
    userAgent: "test",
    signal: new AbortController().signal,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    now: () => Date.parse("2025-01-01T00:00:00Z"),
    log: { debug: () => {}, notice: () => {} },
    random: () => 0,
    backoff: { baseMs: 100, capMs: 1000 },
    fetch: ((input: string | URL | Request, init?: RequestInit) => {
      calls.push(String(input));
      return respond(String(input), init ?? {});
    }) as typeof globalThis.fetch,
    ...options,
  });
  return { api, sleeps, calls };
}

/** A fetch that never answers, until its signal aborts. */
const silent: FakeFetch = (_url, init) =>
  new Promise((_, reject) => {
    init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
  });

const status = { jobs: [], allFinished: false, anyFailed: false };

Deno.test("a build trigger that gets no answer in time fails as a timeout and is not repeated", async () => {
  const { api, calls } = client(silent, { answerTimeoutMs: 30 });
  await assert.rejects(api.triggerBuild("p", "1"), (error: Error) => {
    assert.ok(error instanceof NetworkFailure);
    assert.equal(error.kind, "timeout");
    assert.equal(error.call, "trigger");
    assert.match(error.message, /timed out \(no answer for .*\)\.$/);
    return true;
  });
  assert.equal(calls.length, 1);
});

Deno.test("a status poll that gets no answer in time is retried with backoff", async () => {
  const { api, calls, sleeps } = client(silent, { answerTimeoutMs: 20, retries: 2 });
  await assert.rejects(api.buildStatus(["j"]), NetworkFailure);
  assert.equal(calls.length, 3);
  assert.deepEqual(sleeps, [50, 100]);
});

Deno.test("Retry-After is waited for, in seconds or as a date", async () => {
  const answers = [
    new Response("busy", { status: 503, headers: { "retry-after": "7" } }),
    new Response("busy", {
      status: 429,
      headers: { "retry-after": "Wed, 01 Jan 2025 00:00:03 GMT" },
    }),
    Response.json(status),
  ];
  const { api, sleeps } = client(() => Promise.resolve(answers.shift()!));
  await api.buildStatus(["j"]);
  assert.deepEqual(sleeps, [7000, 3000]);
});

Deno.test("a Retry-After longer than the CLI will wait ends the retries", async () => {
  const { api, calls } = client(() =>
    Promise.resolve(new Response("later", { status: 503, headers: { "retry-after": "3600" } }))
  );
  await assert.rejects(api.buildStatus(["j"]), HttpError);
  assert.equal(calls.length, 1);
});

/** A file of `chunks` reads of 1 KiB. */
function source(chunks: number): ByteSource {
  let left = chunks;
  return {
    read: (buffer) => Promise.resolve(left-- > 0 ? Math.min(1024, buffer.length) : null),
    close: () => {},
  };
}

/** A fetch that reads the upload body with `pauseMs` between chunks, then answers 200. */
function reader(pauseMs: number, stopAfter = Infinity, silentAtEnd = false): FakeFetch {
  return async (_url, init) => {
    const body = (init.body as ReadableStream<Uint8Array>).getReader();
    for (let read = 0;; read++) {
      if (read >= stopAfter) return await silent(_url, init);
      const { done } = await Promise.race([
        body.read(),
        new Promise<never>((_, reject) =>
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason))
        ),
      ]);
      if (done) return silentAtEnd ? await silent(_url, init) : new Response("ok");
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  };
}

Deno.test("an upload is bounded by inactivity, not by its total time", async () => {
  const { api, calls } = client(reader(10), { inactivityTimeoutMs: 200, answerTimeoutMs: 1 });
  // 30 chunks at 10 ms each take longer than the answer timeout, yet move all the time.
  const started = performance.now();
  await api.uploadFile({
    packageId: "p",
    refId: "r",
    filename: "f",
    size: 30 * 1024,
    open: () => Promise.resolve(source(30)),
  });
  assert.ok(performance.now() - started >= 250, "the upload took its 30 slow chunks");
  assert.equal(calls.length, 1, "one attempt: no timeout cut it short");
});

Deno.test("an upload that stops moving fails as a timeout and is retried from the start", async () => {
  let opened = 0;
  const { api, calls } = client(reader(0, 3), { inactivityTimeoutMs: 30, retries: 1 });
  await assert.rejects(
    api.uploadFile({
      packageId: "p",
      refId: "r",
      filename: "f",
      size: 100 * 1024,
      open: () => {
        opened++;
        return Promise.resolve(source(100));
      },
    }),
    (error: Error) => error instanceof NetworkFailure && /no upload progress/.test(error.message),
  );
  assert.equal(calls.length, 2);
  assert.equal(opened, 2);
});

Deno.test("classifyNetworkError reads Deno's fetch errors", () => {
  const fetchError = (cause: string) => new TypeError("fetch failed", { cause: new Error(cause) });
  const cases: Array<[string, string]> = [
    [
      "error sending request for url (http://127.0.0.1:1/): client error (Connect): tcp connect error: Connection refused (os error 111)",
      "refused",
    ],
    [
      "error sending request for url (http://x.invalid/): client error (Connect): dns error: failed to lookup address information: Name or service not known",
      "dns",
    ],
    [
      "error sending request for url (https://x/): client error (Connect): invalid peer certificate: UnknownIssuer",
      "tls",
    ],
    [
      "error sending request for url (https://x/): client error (Connect): tls handshake eof",
      "tls",
    ],
    [
      "error sending request for url (https://x/): client error (Connect): connection timed out",
      "connect",
    ],
    [
      "error sending request from 127.0.0.1:1 for http://127.0.0.1:2/ (127.0.0.1:2): client error (SendRequest): invalid HTTP header parsed",
      "garbled",
    ],
    ["Fetch failed: Requests to port 1 are blocked", "blocked"],
    [
      "error sending request from 127.0.0.1:1 for http://127.0.0.1:2/ (127.0.0.1:2): client error (SendRequest): connection closed before message completed",
      "reset",
    ],
  ];
  for (const [cause, kind] of cases) {
    assert.equal(classifyNetworkError(fetchError(cause)), kind, cause);
  }
});

Deno.test("a caller's signal stops a request at once with its reason, and nothing is retried", async () => {
  const { api, calls } = client(silent, { answerTimeoutMs: 60_000, retries: 3 });
  const controller = new AbortController();
  const reason = new Error("the command's --timeout passed");
  setTimeout(() => controller.abort(reason), 20);
  const started = performance.now();
  await assert.rejects(api.buildStatus(["j"], { signal: controller.signal }), (error) => {
    assert.ok(error instanceof Aborted);
    assert.equal(error.reason, reason);
    return true;
  });
  assert.ok(performance.now() - started < 1000);
  assert.equal(calls.length, 1);
});

Deno.test("a caller's signal during the wait between attempts ends the retries", async () => {
  const controller = new AbortController();
  const { api, calls } = client(
    () => Promise.resolve(new Response("busy", { status: 503 })),
    {
      sleep: (_ms, signal) => {
        controller.abort("stop");
        return Promise.reject(signal?.reason);
      },
    },
  );
  await assert.rejects(api.buildStatus(["j"], { signal: controller.signal }), Aborted);
  assert.equal(calls.length, 1);
});

Deno.test("a token that cannot travel in a header fails before sending, and is not retried", async () => {
  const { api, calls } = client(() => Promise.resolve(Response.json(status)), {
    token: "tok\u0100en",
  });
  await assert.rejects(api.buildStatus(["j"]), (error) => {
    assert.ok(error instanceof InvalidRequest);
    assert.equal(error.subject, "token");
    assert.ok(!error.message.includes("tok\u0100en"));
    return true;
  });
  assert.equal(calls.length, 0);
});

Deno.test("an upload waits for answers no longer than its budget, over all attempts", async () => {
  // Reads the whole body, then never answers.
  const { api, calls } = client(reader(0, Infinity, true), {
    uploadAnswerTimeoutMs: 60,
    retries: 4,
  });
  const started = performance.now();
  await assert.rejects(
    api.uploadFile({
      packageId: "p",
      refId: "r",
      filename: "f",
      size: 2 * 1024,
      open: () => Promise.resolve(source(2)),
    }),
    (error) => error instanceof NetworkFailure && /no answer after the upload/.test(error.message),
  );
  assert.equal(calls.length, 1);
  assert.ok(performance.now() - started < 1000);
});

Deno.test("a file that changes while it is uploaded fails with FileChanged, unretried", async () => {
  const { api, calls } = client(reader(0), { retries: 3 });
  await assert.rejects(
    api.uploadFile({
      packageId: "p",
      refId: "r",
      filename: "a.bin",
      size: 10 * 1024,
      open: () => Promise.resolve(source(4)),
    }),
    (error) =>
      error instanceof FileChanged && /a\.bin changed while it was read/.test(error.message),
  );
  assert.equal(calls.length, 1);
});

Deno.test("build_status fields of any type are normalized, never crashing", async () => {
  const answer = {
    jobs: [
      { jobId: "a", status: 3, name: 7, failMessage: { x: 1 }, technicalError: ["e"] },
      { jobId: "b", status: null },
      { jobId: "c", name: "rpm" },
      { jobId: "d", status: "cancelled", failMessage: true },
      { status: "finished" },
      "junk",
      null,
    ],
    allFinished: true,
    anyFailed: "yes",
  };
  const { api } = client(() => Promise.resolve(Response.json(answer)));
  assert.deepEqual(await api.buildStatus(["a", "b", "c", "d"]), {
    jobs: [
      { jobId: "a", status: "3", name: "7", failMessage: '{"x":1}', technicalError: '["e"]' },
      { jobId: "b", status: null, name: null, failMessage: null, technicalError: null },
      { jobId: "c", status: null, name: "rpm", failMessage: null, technicalError: null },
      { jobId: "d", status: "cancelled", name: null, failMessage: "true", technicalError: null },
    ],
    allFinished: true,
    anyFailed: false,
  });
});
