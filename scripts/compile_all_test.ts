import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MAN_PAGE_PATH } from "../src/docs/files.ts";
import { TARGETS } from "./release_assets.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

async function hasCommand(name: string): Promise<boolean> {
  const { success } = await new Deno.Command("sh", {
    args: ["-c", `command -v ${name}`],
    stdout: "null",
  }).output();
  return success;
}

Deno.test("the cli task runs with the same permission set the binaries get", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  assert.match(config.tasks.cli, /--permission-set=cli/);
  assert.match(config.tasks.compile, /scripts\/compile\.ts/);
  assert.match(config.tasks["compile:all"], /scripts\/compile_all\.ts/);
  assert.doesNotMatch(config.tasks.cli, /--allow-|-A\b|--cert|--unsafely-ignore/);
});

Deno.test({
  name: "compile:all --no-compile archives the binaries in dist and checksums the release assets",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "distropack-dist-" });
    try {
      for (const target of TARGETS) {
        await Deno.writeTextFile(`${dir}/${target.binary}`, target.target);
      }
      await Deno.writeTextFile(`${dir}/distropack-cli`, "the compile task's binary");
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-run",
          "--allow-read",
          "--allow-write",
          `${REPO_ROOT}scripts/compile_all.ts`,
          "--no-compile",
          `--out=${dir}`,
        ],
        stderr: "piped",
      }).output();
      assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
      const names = (await Deno.readTextFile(`${dir}/checksums.txt`)).trim().split("\n")
        .map((line) => line.split("  ")[1]);
      assert.deepEqual(names, TARGETS.flatMap((t) => [t.binary, t.archive]).sort());
      // macOS has shasum but not always sha256sum; both read the same format.
      const [tool, ...toolArgs] = await hasCommand("sha256sum")
        ? ["sha256sum"]
        : ["shasum", "-a", "256"];
      const check = await new Deno.Command(tool, {
        args: [...toolArgs, "--check", "checksums.txt"],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
      const list = await new Deno.Command("tar", {
        args: ["-tvzf", `${dir}/distropack-cli-linux-aarch64.tar.gz`],
        stdout: "piped",
      }).output();
      assert.match(
        new TextDecoder().decode(list.stdout),
        /^-rwxr-xr-x .* distropack-cli\n-rw-r--r-- .* distropack-cli\.1\n$/,
      );
      // The man page in the archive is the one `deno task docs` wrote.
      const extracted = await new Deno.Command("tar", {
        args: ["-xzOf", `${dir}/distropack-cli-linux-aarch64.tar.gz`, "distropack-cli.1"],
        stdout: "piped",
      }).output();
      assert.deepEqual(extracted.stdout, await Deno.readFile(`${REPO_ROOT}${MAN_PAGE_PATH}`));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
