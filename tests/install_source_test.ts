/**
 * `deno task install`: the `distropack-cli` command it installs runs the clone's source from the
 * directory it is called in, with the compiled binary's permissions.
 */
import assert from "node:assert/strict";
import { dirname } from "node:path";
import { permissionFlags } from "../scripts/install_source.ts";
import { apiEnv, FakeServer } from "./helpers/fake_server.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import { REPO_ROOT, runnerDenoDir } from "./helpers/process.ts";
import { tempDir, tempHome } from "./helpers/temp.ts";

async function output(program: string, args: string[], cwd: string, env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command(program, {
    args,
    cwd,
    env: {
      // The installed command starts `deno` from PATH.
      PATH: `${dirname(Deno.execPath())}:${Deno.env.get("PATH") ?? ""}`,
      DENO_DIR: await runnerDenoDir(),
      ...env,
    },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test({
  name:
    "deno task install --root installs a distropack-cli that uploads a file named relative to the directory it runs in",
  // `deno install` writes a .cmd on Windows; the shell script it writes elsewhere is run here.
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await using root = await tempDir("distropack-install-root-");
    await using home = await tempHome();
    await using project = await tempDir("distropack-project-");
    await using server = FakeServer.start({ jobIds: ["j-1"] });

    const installed = await output(
      Deno.execPath(),
      ["task", "--quiet", "install", "--root", root.path],
      REPO_ROOT,
      home.env,
    );
    assert.equal(installed.code, 0, installed.stderr);
    const command = `${root.path}/bin/distropack-cli`;
    // The permissions are deno.json's cli set, spelled out: `deno install` drops --permission-set.
    const { permissions } = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
    const script = await Deno.readTextFile(command);
    // A flag with a wildcard (DISTROPACK_PACKAGE_ID_*) is quoted, so the shell leaves it alone.
    for (const flag of permissionFlags(permissions.cli)) {
      assert.ok(script.includes(` ${flag} `) || script.includes(` '${flag}' `), flag);
    }
    assert.doesNotMatch(script, /--allow-all|\s-A\s|--allow-run|--allow-sys|--allow-ffi/);

    const bytes = crypto.getRandomValues(new Uint8Array(5_000));
    await Deno.writeFile(`${project.path}/rel.txt`, bytes);
    const run = await output(
      command,
      ["publish", "--package-id", "pkg", "--version", "1.2.3", "--file", "a=rel.txt"],
      project.path,
      apiEnv(server, home),
    );
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /NotCapable|Requires \w+ access|PermissionDenied/);
    const [upload] = server.to("upload_file");
    assert.equal(upload.query.get("accessName"), "a");
    assert.equal(upload.file?.filename, "rel.txt");
    assert.equal(upload.file?.sha256, sha256(bytes));
    assert.equal(server.to("build_package").length, 1);
  },
});
