/**
 * https seen from outside: the CAs the CLI and the runtime trust, TLS failures
 * that name what to set, tunnels through a proxy, connections reused.
 */
import assert from "node:assert/strict";
import { runProcess } from "./helpers/process.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { RecordingProxy } from "./helpers/recording_proxy.ts";
import { makeTestCa, skipWithoutOpenssl } from "./helpers/tls.ts";
import { tempHome } from "./helpers/temp.ts";

async function openssl(args: string[]): Promise<void> {
  const { success, stderr } = await new Deno.Command("openssl", { args, stderr: "piped" })
    .output();
  assert.ok(success, new TextDecoder().decode(stderr));
}

Deno.test({
  name:
    "DENO_CERT and DENO_TLS_CA_STORE, which the runtime reads itself, reach a spawned CLI: the one trusts the CA, the other is honoured",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca });
    const trusted = await runProcess(["status", "j-1"], {
      env: apiEnv(server, home, { DENO_CERT: ca.caPath }),
    });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(server.requests.length, 1);
    // A store the runtime does not know fails at once: the variable is read at run time.
    const store = await runProcess(["status", "j-1"], {
      env: apiEnv(server, home, { DENO_CERT: ca.caPath, DENO_TLS_CA_STORE: "no-such-store" }),
    });
    assert.notEqual(store.code, 0);
    assert.match(store.stderr, /no-such-store/);
    assert.equal(server.requests.length, 1);
  },
});

Deno.test({
  name:
    "a server certificate from an unknown CA fails as TLS naming the CA options, and SSL_CERT_FILE fixes it",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca });
    const refused = await runInProcess(["status", "j-1"], { env: apiEnv(server, home) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /the secure connection to 127\.0\.0\.1:\d+ failed/);
    assert.match(
      refused.stderr,
      /SSL_CERT_FILE=.*DENO_CERT.*NODE_EXTRA_CA_CERTS.*DENO_TLS_CA_STORE=system/,
    );
    assert.equal(server.requests.length, 0);
    const trusted = await runInProcess(["status", "j-1"], {
      env: apiEnv(server, home, { SSL_CERT_FILE: ca.caPath }),
    });
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal(server.requests.length, 1);
  },
});

Deno.test({
  name:
    "a CA file without a PEM certificate is an error naming it; a DER one gets the command to convert it",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca });
    // A space in the path: the command it prints must quote it.
    const dir = `${home.path}/windows export`;
    await Deno.mkdir(dir);
    const der = `${dir}/ca.cer`;
    await openssl(["x509", "-in", ca.caPath, "-outform", "der", "-out", der]);
    const empty = `${home.path}/empty.pem`;
    await Deno.writeTextFile(empty, "\n");
    const text = `${home.path}/notes.txt`;
    await Deno.writeTextFile(text, "not a certificate\n");
    let converts = "";
    for (const variable of ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "DENO_CERT"]) {
      const cases: Array<[string, RegExp]> = [
        [der, new RegExp(`\\); point ${variable} at a PEM file\\. This one looks like DER`)],
        [empty, /is empty: point it at a PEM file of CA certificates/],
        [text, /\): point it at a PEM file of CA certificates, or unset it\.$/m],
      ];
      for (const [path, expected] of cases) {
        const env = apiEnv(server, home, { [variable]: path });
        const run = await runInProcess(["status", "j-1"], { env });
        assert.equal(run.code, 1, `${variable}=${path}: ${run.stderr}`);
        assert.ok(run.stderr.startsWith(`Error: ${variable}=${path} `), run.stderr);
        assert.match(run.stderr, expected);
        assert.equal(run.stderr.split("\n").length, 2, `one line: ${run.stderr}`);
        if (path !== empty) assert.match(run.stderr, /holds no PEM certificate \(-----BEGIN/);
        if (path === der) converts = /converts with: (openssl .*)$/m.exec(run.stderr)?.[1] ?? "";
      }
    }
    assert.equal(server.requests.length, 0);
    // The command it prints, as a shell would read it, makes a file that is trusted.
    const words = [...converts.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)]
      .map(([, quoted, bare]) => quoted?.replace(/\\(.)/g, "$1") ?? bare);
    assert.deepEqual(words.slice(0, 5), ["openssl", "x509", "-inform", "der", "-in"]);
    assert.deepEqual(words.slice(5), [der, "-out", `${dir}/ca.pem`]);
    await openssl(words.slice(1));
    const trusted = await runInProcess(["status", "j-1"], {
      env: apiEnv(server, home, { SSL_CERT_FILE: `${dir}/ca.pem` }),
    });
    assert.equal(trusted.code, 0, trusted.stderr);
    // Spawned: the CLI may read DENO_CERT, and checks it before the runtime drops it.
    const spawned = await runProcess(["status", "j-1"], {
      env: apiEnv(server, home, { DENO_CERT: der }),
    });
    assert.equal(spawned.code, 1, spawned.stderr);
    assert.match(spawned.stderr, /^Error: DENO_CERT=.* holds no PEM certificate/);
    assert.equal(server.requests.length, 1);
  },
});

Deno.test({
  name: "a TLS failure with a CA file set names the file, instead of advising to set one",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await Deno.mkdir(`${home.path}/other`);
    const other = await makeTestCa(`${home.path}/other`);
    await using server = FakeServer.start({ tls: ca });
    for (const variable of ["SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS", "DENO_CERT"]) {
      const run = await runInProcess(["status", "j-1"], {
        env: apiEnv(server, home, { [variable]: other.caPath }),
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /the secure connection to 127\.0\.0\.1:\d+ failed/);
      assert.ok(
        run.stderr.includes(`The CAs in ${variable}=${other.caPath} were trusted besides`),
        run.stderr,
      );
      assert.match(run.stderr, /check that its certificate is in that file/);
      assert.doesNotMatch(run.stderr, /\/path\/to\/ca\.pem/);
      assert.equal(run.stderr.split("\n").length, 2, run.stderr);
    }
    assert.equal(server.requests.length, 0);
  },
});

Deno.test({
  name: "https goes through HTTPS_PROXY as a tunnel the proxy cannot read, unless NO_PROXY=*",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca });
    await using proxy = RecordingProxy.start();
    const env = apiEnv(server, home, { SSL_CERT_FILE: ca.caPath, HTTPS_PROXY: proxy.url });
    const tunnelled = await runInProcess(["status", "j-1"], { env });
    assert.equal(tunnelled.code, 0, tunnelled.stderr);
    assert.deepEqual(proxy.requests.map((request) => request.line), [
      `CONNECT 127.0.0.1:${server.port} HTTP/1.1`,
    ]);
    assert.equal(proxy.requests[0].headers.authorization, undefined);
    // Spawned, so the runtime itself sees HTTPS_PROXY beside NO_PROXY=*.
    const direct = await runProcess(["status", "j-1"], { env: { ...env, NO_PROXY: "*" } });
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(proxy.requests.length, 1);
    assert.equal(server.requests.length, 2);
  },
});

Deno.test({
  name: "with SSL_CERT_FILE, polls reuse one connection instead of a new TLS handshake each",
  ignore: skipWithoutOpenssl,
  fn: async () => {
    await using home = await tempHome();
    const ca = await makeTestCa(home.path);
    await using server = FakeServer.start({ tls: ca, jobIds: ["j-1"] });
    server.script("j-1", "running", "running", "running", "finished");
    const run = await runInProcess(["status", "--wait", "--interval", "0.02", "j-1"], {
      env: apiEnv(server, home, { SSL_CERT_FILE: ca.caPath }),
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.requests.length, 4);
    assert.equal(new Set(server.requests.map((request) => request.connection)).size, 1);
  },
});
