import assert from "node:assert/strict";
import { type NetworkEnv, noProxyMatches, proxyFor } from "./network.ts";

const envOf = (record: Record<string, string>): NetworkEnv => (name) => record[name];
const https = new URL("https://api.distropack.dev/api/build_status");

Deno.test("proxyFor takes HTTPS_PROXY, then https_proxy, then ALL_PROXY, naming the variable", () => {
  assert.deepEqual(proxyFor(https, envOf({ HTTPS_PROXY: "http://proxy:3128" })), {
    url: "http://proxy:3128",
    host: "proxy:3128",
    variable: "HTTPS_PROXY",
  });
  assert.equal(proxyFor(https, envOf({ https_proxy: "proxy:8080" }))?.variable, "https_proxy");
  assert.equal(proxyFor(https, envOf({ https_proxy: "proxy:8080" }))?.url, "http://proxy:8080");
  assert.equal(proxyFor(https, envOf({ all_proxy: "socks5://s:1080" }))?.transport, "socks5");
  assert.equal(proxyFor(https, envOf({})), null);
});

Deno.test("proxyFor never proxies plain http, whatever the environment", () => {
  const env = envOf({
    HTTP_PROXY: "http://p:1",
    HTTPS_PROXY: "http://p:1",
    ALL_PROXY: "http://p:1",
  });
  assert.equal(proxyFor(new URL("http://127.0.0.1:8080/api/x"), env), null);
  assert.equal(proxyFor(new URL("http://localhost/api/x"), env), null);
});

Deno.test("proxyFor keeps proxy credentials out of the URL and the host it names", () => {
  const proxy = proxyFor(https, envOf({ HTTPS_PROXY: "http://us%40er:p%3Ass@proxy:3128" }));
  assert.equal(proxy?.url, "http://proxy:3128");
  assert.equal(proxy?.host, "proxy:3128");
  assert.deepEqual(proxy?.basicAuth, { username: "us@er", password: "p:ss" });
});

Deno.test("NO_PROXY and no_proxy turn the proxy off for the hosts they list, or all with *", () => {
  const proxied = { HTTPS_PROXY: "http://p:1" };
  assert.equal(proxyFor(https, envOf({ ...proxied, NO_PROXY: "*" })), null);
  assert.equal(proxyFor(https, envOf({ ...proxied, no_proxy: "distropack.dev" })), null);
  assert.equal(proxyFor(new URL("https://10.1.2.3/"), envOf({ ...proxied, NO_PROXY: "*" })), null);
  assert.notEqual(proxyFor(https, envOf({ ...proxied, NO_PROXY: "example.com" })), null);
});

Deno.test("noProxyMatches matches names, domain suffixes and addresses, ignoring ports", () => {
  assert.ok(noProxyMatches("api.distropack.dev", "example.com, .distropack.dev"));
  assert.ok(noProxyMatches("api.distropack.dev", "*.distropack.dev"));
  assert.ok(noProxyMatches("distropack.dev", "distropack.dev:8443"));
  assert.ok(noProxyMatches("[::1]", "[::1]:443"));
  assert.ok(noProxyMatches("10.0.0.7", "10.0.0.7"));
  assert.ok(!noProxyMatches("notdistropack.dev", "distropack.dev"));
  assert.ok(!noProxyMatches("10.0.0.7", "10.0.0.0/8"));
});
