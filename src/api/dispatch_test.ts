import assert from "node:assert/strict";
import { ApiClient } from "./client.ts";
import { InvalidRequest } from "./errors.ts";

Deno.test("through a SOCKS proxy the sized upload fails at once, naming the proxy and why", async () => {
  const path = await Deno.makeTempFile({ prefix: "distropack-dispatch-" });
  try {
    await Deno.writeFile(path, new Uint8Array(1000));
    let calls = 0;
    const api = new ApiClient({
      baseUrl: "https://api.example",
      token: "dp_test_Secr3t-token-0123456789abcdef",
      userAgent: "test",
      sleep: () => Promise.resolve(),
      now: Date.now,
      log: { debug: () => {}, notice: () => {} },
      env: (name) => name === "HTTPS_PROXY" ? "socks5://127.0.0.1:1080" : undefined,
      fetch: (async (_input: string, init: RequestInit) => {
        calls++;
        await new Response(init.body).arrayBuffer();
        return new Response("Length Required", { status: 411 });
      }) as typeof fetch,
    });
    const upload = api.uploadFile({
      packageId: "p",
      refId: "r",
      filename: "app.bin",
      size: 1000,
      open: () => Deno.open(path),
    });
    await assert.rejects(upload, (error: Error) => {
      assert.ok(error instanceof InvalidRequest, String(error));
      assert.equal(error.subject, "proxy");
      assert.match(error.message, /HTTP 411.*SOCKS proxy 127\.0\.0\.1:1080 \(from HTTPS_PROXY\)/);
      return true;
    });
    assert.equal(calls, 1);
  } finally {
    await Deno.remove(path);
  }
});
