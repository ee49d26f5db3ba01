import assert from "node:assert/strict";
import {
  annotation,
  markdownText,
  outputsText,
  randomDelimiter,
  stepSummary,
  SUMMARY_LIMIT_BYTES,
  SUMMARY_MESSAGE_CHARS,
} from "./github.ts";
import type { RunReport } from "./report.ts";

const lines = (text: string) => text.split("\n");

Deno.test("annotation writes a workflow command titled distropack-cli", () => {
  assert.equal(annotation("error", "Build failed."), "::error title=distropack-cli::Build failed.");
  assert.equal(annotation("warning", "w", "Upload"), "::warning title=Upload::w");
  assert.equal(annotation("notice", "n", ""), "::notice::n");
});

Deno.test("annotation keeps a forged command inside the one line, as the toolkit escapes it", () => {
  const line = annotation("error", "deb: oops\n::error::forged\r\n100%");
  assert.equal(line, "::error title=distropack-cli::deb: oops%0A::error::forged%0D%0A100%25");
  assert.equal(lines(line).length, 1);
});

Deno.test("annotation escapes : and , in the title as well", () => {
  assert.equal(
    annotation("error", "m", "a:b,c%d\ne"),
    "::error title=a%3Ab%2Cc%25d%0Ae::m",
  );
});

Deno.test("annotation makes ANSI escapes and other controls visible", () => {
  assert.equal(
    annotation("error", "\x1b[31mred\x1b[0m\u2028x", "t\x1b"),
    "::error title=t\\x1b::\\x1b[31mred\\x1b[0m\\u2028x",
  );
});

Deno.test("outputsText writes one delimited block per output", () => {
  const text = outputsText({ version: "1.2.3", "job-ids": "a\nb" }, "ghadelimiter_X");
  assert.deepEqual(lines(text), [
    "version<<ghadelimiter_X",
    "1.2.3",
    "ghadelimiter_X",
    "job-ids<<ghadelimiter_X",
    "a",
    "b",
    "ghadelimiter_X",
    "",
  ]);
  assert.equal(outputsText({}), "");
});

Deno.test("outputsText picks a new random delimiter each time", () => {
  const first = randomDelimiter();
  assert.match(first, /^ghadelimiter_[0-9a-f-]{36}$/);
  assert.notEqual(first, randomDelimiter());
  const text = outputsText({ a: "1" });
  const delimiter = lines(text)[0].slice("a<<".length);
  assert.match(delimiter, /^ghadelimiter_[0-9a-f-]{36}$/);
  assert.equal(text, `a<<${delimiter}\n1\n${delimiter}\n`);
});

Deno.test("outputsText refuses a value or name holding the delimiter", () => {
  assert.throws(
    () => outputsText({ a: "x\nD\nevil<<D\npwned" }, "D"),
    /value of output a contains the delimiter/,
  );
  assert.throws(() => outputsText({ aD: "x" }, "D"), /name aD contains the delimiter/);
});

Deno.test("outputsText refuses a name that is not an output name", () => {
  for (const name of ["", "a b", "a\nb=c", "1a", "a<<b"]) {
    assert.throws(() => outputsText({ [name]: "x" }, "D"), /Invalid GitHub Actions output name/);
  }
});

Deno.test("markdownText escapes table pipes, Markdown syntax, HTML and line breaks", () => {
  assert.equal(markdownText("a|b"), "a\\|b");
  assert.equal(markdownText("line1\nline2"), "line1\\\\nline2");
  assert.equal(markdownText("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  assert.equal(
    markdownText("*b* _i_ `c` [l](u) ~s~ \\"),
    "\\*b\\* \\_i\\_ \\`c\\` \\[l\\](u) \\~s\\~ \\\\",
  );
  assert.equal(markdownText("a & b"), "a &amp; b");
  assert.equal(markdownText("\x1b[31m"), "\\\\x1b\\[31m");
});

const publish: RunReport = {
  command: "publish",
  packageId: "550e8400-e29b-41d4-a716-446655440000",
  version: "1.2.3",
  versionSource: "GITHUB_REF_NAME",
  uploads: [
    { refId: "source-tarball", file: "dist/app-1.2.3.tar.gz", bytes: 13_002_342, seconds: 2.5 },
    { refId: "changelog", file: "CHANGELOG.md", bytes: 512, seconds: 0.1 },
  ],
  jobs: [
    { jobId: "j-1", name: "deb", status: "finished", failMessage: null, durationMs: 185_000 },
    {
      jobId: "j-2",
      name: "rpm",
      status: "failed",
      failMessage: "missing | dependency\n<b>x</b>",
      durationMs: 4_200,
    },
    { jobId: "j-3", name: null, status: null, failMessage: null, durationMs: null },
  ],
  outcome: "failed",
};

Deno.test("stepSummary shows the version, the uploads and every job", () => {
  assert.deepEqual(lines(stepSummary(publish)), [
    "### distropack-cli publish: a build failed",
    "",
    "Package 550e8400-e29b-41d4-a716-446655440000, version **1.2.3** (from the tag in GITHUB\\_REF\\_NAME).",
    "",
    "| Slot | File | Size |",
    "| --- | --- | ---: |",
    "| source-tarball | dist/app-1.2.3.tar.gz | 12.4 MiB |",
    "| changelog | CHANGELOG.md | 512 B |",
    "",
    "| Target | Status | Job | Duration | Message |",
    "| --- | --- | --- | ---: | --- |",
    "| deb | finished | j-1 | 3m05s |  |",
    "| rpm | failed | j-2 | 4.2s | missing \\| dependency\\\\n&lt;b&gt;x&lt;/b&gt; |",
    "| ? | unknown | j-3 |  |  |",
    "",
  ]);
});

Deno.test("stepSummary of a failed run without jobs shows the error and no empty tables", () => {
  const report: RunReport = {
    command: "build",
    packageId: "42",
    version: "2.0",
    versionSource: "flag",
    uploads: [],
    jobs: [],
    outcome: "error",
    error: "The server refused the build: version 2.0 is not newer than 2.1.\n::error::x",
  };
  assert.deepEqual(lines(stepSummary(report)), [
    "### distropack-cli build: failed",
    "",
    "Package 42, version **2.0** (from --version).",
    "",
    "**Error:** The server refused the build: version 2.0 is not newer than 2.1.\\\\n::error::x",
    "",
  ]);
});

Deno.test("stepSummary of status has no version line when there is no version", () => {
  const report: RunReport = {
    command: "status",
    packageId: null,
    version: null,
    versionSource: null,
    uploads: [],
    jobs: [{ jobId: "j", name: "pacman", status: "running", failMessage: null, durationMs: 0 }],
    outcome: "timeout",
  };
  assert.deepEqual(lines(stepSummary(report)), [
    "### distropack-cli status: timed out waiting for the builds",
    "",
    "| Target | Status | Job | Duration | Message |",
    "| --- | --- | --- | ---: | --- |",
    "| pacman | running | j | 0.0s |  |",
    "",
  ]);
});

Deno.test("stepSummary names each outcome in its heading", () => {
  const headings = {
    finished: "all builds finished",
    started: "builds started",
    interrupted: "interrupted",
  } as const;
  for (const [outcome, text] of Object.entries(headings)) {
    const summary = stepSummary({ ...publish, outcome: outcome as keyof typeof headings });
    assert.equal(lines(summary)[0], `### distropack-cli publish: ${text}`);
  }
});

Deno.test("stepSummary cuts long messages with a note, and stays under GitHub's 1 MiB limit", () => {
  const long = "x".repeat(600_000);
  const report: RunReport = {
    ...publish,
    jobs: [
      { jobId: "j-1", name: "deb", status: "failed", failMessage: long, durationMs: 1 },
      { jobId: "j-2", name: "rpm", status: "failed", failMessage: long, durationMs: 1 },
    ],
    error: `The server said: ${long}`,
  };
  const summary = stepSummary(report);
  assert.ok(new TextEncoder().encode(summary).length < SUMMARY_LIMIT_BYTES);
  const note = `… *(cut after ${SUMMARY_MESSAGE_CHARS} of 600000 characters; ` +
    `the whole message is in the log)*`;
  assert.ok(summary.includes(`| deb | failed | j-1 | 0.0s | ${"x".repeat(2000)}${note} |`));
  assert.match(summary, /\*\*Error:\*\* The server said: x+… \*\(cut after 2000 of 600017/);
});

Deno.test("stepSummary that cannot fit what is left of the limit keeps its heading and says where the rest is", () => {
  const summary = stepSummary(publish, 200);
  assert.deepEqual(lines(summary), [
    "### distropack-cli publish: a build failed",
    "",
    "The details are too long for the step summary; they are in the log.",
    "",
  ]);
  assert.equal(stepSummary(publish, 100_000), stepSummary(publish));
});
