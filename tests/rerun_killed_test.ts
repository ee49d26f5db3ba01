/**
 * A release process killed outright (SIGKILL: no handler runs, as when a CI
 * runner dies or a job is force-cancelled) leaves a release state a re-run
 * can use: it was written after each step, not at the end.
 */
import assert from "node:assert/strict";
import { cliCommand, runProcess } from "./helpers/process.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { tempHome } from "./helpers/temp.ts";

const FAST = ["--interval", "0.05"];

Deno.test({
  name: "publish killed with SIGKILL during the wait, run again, waits on the same job: 0 triggers",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using home = await tempHome();
    await using server = FakeServer.start({ jobIds: ["j-1"] });
    await Deno.writeTextFile(`${home.path}/app.tar.gz`, "tarball");
    server.script("j-1", "running");
    const args = [
      "publish",
      "--package-id",
      "p",
      "--version",
      "3.0.0",
      "--file",
      "source-tarball=app.tar.gz",
      ...FAST,
    ];
    const env = apiEnv(server, home);
    const child = (await cliCommand(args, { env, cwd: home.path, stdin: "null" })).spawn();
    let polls = 0;
    await server.waitFor((request) => request.endpoint === "build_status" && ++polls >= 2);
    child.kill("SIGKILL");
    const killed = await child.output();
    assert.equal(killed.signal, "SIGKILL");
    const mark = server.requests.length;
    server.script("j-1", "finished");
    const again = await runProcess(args, { env, cwd: home.path });
    assert.equal(again.code, 0, again.stderr);
    const sent = server.requests.slice(mark);
    assert.equal(sent.filter((r) => r.endpoint.startsWith("build_package")).length, 0);
    assert.equal(sent.filter((r) => r.endpoint === "upload_file").length, 0);
    assert.ok(sent.some((r) => r.endpoint === "build_status" && r.query.get("jobIds") === "j-1"));
  },
});
