/**
 * A handler's values are typed by its command's declaration, and the parser
 * gives exactly those values: the type checker runs these tests too, so a
 * declaration whose values lose their types fails here.
 */
import assert from "node:assert/strict";
import type { Host } from "../host.ts";
import { Output } from "../output/output.ts";
import { detectTerminal } from "../terminal.ts";
import { Context } from "../run/context.ts";
import { locate } from "../cli/locate.ts";
import { readCommand } from "../cli/parse.ts";
import { defineCommand, type Group } from "./handler.ts";
import { INTERVAL_OPTION, NO_WAIT_OPTION, PACKAGE_ID_OPTION, TARGET_OPTION } from "./options.ts";

/** `true` when A and B are the same type; a check `true satisfies Equal<A, B>` fails otherwise. */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends (<X>() => X extends B ? 1 : 2) ? true
  : false;

const probe = defineCommand({
  name: "probe",
  summary: "every kind of option and argument",
  options: [
    PACKAGE_ID_OPTION,
    TARGET_OPTION,
    NO_WAIT_OPTION,
    INTERVAL_OPTION,
    { long: "ref-id", value: "slot", required: true, description: "a required value" },
    { long: "file", value: "path", multiple: true, description: "a repeatable value" },
    { long: "dry-run", description: "a flag" },
  ],
  args: [
    { name: "shell", description: "one of", required: true, choices: ["bash", "zsh"] },
    { name: "ids", description: "the rest", required: false, variadic: true },
  ],
  examples: [],
  handler: (_ctx, { values, args }) => {
    const [shell, ids] = args;
    // Each line stops type checking when a value's type is not the one named.
    true satisfies Equal<typeof values.packageId, string | undefined>;
    true satisfies Equal<typeof values.target, string | undefined>;
    true satisfies Equal<typeof values.wait, boolean>;
    true satisfies Equal<typeof values.interval, number>;
    true satisfies Equal<typeof values.refId, string>;
    true satisfies Equal<typeof values.file, string[]>;
    true satisfies Equal<typeof values.dryRun, boolean>;
    true satisfies Equal<typeof shell, "bash" | "zsh">;
    true satisfies Equal<typeof ids, string[]>;
    // @ts-expect-error: an option the declaration does not have has no value
    assert.equal(values.version, undefined);
    // @ts-expect-error: global options are the runner's, not the handler's
    assert.equal(values.json, undefined);
    return Promise.resolve({ document: { ...values, shell, ids } });
  },
});

const ROOT: Group = { name: "cli", summary: "", commands: [probe] };

function fakeDeps(): Host {
  return {
    env: () => undefined,
    os: "linux",
    cwd: "/",
    stdout: () => {},
    stderr: () => {},
    stderrIsTerminal: false,
    stdin: { isTerminal: () => false, readable: null, setRaw: () => {} },
    signal: new AbortController().signal,
    sleep: () => Promise.resolve(),
    monotonic: () => 0,
    now: () => 0,
  };
}

async function handled(argv: string[]): Promise<Record<string, unknown> | undefined> {
  const located = locate(argv, ROOT);
  assert.equal(located.kind, "command");
  if (located.kind !== "command") return undefined;
  const { input } = readCommand(located, ROOT);
  const deps = fakeDeps();
  const terminal = detectTerminal(deps, false);
  const output = new Output(deps, { format: "text", quiet: false, debug: false, color: false });
  return (await located.command.handler(
    new Context(deps, output, terminal, undefined, () => deps.signal),
    input,
  )).document;
}

Deno.test("a handler gets each option's value typed and keyed by its declaration", async () => {
  assert.deepEqual(
    await handled([
      "probe",
      "zsh",
      "--package-id",
      "p",
      "--target=rpm",
      "--no-wait",
      "--interval",
      "0.5",
      "--ref-id",
      "slot",
      "--file",
      "a",
      "--file=b",
      "--dry-run",
      "j-1",
      "j-2",
    ]),
    {
      packageId: "p",
      target: "rpm",
      wait: false,
      interval: 500,
      refId: "slot",
      file: ["a", "b"],
      dryRun: true,
      shell: "zsh",
      ids: ["j-1", "j-2"],
    },
  );
});

Deno.test("an option not given has its default: undefined, false, an empty list", async () => {
  assert.deepEqual(await handled(["probe", "bash", "--ref-id", "r"]), {
    packageId: undefined,
    target: undefined,
    wait: true,
    interval: 5_000,
    refId: "r",
    file: [],
    dryRun: false,
    shell: "bash",
    ids: [],
  });
});
