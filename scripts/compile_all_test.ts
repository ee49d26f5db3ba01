import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MAN_PAGE_PATH } from "../src/docs/files.ts";
import { compileArgs } from "./compile_all.ts";
import { targetOf, TARGETS } from "./release_assets.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

async function hasCommand(name: string): Promise<boolean> {
  const { success } = await new Deno.Command("sh", {
    args: ["-c", `command -v ${name}`],
    stdout: "null",
  }).output();
  return success;
}

Deno.test("binaries are compiled with the cli permission set and no other grant", () => {
  const args = compileArgs(targetOf("x86_64-unknown-linux-gnu"), "dist");
  assert.ok(args.includes("--permission-set=cli"));
  assert.ok(args.includes("--no-prompt"));
  assert.ok(args.includes("--target=x86_64-unknown-linux-gnu"));
  assert.ok(args.includes("--output=dist/distropack-cli-linux-x86_64"));
  assert.deepEqual(args.filter((arg) => /^(-A|--allow-)/.test(arg)), []);
  // No CA file baked in: SSL_CERT_FILE, DENO_CERT and DENO_TLS_CA_STORE are read at run time.
  assert.deepEqual(args.filter((arg) => /^--(cert|unsafely-ignore)/.test(arg)), []);
});

Deno.test("the cli task runs with the same permission set the binaries get", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  assert.match(config.tasks.cli, /--permission-set=cli/);
  assert.match(config.tasks.compile, /--permission-set=cli/);
  for (const task of ["cli", "compile"]) {
    assert.doesNotMatch(config.tasks[task], /--allow-|-A\b|--cert|--unsafely-ignore/);
  }
});

/** Every `.ts` file under src/ but the unit tests, relative to the root. */
async function sourceFiles(dir = "src"): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) files.push(...await sourceFiles(path));
    else if (path.endsWith(".ts") && !path.endsWith("_test.ts")) files.push(path);
  }
  return files;
}

Deno.test("binaries hold every module loaded on first use: each is a literal import, which compile follows", async () => {
  const computed: string[] = [];
  let literal = 0;
  for (const file of await sourceFiles()) {
    const code = (await Deno.readTextFile(`${REPO_ROOT}${file}`)).split("\n")
      .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line)).join("\n");
    for (const [call] of code.matchAll(/(?<!typeof\s)(?<![\w.])import\(\s*([^)\s]*)/g)) {
      if (/^import\(\s*"[^"]+"$/.test(call)) literal++;
      else computed.push(`${file}: ${call}`);
    }
  }
  assert.deepEqual(computed, [], "an import of a computed specifier is left out of the binary");
  assert.ok(literal > 10, `only ${literal} lazy imports found`);
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  assert.doesNotMatch(config.tasks.compile, /--include/);
  assert.ok(
    !compileArgs(targetOf("x86_64-unknown-linux-gnu"), "dist").some((a) =>
      a.startsWith("--include")
    ),
  );
  // Literal dynamic imports stay out of the start-up graph only with this setting.
  assert.ok(
    config.unstable?.includes("lazy-dynamic-imports"),
    "deno.json: unstable lazy-dynamic-imports",
  );
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
