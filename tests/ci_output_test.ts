/** CI-native output of publish, build and status --wait: GitHub Actions and GitLab CI. */
import assert from "node:assert/strict";
import { TOKEN } from "./helpers/fake_server.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { githubFiles } from "./helpers/github.ts";
import { fakeCli } from "./helpers/cli.ts";

const FAST = ["--interval", "0.05"];

/** The step outputs as GitHub reads them: name<<DELIMITER, value lines, DELIMITER. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = /^([\w-]+)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines[i]);
    if (!match) continue;
    const end = lines.indexOf(match[2], i + 1);
    outputs[match[1]] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return outputs;
}

/** The SHA-256 of the changelog the tests below publish ("# 1.4.0\\n"). */
const DIGEST = sha256(new TextEncoder().encode("# 1.4.0\n"));

Deno.test("on GitHub Actions publish writes the step outputs and a step summary, never the token", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "# 1.4.0\n");
  const github = await githubFiles(cli.home);
  const run = await cli.run(
    ["publish", "--package-id", "pkg", "--file", "changelog=CHANGELOG.md", ...FAST],
    {
      env: {
        ...github.env,
        GITHUB_REF_TYPE: "tag",
        GITHUB_REF_NAME: "v1.4.0",
      },
      cwd: cli.home,
    },
  );
  assert.equal(run.code, 0, run.stderr);
  const outputText = await github.output();
  assert.deepEqual(parseOutputs(outputText), {
    version: "1.4.0",
    "job-ids": "j-1,j-2",
    status: "finished",
    digests: `changelog=${DIGEST}`,
  });
  assert.equal(outputText.split("\n").length, 13, outputText);
  const summary = (await github.summary()).split("\n");
  assert.deepEqual(summary.slice(0, 8), [
    "### distropack-cli publish: all builds finished",
    "",
    "Package pkg, version **1.4.0** (from the tag in GITHUB\\_REF\\_NAME).",
    "",
    "| Slot | File | Size | SHA-256 |",
    "| --- | --- | ---: | --- |",
    `| changelog | CHANGELOG.md | 8 B | \`${DIGEST}\` |`,
    "",
  ]);
  assert.deepEqual(summary.slice(8, 10), [
    "| Target | Status | Job | Duration | Message |",
    "| --- | --- | --- | ---: | --- |",
  ]);
  assert.match(summary[10], /^\| deb \| finished \| j-1 \| [\d.]+s \| {2}\|$/);
  assert.match(summary[11], /^\| rpm \| finished \| j-2 \| [\d.]+s \| {2}\|$/);
  for (const text of [outputText, summary.join("\n"), run.stdout, run.stderr]) {
    assert.ok(!text.includes(TOKEN));
  }
  assert.ok(!run.stderr.includes("::error"));
});

Deno.test("on GitHub Actions a failed build annotates each failed job and the error, escaped", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  cli.server.script("j-2", {
    status: "failed",
    failMessage: "Required file 'changelog' is missing\n::error::forged 100%",
  });
  const github = await githubFiles(cli.home);
  const run = await cli.run(["build", "--package-id", "p", "--version", "2.0", ...FAST], {
    env: github.env,
  });
  assert.equal(run.code, 4, run.stderr);
  const annotations = run.stderr.split("\n").filter((line) => line.startsWith("::"));
  assert.deepEqual(annotations, [
    "::error title=distropack-cli::1 of 2 build jobs failed: rpm.",
    "::error title=distropack-cli::Build job rpm (j-2) failed: Required file 'changelog' is " +
    "missing\\n::error::forged 100%25",
  ]);
  // Nothing from the server can start a line of its own in the log.
  assert.ok(!run.stderr.split("\n").some((line) => line.startsWith("::error::forged")));
  assert.ok(!run.stdout.split("\n").some((line) => line.startsWith("::error::forged")));
  assert.deepEqual(parseOutputs(await github.output()), {
    version: "2.0",
    "job-ids": "j-1,j-2",
    status: "failed",
  });
  assert.match(await github.summary(), /^### distropack-cli build: a build failed\n/);
});

Deno.test("on GitHub Actions a huge failure message is cut in the step summary, which stays under 1 MiB, and is whole in the log", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  const huge = "dependency resolution failed: " + "libfoo ".repeat(200_000);
  cli.server.script("j-1", { status: "failed", failMessage: huge });
  cli.server.script("j-2", { status: "failed", failMessage: huge });
  const github = await githubFiles(cli.home);
  // Another step command already wrote to this step's summary.
  await Deno.writeTextFile(`${cli.home}/step_summary`, "# Release\n".repeat(1000));
  const run = await cli.run(["build", "--package-id", "p", "--version", "2.0", ...FAST], {
    env: github.env,
  });
  assert.equal(run.code, 4, run.stderr);
  const summary = await github.summary();
  assert.ok(new TextEncoder().encode(summary).length < 1024 * 1024, String(summary.length));
  assert.match(
    summary,
    /\| deb \| failed \| j-1 \| .* \| dependency resolution failed: (libfoo )+/,
  );
  assert.match(summary, /the whole message is in the log\)\* \|/);
  assert.ok(run.stdout.includes(`Fail message: ${huge.trim()}`), "the log has it whole");
});

Deno.test("on GitHub Actions publish --no-wait says the jobs started, in the outputs", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1", "j-2"] });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "# 1.0.0\n");
  const github = await githubFiles(cli.home);
  const run = await cli.run(
    ["publish", "--no-wait", "--package-id", "p", "--version", "1.0.0", "--file", "c=CHANGELOG.md"],
    { env: github.env, cwd: cli.home },
  );
  assert.equal(run.code, 0, run.stderr);
  const outputs = parseOutputs(await github.output());
  assert.equal(outputs.status, "started");
  assert.equal(outputs["job-ids"], "j-1,j-2");
  assert.equal(outputs.version, "1.0.0");
  assert.equal(cli.server.to("build_status").length, 0);
});

Deno.test("on GitHub Actions a failure whose server text echoes the token reports it nowhere", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.plan("upload_file", {
    status: 400,
    body: JSON.stringify({ message: `slot refused for ${TOKEN}` }),
    headers: { "content-type": "application/json", "x-request-id": TOKEN },
  });
  cli.server.script("j-1", { status: "failed", failMessage: `bad ${TOKEN}` });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "# 1.0.0\n");
  const github = await githubFiles(cli.home);
  const publish = await cli.run(
    ["publish", "--package-id", "p", "--version", "1.0.0", "--file", "c=CHANGELOG.md"],
    { env: github.env, cwd: cli.home },
  );
  assert.equal(publish.code, 1, publish.stderr);
  assert.match(publish.stderr, /^::error title=distropack-cli::Could not upload CHANGELOG\.md/m);
  const build = await cli.run(["build", "--package-id", "p", "--version", "1.0.0", ...FAST], {
    env: github.env,
  });
  assert.equal(build.code, 4, build.stderr);
  assert.match(build.stderr, /^::error title=distropack-cli::Build job .*bad \[redacted\]/m);
  const reports = [publish.stdout, publish.stderr, build.stdout, build.stderr];
  reports.push(await github.output(), await github.summary());
  for (const text of reports) assert.ok(!text.includes(TOKEN), text);
});

Deno.test("on GitHub Actions a wait that times out says so in the outputs", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", "running");
  const github = await githubFiles(cli.home);
  const run = await cli.run(["status", "--wait", "--timeout", "0.2", "j-1", ...FAST], {
    env: github.env,
  });
  assert.equal(run.code, 5, run.stderr);
  assert.equal(parseOutputs(await github.output()).status, "timeout");
  assert.match(run.stderr, /^::error title=distropack-cli::Timed out after 0\.2s/m);
});

Deno.test("without GitHub Actions no annotation, summary or output is written", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  cli.server.script("j-1", { status: "failed", failMessage: "x" });
  const github = await githubFiles(cli.home);
  const { GITHUB_ACTIONS: _, ...env } = github.env;
  const run = await cli.run(["build", "--package-id", "p", "--version", "2", ...FAST], {
    env: env,
  });
  assert.equal(run.code, 4);
  assert.ok(!run.stderr.includes("::error"));
  assert.equal(await github.output(), "");
  assert.equal(await github.summary(), "");
});

Deno.test("on GitLab CI the uploads and the wait are collapsible sections", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "x");
  const run = await cli.run(
    ["publish", "--package-id", "p", "--version", "1", "--file", "c=CHANGELOG.md", ...FAST],
    { env: { GITLAB_CI: "true", CI: "true" }, cwd: cli.home },
  );
  assert.equal(run.code, 0, run.stderr);
  const ESC = "\u001b";
  const markers = [
    ...run.stderr.matchAll(new RegExp(`${ESC}\\[0Ksection_(start|end):(\\d+):(\\w+)`, "g")),
  ]
    .map((match) => `${match[1]} ${match[3]}`);
  assert.deepEqual(markers, [
    "start distropack_uploads",
    "end distropack_uploads",
    "start distropack_wait",
    "end distropack_wait",
  ]);
  assert.ok(
    run.stderr.includes(`distropack_uploads[collapsed=true]\r${ESC}[0KUploading the release files`),
    run.stderr,
  );
  assert.ok(!run.stdout.includes("section_"));
});
