import assert from "node:assert/strict";
import { allowsPlainHttp, clearTextWarning, isLoopbackHost, parseBaseUrl } from "./base_url.ts";
import { envFromRecord } from "./env.ts";
import { CliError, UsageError } from "../errors.ts";

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

Deno.test("parseBaseUrl allows plain http to any host only when asked to", () => {
  for (const url of ["http://staging.internal:8080", "http://10.0.0.1"]) {
    assert.throws(() => parseBaseUrl(url, "base URL", false), /DISTROPACK_ALLOW_HTTP=1/);
    assert.equal(parseBaseUrl(url + "/", "base URL", true), url);
  }
  // The opt-in is about http only: other schemes and credentials stay refused.
  assert.throws(() => parseBaseUrl("ftp://x.dev", "base URL", true), UsageError);
  assert.throws(() => parseBaseUrl("http://u:p@x.dev", "base URL", true), /user name or password/);
});

Deno.test("allowsPlainHttp is true for 1, false when unset or blank, and an error otherwise", () => {
  const allows = (value?: string) =>
    allowsPlainHttp(envFromRecord(value === undefined ? {} : { DISTROPACK_ALLOW_HTTP: value }));
  assert.equal(allows("1"), true);
  assert.equal(allows(" 1 "), true);
  assert.equal(allows(undefined), false);
  assert.equal(allows(""), false);
  for (const value of ["0", "true", "yes", "11"]) {
    assert.throws(() => allows(value), CliError, value);
    assert.throws(
      () => allows(value),
      new RegExp(`^CliError: DISTROPACK_ALLOW_HTTP must be 1 or unset, not '${value}'`),
    );
  }
});

Deno.test("clearTextWarning speaks up for plain http beyond loopback only", () => {
  assert.equal(clearTextWarning("https://staging.internal"), undefined);
  assert.equal(clearTextWarning("http://127.0.0.1:8080"), undefined);
  assert.equal(clearTextWarning("http://localhost:8080"), undefined);
  assert.match(
    clearTextWarning("http://staging.internal:8080/api")!,
    /token is sent unencrypted to http:\/\/staging\.internal:8080 /,
  );
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
