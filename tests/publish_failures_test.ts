/**
 * `publish` when it cannot do all it is asked: nothing sent for a bad file or
 * --concurrency, the other uploads cancelled when one fails, no build, and
 * what arrived named; the build trigger sent once even when the connection
 * breaks after it.
 */
import assert from "node:assert/strict";
import { run } from "../src/program/run.ts";
import { fakeCli } from "./helpers/cli.ts";
import { githubFiles } from "./helpers/github.ts";
import { fakeDeps } from "./helpers/in_process.ts";
import { random, release } from "./helpers/release_files.ts";

/** `publish` of version 1.2.3 to package p; the files and flags follow. */
const PUBLISH_P = ["publish", "--package-id", "p", "--version", "1.2.3"];

Deno.test("publish with a missing file among three sends nothing and names every bad file", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const run = await cli.run([
    ...PUBLISH_P,
    "--file",
    "a=CHANGELOG.md",
    "--file",
    "b=dist/missing.tar.gz",
    "--file",
    "c=dist/gone.deb",
  ], { cwd: cli.home });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /dist\/missing\.tar\.gz/);
  assert.match(run.stderr, /dist\/gone\.deb/);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("a glob that matches no file or several is an error (exit 1) listing what matched", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const env = cli.env();
  const several = await cli.run(
    ["publish", "--package-id", "p", "--version", "1.2.3", "--file", "x=dist/*"],
    { env, cwd: cli.home },
  );
  assert.equal(several.code, 1);
  assert.match(several.stderr, /matches 2 files/);
  assert.match(several.stderr, /app-1\.2\.3\.tar\.gz/);
  const none = await cli.run(
    ["publish", "--package-id", "p", "--version", "1.2.3", "--file", "x=dist/*.rpm"],
    { env, cwd: cli.home },
  );
  assert.equal(none.code, 1);
  assert.match(none.stderr, /matches no file/);
  assert.equal(cli.server.requests.length, 0);
});

Deno.test("an upload that fails for good cancels the others, triggers no build, and names what arrived", async () => {
  await using cli = await fakeCli({ readPauseMs: 2 });
  await release(cli.home);
  await Deno.writeFile(`${cli.home}/big.bin`, random(24 * 1024 * 1024));
  cli.server.plan("upload_file", { status: 400, body: "Unknown file slot" });
  const run = await cli.run([
    ...PUBLISH_P,
    "--concurrency",
    "1",
    "--file",
    "changelog=CHANGELOG.md",
    "--file",
    "big=big.bin",
    "--file",
    "sums=dist/SHA256SUMS",
  ], { cwd: cli.home });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /Could not upload CHANGELOG\.md \(slot changelog\)/);
  assert.match(run.stderr, /Unknown file slot/);
  assert.match(run.stderr, /Uploaded slots: none\. No build was triggered\./);
  // With one at a time, the failure stops the rest before they start.
  assert.equal(cli.server.to("upload_file").length, 1);
  assert.equal(cli.server.to("build_package").length, 0);
});

Deno.test("a failed upload after others arrived names the slots that did, in the error and the document", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  cli.server.refusedSlots.add("sums");
  const run = await cli.run([
    ...PUBLISH_P,
    "--json",
    "--concurrency",
    "1",
    "--file",
    "changelog=CHANGELOG.md",
    "--file",
    "source-tarball=dist/app-{version}.tar.gz",
    "--file",
    "sums=dist/SHA256SUMS",
  ], { cwd: cli.home });
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.match(
    document.error.message,
    /^Could not upload dist\/SHA256SUMS \(slot sums\): .*Uploaded slots: changelog, source-tarball\. No build was triggered\.$/,
  );
  assert.deepEqual(document.uploads.map((upload: { ref_id: string }) => upload.ref_id), [
    "changelog",
    "source-tarball",
  ]);
  assert.equal(document.build, null);
  assert.equal(cli.server.to("build_package").length, 0);
});

Deno.test("--concurrency takes a whole number from 1 to 16; anything else sends nothing", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  const publish = (n: string) =>
    cli.run(
      [
        "publish",
        "--package-id",
        "p",
        "--version",
        "1",
        "--concurrency",
        n,
        "--file",
        "c=CHANGELOG.md",
      ],
      { cwd: cli.home },
    );
  for (const n of ["0", "17", "2.5", "four"]) {
    const run = await publish(n);
    assert.equal(run.code, 2, `${n}: ${run.stderr}`);
    assert.match(run.stderr, /--concurrency.*Use a whole number from 1 to 16/);
  }
  assert.equal(cli.server.requests.length, 0);
  for (const n of ["1", "16"]) assert.equal((await publish(n)).code, 0, n);
});

Deno.test("a failing upload stops its siblings mid-stream", async () => {
  await using cli = await fakeCli({ readPauseMs: 5 });
  await release(cli.home);
  await Deno.writeFile(`${cli.home}/big.bin`, random(32 * 1024 * 1024));
  // The small file fails for good at once, while the big one is still streaming.
  cli.server.refusedSlots.add("changelog");
  const run = await cli.run([
    ...PUBLISH_P,
    "--json",
    "--file",
    "big=big.bin",
    "--file",
    "changelog=CHANGELOG.md",
  ], { cwd: cli.home });
  assert.equal(run.code, 1, run.stderr);
  const document = JSON.parse(run.stdout);
  assert.equal(document.build, null);
  assert.equal(document.error.exit_code, 1);
  assert.match(document.error.message, /Could not upload CHANGELOG\.md \(slot changelog\)/);
  // The big file never arrived whole: its upload was cancelled mid-stream.
  assert.ok(
    cli.server.receivedBytes < 32 * 1024 * 1024,
    `${cli.server.receivedBytes} bytes arrived`,
  );
  assert.ok(!cli.server.requests.some((request) => request.file?.size === 32 * 1024 * 1024));
  assert.equal(cli.server.to("build_package").length, 0);
});

Deno.test("the build trigger is sent once, even when the connection breaks after it", async () => {
  await using cli = await fakeCli();
  await release(cli.home);
  cli.server.plan("build_package", "reset");
  const run = await cli.run(
    ["publish", "--json", "--package-id", "p", "--version", "1.2.3", "--file", "c=CHANGELOG.md"],
    { cwd: cli.home },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.equal(cli.server.to("build_package").length, 1);
  assert.match(run.stderr, /may have started/);
  const document = JSON.parse(run.stdout);
  assert.equal(document.uploads.length, 1);
  assert.equal(document.build, null);
});

Deno.test("Ctrl-C after the last upload, before the trigger is sent, says no build was started", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await release(cli.home);
  const github = await githubFiles(cli.home);
  const stop = new AbortController();
  const io = fakeDeps({ env: cli.env(github.env), cwd: cli.home, signal: stop.signal });
  // The uploads are done and the trigger is next: the moment a person presses Ctrl-C.
  const stderr = io.deps.stderr;
  io.deps.stderr = (text) => {
    stderr(text);
    if (text.includes("Starting the build")) stop.abort("SIGINT");
  };
  const code = await run([...PUBLISH_P, "--file", "a=CHANGELOG.md", "--interval", "0.05"], io.deps);
  assert.equal(code, 130, io.stderr());
  assert.equal(cli.server.to("upload_file").length, 1);
  assert.equal(cli.server.to("build_package").length, 0);
  assert.match(io.stderr(), /no build was started/);
  assert.doesNotMatch(io.stderr(), /may have started/);
  assert.doesNotMatch(await github.summary(), /may have started/);
  assert.match(await github.output(), /^status<<.*\ninterrupted\n/m);
});
