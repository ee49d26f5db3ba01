/** What docs/migrating.md says a script will notice is what the CLI does. */
import assert from "node:assert/strict";
import { TIMEOUT_OPTION } from "../src/commands/options.ts";
import { REPO_ROOT } from "./helpers/process.ts";
import { fakeCli } from "./helpers/cli.ts";

const GUIDE = (await Deno.readTextFile(`${REPO_ROOT}docs/migrating.md`)).replace(/\s+/g, " ");

Deno.test("the migration guide quotes build's success line and the --version note as printed", async () => {
  await using cli = await fakeCli({ jobIds: ["j-1"] });
  const run = await cli.run(
    ["build", "--package-id", "p", "--version", "v1.2.3", "--interval", "0.05"],
  );
  assert.equal(run.code, 0, run.stderr);
  const success = run.stdout.trimEnd().split("\n").at(-1)!;
  assert.ok(GUIDE.includes(`\`${success}\``), `migrating.md does not quote \`${success}\``);
  const note = run.stderr.split("\n").find((line) => line.startsWith("Note: --version"));
  assert.ok(note, run.stderr);
  const quoted = /`(Note: --version [^`]*?) \.\.\.`/.exec(GUIDE)?.[1];
  assert.ok(quoted && note.startsWith(quoted), `migrating.md quotes the note as ${quoted}`);
});

Deno.test("the migration guide gives the default wait and how to wait without limit", () => {
  assert.equal(TIMEOUT_OPTION.default?.value, 60 * 60_000);
  assert.match(GUIDE, /stop waiting after 60 minutes and exit 5/);
  assert.match(GUIDE, /`--timeout 0` to wait without limit/);
});
