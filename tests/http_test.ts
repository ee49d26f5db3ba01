/** The HTTP layer seen from outside: where the token may go, redirects, traces, proxies. */
import assert from "node:assert/strict";
import { runProcess } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { FakeServer, freePort, TOKEN } from "./helpers/fake_server.ts";
import { RecordingProxy } from "./helpers/recording_proxy.ts";
import { tempHome } from "./helpers/temp.ts";
import { fakeCli } from "./helpers/cli.ts";

/** The fake server by an address that is loopback, but not by the CLI's literal rule. */
const mappedUrl = (server: FakeServer) => `http://[::ffff:127.0.0.1]:${server.port}`;

Deno.test("plain http to a host that is not loopback is refused before any request", async () => {
  await using home = await tempHome();
  const run = await runInProcess(["status", "j-1"], {
    env: { ...home.env, DISTROPACK_API_URL: "http://distropack.dev", DISTROPACK_API_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /Refusing DISTROPACK_API_URL 'http:\/\/distropack\.dev'.*Use https:\/\//,
  );
  assert.ok(!run.stderr.includes(TOKEN));
});

Deno.test("DISTROPACK_ALLOW_HTTP=1 lets plain http reach another host, warning that the token is unencrypted", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "running");
  const env = cli.env({ DISTROPACK_API_URL: mappedUrl(cli.server) });
  const refused = await cli.run(["status", "j-1"], { env });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /Refusing DISTROPACK_API_URL .*DISTROPACK_ALLOW_HTTP=1/);
  assert.equal(cli.server.requests.length, 0);
  for (let round = 0; round < 2; round++) {
    const run = await runInProcess(["status", "j-1"], {
      env: { ...env, DISTROPACK_ALLOW_HTTP: "1" },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^Warning: DISTROPACK_ALLOW_HTTP=1: the API token is sent unencrypted to http:\/\/\[::ffff:7f00:1\]:\d+ \(plain http\)/m,
    );
    assert.ok(!run.stderr.includes(TOKEN));
  }
  assert.equal(cli.server.to("build_status").length, 2);
});

Deno.test("a DISTROPACK_ALLOW_HTTP other than 1 is an error naming it, before any request", async () => {
  await using cli = await fakeCli();
  for (const url of [mappedUrl(cli.server), cli.server.url]) {
    const run = await cli.run(["status", "j-1"], {
      env: { DISTROPACK_API_URL: url, DISTROPACK_ALLOW_HTTP: "true" },
    });
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      "Error: DISTROPACK_ALLOW_HTTP must be 1 or unset, not 'true'. Set it to 1 to allow a plain " +
        "http:// base URL on any host (the token is then sent unencrypted), or unset it.\n",
    );
  }
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("the compiled permission set lets the CLI read DISTROPACK_ALLOW_HTTP", async () => {
  await using cli = await fakeCli();
  cli.server.script("j-1", "running");
  const run = await runProcess(["status", "j-1"], {
    env: cli.env({
      DISTROPACK_API_URL: mappedUrl(cli.server),
      DISTROPACK_ALLOW_HTTP: "1",
    }),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /token is sent unencrypted/);
});

Deno.test("a plain-http base_url in the config file is refused too, naming the file", async () => {
  await using home = await tempHome();
  const dir = `${home.path}/.config/distropack`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/config.toml`, 'base_url = "http://10.0.0.1:8080"\n');
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1"], {
    env: { ...home.env, DISTROPACK_API_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /Refusing base_url in .*config\.toml 'http:\/\/10\.0\.0\.1:8080'/);
});

Deno.test("a base URL with a trailing slash never produces //api/", async () => {
  await using cli = await fakeCli();
  const run = await cli.run(["status", "j-1"], {
    env: { DISTROPACK_API_URL: `${cli.server.url}//` },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests[0].path, "/api/build_status");
});

Deno.test("a redirect to another origin is refused, and the token never goes there", async () => {
  await using cli = await fakeCli();
  // localhost and 127.0.0.1 are different origins, even on the same port.
  cli.server.plan("build_status", {
    redirect: `http://localhost:${cli.server.port}/api/build_status?jobIds=j-1`,
  });
  const run = await cli.run(["status", "j-1"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /redirected the request to http:\/\/localhost:\d+, which is not the base URL's origin/,
  );
  assert.equal(cli.server.requests.length, 1);
  for (const request of cli.server.requests) {
    assert.equal(request.headers.host, `127.0.0.1:${cli.server.port}`);
  }
});

Deno.test("a same-origin redirect is followed with the token", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_status", { redirect: "/api/build_status?jobIds=j-1" });
  const run = await cli.run(["status", "j-1"]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests.length, 2);
  assert.equal(cli.server.requests[1].headers.authorization, `Bearer ${TOKEN}`);
});

Deno.test("--debug traces each request with the token redacted", async () => {
  await using cli = await fakeCli();
  cli.server.plan("build_status", { status: 503, headers: { "retry-after": "0" } });
  const run = await cli.run(["status", "--debug", "j-1"]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stderr,
    new RegExp(`\\[debug\\] GET ${cli.server.url}/api/build_status\\?jobIds=j-1\n`),
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
  await using cli = await fakeCli();
  cli.server.plan("build_status", {
    status: 400,
    body: JSON.stringify({ message: `bad token ${TOKEN}` }),
    headers: { "content-type": "application/json", "x-request-id": TOKEN },
  });
  const run = await cli.run(["status", "--debug", "--json", "j-1"]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /HTTP 400 Bad Request \(request id \[redacted\]\): bad token \[redacted\]\./,
  );
  assert.ok(!run.stderr.includes(TOKEN));
  assert.ok(!run.stdout.includes(TOKEN));
  assert.equal(JSON.parse(run.stdout).error.code, "api");
});

// Spawned, so the runtime itself sees the proxy variables, as it would for a user.
Deno.test("plain http to loopback goes direct even with proxy variables set, so no proxy sees the token", async () => {
  await using cli = await fakeCli();
  await using proxy = RecordingProxy.start();
  const run = await runProcess(["status", "j-1"], {
    env: cli.env({
      HTTP_PROXY: proxy.url,
      http_proxy: proxy.url,
      HTTPS_PROXY: proxy.url,
      ALL_PROXY: proxy.url,
    }),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(cli.server.requests.length, 1);
  assert.deepEqual(proxy.requests, []);
});

Deno.test("an unreachable proxy is named with its variable, not the API host", async () => {
  await using home = await tempHome();
  const proxyPort = freePort();
  const run = await runInProcess(["build", "--package-id", "p", "--version", "1", "--no-wait"], {
    env: {
      ...home.env,
      DISTROPACK_API_URL: `https://127.0.0.1:${freePort()}`,
      DISTROPACK_API_TOKEN: TOKEN,
      https_proxy: `http://127.0.0.1:${proxyPort}`,
    },
  });
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(`Error: .*the proxy 127\\.0\\.0\\.1:${proxyPort} \\(from https_proxy\\)`),
  );
  assert.match(run.stderr, /Check https_proxy and that the proxy is up/);
});
