import assert from "node:assert/strict";
import { isLoopbackHost, parseBaseUrl } from "./base_url.ts";
import { UsageError } from "../errors.ts";

Deno.test("parseBaseUrl accepts https and drops trailing slashes", () => {
  assert.equal(parseBaseUrl("https://distropack.dev"), "https://distropack.dev");
  assert.equal(parseBaseUrl("https://distropack.dev/"), "https://distropack.dev");
  assert.equal(
    parseBaseUrl(" https://Example.COM:8443/prefix// "),
    "https://example.com:8443/prefix",
  );
});

Deno.test("parseBaseUrl allows plain http only for loopback hosts", () => {
  assert.equal(parseBaseUrl("http://localhost:8080/"), "http://localhost:8080");
  assert.equal(parseBaseUrl("http://127.0.0.1:9"), "http://127.0.0.1:9");
  assert.equal(parseBaseUrl("http://127.1"), "http://127.0.0.1");
  assert.equal(parseBaseUrl("http://[::1]:8080"), "http://[::1]:8080");
  for (const url of ["http://distropack.dev", "http://10.0.0.1", "http://localhost.evil.com"]) {
    assert.throws(() => parseBaseUrl(url), /plain http would send the API token unencrypted/);
  }
});

Deno.test("parseBaseUrl refuses what is not an absolute https URL", () => {
  for (const url of ["distropack.dev", "", "/api", "ftp://x.dev", "file:///etc/passwd"]) {
    assert.throws(() => parseBaseUrl(url), UsageError, url);
  }
});

Deno.test("parseBaseUrl refuses credentials, queries and fragments without echoing a password", () => {
  assert.throws(() => parseBaseUrl("https://u:secret@x.dev"), (error: Error) => {
    assert.doesNotMatch(error.message, /secret/);
    return true;
  });
  assert.throws(() => parseBaseUrl("https://x.dev/?a=1"), /query or fragment/);
  assert.throws(() => parseBaseUrl("https://x.dev/#top"), /query or fragment/);
});

Deno.test("isLoopbackHost knows localhost, 127.0.0.0/8 and ::1, and nothing else", () => {
  for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "[::1]"]) {
    assert.ok(isLoopbackHost(host), host);
  }
  for (
    const host of [
      "128.0.0.1",
      "localhost.com",
      "app.localhost",
      "localhost.",
      "0.0.0.0",
      "[::2]",
      "10.0.0.1",
    ]
  ) {
    assert.ok(!isLoopbackHost(host), host);
  }
});
