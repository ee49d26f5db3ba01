/** The HTTP layer seen from outside: where the token may go, redirects, traces. */
import assert from "node:assert/strict";
import { cli } from "./helpers/in_process.ts";
import { apiEnv, FakeServer, TOKEN } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";

Deno.test("plain http to a host that is not loopback is refused before any request", async () => {
  await using home = await tempHome();
  const run = await cli(["status", "j-1"], {
    env: { ...home.env, DISTROPACK_API_URL: "http://distropack.dev", DISTROPACK_API_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /Refusing DISTROPACK_API_URL 'http:\/\/distropack\.dev'.*Use https:\/\//,
  );
  assert.ok(!run.stderr.includes(TOKEN));
});

Deno.test("a plain-http base_url in the config file is refused too, naming the file", async () => {
  await using home = await tempHome();
  const dir = `${home.path}/.config/distropack`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/config.toml`, 'base_url = "http://10.0.0.1:8080"\n');
  const run = await cli(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, DISTROPACK_API_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Refusing base_url in .*config\.toml 'http:\/\/10\.0\.0\.1:8080'/);
});

Deno.test("a base URL with a trailing slash never produces //api/", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  const run = await cli(["status", "j-1"], {
    env: apiEnv(server, home, { DISTROPACK_API_URL: `${server.url}//` }),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests[0].path, "/api/build_status");
});

Deno.test("a redirect to another origin is refused, and the token never goes there", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  // localhost and 127.0.0.1 are different origins, even on the same port.
  server.plan("build_status", {
    redirect: `http://localhost:${server.port}/api/build_status?jobIds=j-1`,
  });
  const run = await cli(["status", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /redirected the request to http:\/\/localhost:\d+, which is not the base URL's origin/,
  );
  assert.equal(server.requests.length, 1);
  for (const request of server.requests) {
    assert.equal(request.headers.host, `127.0.0.1:${server.port}`);
  }
});

Deno.test("a same-origin redirect is followed with the token", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_status", { redirect: "/api/build_status?jobIds=j-1" });
  const run = await cli(["status", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1].headers.authorization, `Bearer ${TOKEN}`);
});

Deno.test("--debug traces each request with the token redacted", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_status", { status: 503, headers: { "retry-after": "0" } });
  const run = await cli(["status", "--debug", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`\\[debug\\] GET ${server.url}/api/build_status\\?jobIds=j-1\n`),
  );
  assert.match(
    run.stderr,
    /\[debug\] {3}Authorization: Bearer \[redacted\]; User-Agent: distropack-cli\//,
  );
  assert.match(run.stderr, /\[debug\] {3}-> 503 Service Unavailable in \d+ ms/);
  assert.match(
    run.stderr,
    /\[debug\] retry: Could not get the build status \(HTTP 503\); retrying/,
  );
  assert.match(run.stderr, /\[debug\] {3}-> 200 OK in \d+ ms/);
  assert.ok(!run.stderr.includes(TOKEN));
  assert.ok(!run.stdout.includes(TOKEN));
});

Deno.test("a server that echoes the token back never gets it printed", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start();
  server.plan("build_status", {
    status: 400,
    body: JSON.stringify({ message: `bad token ${TOKEN}` }),
    headers: { "content-type": "application/json", "x-request-id": TOKEN },
  });
  const run = await cli(["status", "--debug", "--json", "j-1"], { env: apiEnv(server, home) });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /HTTP 400 Bad Request: bad token \[redacted\]/);
  assert.ok(!run.stderr.includes(TOKEN));
  assert.ok(!run.stdout.includes(TOKEN));
  assert.equal(JSON.parse(run.stdout).error.code, "api");
});
