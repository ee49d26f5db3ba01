/**
 * The release state file of `publish`: where it is kept (the cache directory,
 * --state, DISTROPACK_STATE, as config show says), what a corrupt one or one
 * of another format version means, and two runs sharing one.
 */
import assert from "node:assert/strict";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { runInProcess } from "./helpers/in_process.ts";
import { PUBLISH_ONE, writeOneRelease } from "./helpers/rerun.ts";
import { stateFile, tempHome } from "./helpers/temp.ts";

const FAST = ["--interval", "0.05"];
const PUBLISH = PUBLISH_ONE;
const release = writeOneRelease;

Deno.test("a corrupt state file means today's behaviour, with a one-line note, and is replaced", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const path = `${home.path}/state.json`;
  await Deno.writeTextFile(path, "{not json");
  const run = await runInProcess([...PUBLISH, "--state", path], {
    env: apiEnv(server, home),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("upload_file").length, 2);
  assert.equal(server.to("build_package").length, 1);
  const notes = run.stderr.split("\n").filter((line) => line.includes(path));
  assert.equal(notes.length, 1);
  assert.match(notes[0], /is not valid JSON \(corrupt\?\); it is not used/);
  assert.equal(JSON.parse(await Deno.readTextFile(path)).format, "distropack-release-state");
});

Deno.test("a state file of another format version is not trusted: today's behaviour and a note", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const path = `${home.path}/state.json`;
  await Deno.writeTextFile(
    path,
    JSON.stringify({ format: "distropack-release-state", version: 99 }),
  );
  const run = await runInProcess(PUBLISH, {
    env: apiEnv(server, home, { DISTROPACK_STATE: path }),
    cwd: home.path,
  });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(server.to("build_package").length, 1);
  assert.match(run.stderr, /has format version 99, not 1/);
});

Deno.test("the state is kept in the cache directory, never in the working tree", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const work = `${home.path}/work`;
  await Deno.mkdir(work);
  await Deno.rename(`${home.path}/app.tar.gz`, `${work}/app.tar.gz`);
  await Deno.rename(`${home.path}/CHANGELOG.md`, `${work}/CHANGELOG.md`);
  const xdg = `${home.path}/xdg-cache`;
  const run = await runInProcess(PUBLISH, {
    env: apiEnv(server, home, { XDG_CACHE_HOME: xdg }),
    cwd: work,
  });
  assert.equal(run.code, 0, run.stderr);
  const entries = [...Deno.readDirSync(work)].map((e) => e.name).sort();
  assert.deepEqual(entries, ["CHANGELOG.md", "app.tar.gz"]);
  if (Deno.build.os === "linux") {
    assert.ok(Deno.statSync(`${xdg}/distropack/release-state.json`).isFile);
  }
});

Deno.test("config show says where the release state is: DISTROPACK_STATE, else the cache directory", async () => {
  await using home = await tempHome();
  const plain = await runInProcess(["config", "show"], { env: home.env });
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(plain.stderr.includes(`Release state: ${stateFile(home.path)} (default, in `));
  const given = `${home.path}/ci/state.json`;
  const json = await runInProcess(["config", "show", "--json"], {
    env: { ...home.env, DISTROPACK_STATE: given },
  });
  assert.equal(JSON.parse(json.stdout).release_state, given);
  const none = await runInProcess(["config", "show"], { env: {}, os: "linux" });
  assert.match(
    none.stderr,
    /Release state: none kept \(no absolute XDG_CACHE_HOME or HOME says where\)/,
  );
});

Deno.test("two runs sharing a state file keep each other's records", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  await release(home.path);
  const opts = { env: apiEnv(server, home), cwd: home.path };
  const slow = ["publish", "--package-id", "slow", "--version", "1.0.0", "--file", "a=app.tar.gz"];
  const quick = ["build", "--package-id", "quick", "--version", "2.0.0"];
  // The slow run reads the state, then its upload waits while the quick run writes its record.
  server.plan("upload_file", { delayMs: 400 });
  const first = runInProcess([...slow, ...FAST], opts);
  await server.waitFor((r) => r.endpoint === "upload_file");
  assert.equal((await runInProcess([...quick, ...FAST], opts)).code, 0);
  assert.equal((await first).code, 0);
  const records = Object.values(JSON.parse(await Deno.readTextFile(stateFile(home.path))).records)
    .map((record) => (record as { package_id: string }).package_id).sort();
  assert.deepEqual(records, ["quick", "slow"]);
  // And each re-run finds its own.
  const triggers = server.to("build_package").length;
  assert.equal((await runInProcess([...quick, ...FAST], opts)).code, 0);
  assert.equal((await runInProcess([...slow, ...FAST], opts)).code, 0);
  assert.equal(server.to("build_package").length, triggers);
});

Deno.test("a state file named by --state or DISTROPACK_STATE that is missing gets a note; the default place none", async () => {
  await using home = await tempHome();
  await using server = FakeServer.start({ jobIds: ["j-1"] });
  const build = (version: string) => ["build", "--package-id", "p", "--version", version, ...FAST];
  const plain = await runInProcess(build("1"), { env: apiEnv(server, home) });
  assert.equal(plain.code, 0, plain.stderr);
  assert.doesNotMatch(plain.stderr, /release state/);
  const path = `${home.path}/restored/state.json`;
  const given = await runInProcess(build("2"), {
    env: apiEnv(server, home, { DISTROPACK_STATE: path }),
  });
  assert.equal(given.code, 0, given.stderr);
  const notes = given.stderr.split("\n").filter((line) => line.includes("release state"));
  assert.deepEqual(notes, [
    `Note: no release state at ${path} (from DISTROPACK_STATE) yet: nothing to resume, so this ` +
    "run starts afresh.",
  ]);
  assert.equal(server.to("build_package").length, 2);
});
