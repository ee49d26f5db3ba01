import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { installArgs, parseRoot, permissionFlags } from "./install_source.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("deno.json's cli permission set becomes the same permissions as --allow flags", async () => {
  const { permissions } = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  const flags = permissionFlags(permissions.cli);
  assert.deepEqual(flags, [
    "--allow-read",
    "--allow-write",
    "--allow-net",
    `--allow-env=${permissions.cli.env.join(",")}`,
  ]);
});

Deno.test("a permission the flags cannot grant exactly is refused, not widened or dropped", () => {
  assert.deepEqual(permissionFlags({ run: false, sys: ["hostname"] }), ["--allow-sys=hostname"]);
  for (
    const set of [{ read: { deny: ["/etc"] } }, { env: [] }, { env: ["A,B"] }, { "no-x": true }]
  ) {
    assert.throws(() => permissionFlags(set), /permission/, JSON.stringify(set));
  }
});

Deno.test("deno task install takes --root DIR and nothing else", () => {
  assert.deepEqual(parseRoot([]), { root: undefined });
  assert.deepEqual(parseRoot(["--root", "/opt/x"]), { root: "/opt/x" });
  assert.deepEqual(parseRoot(["--root=/opt/x"]), { root: "/opt/x" });
  assert.match((parseRoot(["--root"]) as { error: string }).error, /--root needs a directory/);
  assert.match((parseRoot(["-g"]) as { error: string }).error, /unknown argument '-g'/);
  assert.match((parseRoot(["--root=a", "--root=b"]) as { error: string }).error, /twice/);
});

Deno.test("the installed command runs this clone's main.ts with the flags and deno.json", () => {
  const args = installArgs(["--allow-read"], "/opt/x");
  assert.deepEqual(args.slice(0, 2), ["install", "--global"]);
  assert.ok(args.includes("--force"), "a second install replaces the first");
  assert.ok(args.includes("--root=/opt/x"));
  assert.ok(args.includes("--name=distropack-cli"));
  assert.ok(args.includes(`--config=${REPO_ROOT}deno.json`));
  assert.equal(args.at(-1), `${REPO_ROOT}main.ts`);
  assert.ok(!args.some((arg) => /^--permission-set|^-A$|^--allow-all$/.test(arg)), args.join(" "));
  assert.ok(!installArgs([]).some((arg) => arg.startsWith("--root")));
});
