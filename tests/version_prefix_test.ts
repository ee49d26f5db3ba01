/** A version written with a leading v: sent as given, with a note; a CI tag's v is dropped. */
import assert from "node:assert/strict";
import type { FakeServerOptions } from "./helpers/fake_server.ts";
import { type FakeCli, fakeCli } from "./helpers/cli.ts";

/** A fake CLI whose home holds dist/app.tar.gz and CHANGELOG.md, the working directory of its runs. */
async function withFiles(server: FakeServerOptions = {}): Promise<FakeCli> {
  const cli = await fakeCli(server);
  await Deno.mkdir(`${cli.home}/dist`);
  await Deno.writeTextFile(`${cli.home}/dist/app.tar.gz`, "tarball");
  await Deno.writeTextFile(`${cli.home}/CHANGELOG.md`, "changes");
  return cli;
}

Deno.test("--version v1.2.3 is sent with its v and says so; a tag v1.2.3 builds 1.2.3 without a note", async () => {
  await using cli = await withFiles({ jobIds: ["j-1"] });
  const NOTE = "Note: --version v1.2.3 is sent as given, with its v (a tag v1.2.3 gives 1.2.3); " +
    "pass --version 1.2.3 to build 1.2.3.\n";
  const cases: Array<
    { args: string[]; env?: Record<string, string>; sent: string; note: boolean }
  > = [
    { args: ["build", "--version", "v1.2.3"], sent: "v1.2.3", note: true },
    {
      args: ["publish", "--version", "v1.2.3", "--file", "a=CHANGELOG.md"],
      sent: "v1.2.3",
      note: true,
    },
    { args: ["build", "--version", "1.2.3"], sent: "1.2.3", note: false },
    // 1.2.3 again, built anew (--rebuild) rather than resumed as built by the case above.
    {
      args: ["build", "--rebuild"],
      env: { CI_COMMIT_TAG: "v1.2.3" },
      sent: "1.2.3",
      note: false,
    },
  ];
  for (const { args, env = {}, sent, note } of cases) {
    cli.server.requests.length = 0;
    const run = await cli.run([...args, "--package-id", "p", "--interval", "0.05"], {
      env: env,
      cwd: cli.home,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(cli.server.to("build_package").map((request) => request.fields.version), [
      sent,
    ]);
    assert.equal(run.stderr.includes(NOTE), note, `${args.join(" ")}\n${run.stderr}`);
  }
  const quiet = await cli.run(["build", "-q", "--version", "v1.2.3", "--package-id", "p"], {});
  assert.equal(quiet.stderr, "");
});
