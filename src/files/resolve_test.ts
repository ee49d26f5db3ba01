/** `resolveFiles`: turning slots and patterns into checked files on disk. */
import assert from "node:assert/strict";
import { CliError } from "../errors.ts";
import type { FileSpec } from "./specs.ts";
import { resolveFiles } from "./resolve.ts";
import { globOf } from "./glob.ts";

const posixOnly = Deno.build.os === "windows";

/** A temp directory for one test, removed with all it holds by `await using`. */
async function tempDir(): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix: "distropack-files-" });
  const remove = () => Deno.remove(path, { recursive: true }).catch(() => {});
  return { path, [Symbol.asyncDispose]: remove };
}

async function rejection(promise: Promise<unknown>, type: typeof CliError): Promise<CliError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, String(error));
    assert.equal(error.constructor, type);
    return error;
  }
  assert.fail(`expected a ${type.name}`);
}

/** The message of the error resolveFiles refuses `specs` with. */
async function refused(...args: Parameters<typeof resolveFiles>): Promise<string> {
  return (await rejection(resolveFiles(...args), CliError)).message;
}

/** Writes each file (creating its directories) with `size` bytes. */
async function writeFiles(root: string, files: Record<string, number>): Promise<void> {
  for (const [name, size] of Object.entries(files)) {
    const path = `${root}/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(path, new Uint8Array(size));
  }
}

const spec = (refId: string, pattern: string): FileSpec => ({ refId, pattern });

Deno.test("resolveFiles resolves plain paths from the working directory, with {version}", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "dist/app-1.2.3.tar.gz": 100, "CHANGELOG.md": 7 });
  const files = await resolveFiles(
    [spec("src", "dist/app-{version}.tar.gz"), spec("log", `${dir.path}/CHANGELOG.md`)],
    "1.2.3",
    dir.path,
  );
  assert.deepEqual(files, [
    {
      refId: "src",
      path: `${dir.path}/dist/app-1.2.3.tar.gz`,
      shown: "dist/app-1.2.3.tar.gz",
      size: 100,
    },
    { refId: "log", path: `${dir.path}/CHANGELOG.md`, shown: `${dir.path}/CHANGELOG.md`, size: 7 },
  ]);
});

Deno.test("resolveFiles takes the one regular file a glob matches", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "out/deb/app_1.0_amd64.deb": 3,
    "out/deb/app_1.0_amd64.deb.sha256": 1,
    "out/rpm/x86_64/app-1.0.x86_64.rpm": 5,
    "out/rpm/app-0.9.x86_64.rpm": 5,
    "out/app.d/readme": 1,
    "out/app.txt": 2,
  });
  const files = await resolveFiles(
    [
      spec("deb", "out/*/*.deb"),
      spec("rpm", "out/**/app-{version}.*.rpm"),
      spec("txt", "./out/app.*"),
    ],
    "1.0",
    dir.path,
  );
  assert.deepEqual(files, [
    {
      refId: "deb",
      path: `${dir.path}/out/deb/app_1.0_amd64.deb`,
      shown: "out/deb/app_1.0_amd64.deb",
      size: 3,
    },
    {
      refId: "rpm",
      path: `${dir.path}/out/rpm/x86_64/app-1.0.x86_64.rpm`,
      shown: "out/rpm/x86_64/app-1.0.x86_64.rpm",
      size: 5,
    },
    { refId: "txt", path: `${dir.path}/out/app.txt`, shown: "./out/app.txt", size: 2 },
  ]);
});

Deno.test("resolveFiles matches a glob under an absolute directory", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "dist/app.zip": 4 });
  const [file] = await resolveFiles([spec("zip", `${dir.path}/dist/*.zip`)], "1", "/");
  assert.deepEqual(file, {
    refId: "zip",
    path: `${dir.path}/dist/app.zip`,
    shown: `${dir.path}/dist/app.zip`,
    size: 4,
  });
});

Deno.test("a Windows glob reads \\ as a separator: relative, absolute, with ** and {version}", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "dist/app-1.0[x].zip": 4,
    "dist/app-1.0x.zip": 4,
    "dist/win/x64/setup.msi": 6,
    "dist/readme.txt": 1,
  });
  const files = await resolveFiles(
    [
      spec("zip", "dist\\app-{version}*.zip"),
      spec("msi", ".\\dist\\**\\*.msi"),
      // Absolute: on Windows, C:\build\dist\*.txt; here a rooted path as Windows reads it.
      spec("txt", `${dir.path}\\dist\\*.txt`),
    ],
    "1.0[x]",
    dir.path,
    "win32",
  );
  // Compared with / in the paths to open, as this machine may write them either way.
  const root = dir.path.replaceAll("\\", "/");
  assert.deepEqual(files.map((file) => ({ ...file, path: file.path.replaceAll("\\", "/") })), [
    {
      refId: "zip",
      path: `${root}/dist/app-1.0[x].zip`,
      shown: "dist\\app-1.0[x].zip",
      size: 4,
    },
    {
      refId: "msi",
      path: `${root}/dist/win/x64/setup.msi`,
      shown: ".\\dist\\win\\x64\\setup.msi",
      size: 6,
    },
    {
      refId: "txt",
      path: `${root}/dist/readme.txt`,
      shown: `${dir.path.replaceAll("/", "\\")}\\dist\\readme.txt`,
      size: 1,
    },
  ]);
  // Elsewhere \ escapes the next character, as in a shell: no directory is named.
  await rejection(resolveFiles([spec("zip", "dist\\app-*.zip")], "1", dir.path, "posix"), CliError);
  assert.equal(globOf("C:\\build\\dist\\*.zip", "win32"), "C:/build/dist/*.zip");
  assert.equal(globOf("\\\\server\\share\\*.zip", "win32"), "//server/share/*.zip");
  assert.equal(globOf("dist\\\\*.zip", "posix"), "dist\\\\*.zip");
});

Deno.test("resolveFiles treats the version as text, never as a glob", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, {
    "app-1.0[x]-src.tar.gz": 1,
    "app-1.0x-src.tar.gz": 1,
    "lit-1*.txt": 1,
    "lit-12.txt": 1,
  });
  const [fromGlob] = await resolveFiles(
    [spec("src", "app-{version}-*.tar.gz")],
    "1.0[x]",
    dir.path,
  );
  assert.equal(fromGlob.shown, "app-1.0[x]-src.tar.gz");
  const [plain] = await resolveFiles([spec("lit", "lit-{version}.txt")], "1*", dir.path);
  assert.equal(plain.shown, "lit-1*.txt");
});

Deno.test("resolveFiles refuses a glob matching no file or several, listing a few", async () => {
  await using dir = await tempDir();
  const many = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((n) => [`dist/app${n}.deb`, 1]));
  await writeFiles(dir.path, { ...many, "dist/sub/deep.rpm": 1 });
  assert.equal(
    await refused([spec("rpm", "dist/*.rpm")], "1", dir.path),
    "Cannot upload dist/*.rpm (rpm): the pattern matches no file. " +
      "Check the paths given to --file or --files; a pattern must match exactly one file.",
  );
  assert.equal(
    await refused([spec("deb", "dist/app*.deb")], "1", dir.path),
    "Cannot upload dist/app*.deb (deb): the pattern matches 7 files: dist/app1.deb, " +
      "dist/app2.deb, dist/app3.deb, dist/app4.deb, dist/app5.deb, and 2 more. " +
      "Check the paths given to --file or --files; a pattern must match exactly one file.",
  );
});

Deno.test("resolveFiles names every bad file in one error: missing paths and patterns alike", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "a1.deb": 1, "a2.deb": 1 });
  assert.equal(
    await refused(
      [
        spec("deb", "a?.deb"),
        spec("gone", "missing.tar.gz"),
        spec("rpm", "*-{version}.rpm"),
        spec("also", "gone-{version}.txt"),
      ],
      "2.0",
      dir.path,
    ),
    "Cannot upload 4 files: a?.deb (deb): the pattern matches 2 files: a1.deb, a2.deb; " +
      "missing.tar.gz (gone): not found; *-2.0.rpm (rpm): the pattern matches no file; " +
      "gone-2.0.txt (also): not found. " +
      "Check the paths given to --file or --files; a pattern must match exactly one file.",
  );
});

Deno.test("resolveFiles names every file it cannot upload in one error", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "ok.txt": 1 });
  await Deno.mkdir(`${dir.path}/adir`);
  assert.equal(
    await refused(
      [spec("a", "ok.txt"), spec("b", "gone-{version}.deb"), spec("c", "adir")],
      "3",
      dir.path,
    ),
    "Cannot upload 2 files: gone-3.deb (b): not found; adir (c): a directory. " +
      "Check the paths given to --file or --files.",
  );
  assert.equal(
    await refused([spec("b", "gone.deb")], "3", dir.path),
    "Cannot upload gone.deb (b): not found. Check the paths given to --file or --files.",
  );
});

Deno.test({
  name: "resolveFiles refuses a pipe, which cannot be read again on a retry",
  ignore: posixOnly,
  async fn() {
    await using dir = await tempDir();
    const made = await new Deno.Command("mkfifo", { args: [`${dir.path}/pipe`] }).output();
    assert.ok(made.success, "mkfifo failed");
    const error = await rejection(resolveFiles([spec("p", "pipe")], "1", dir.path), CliError);
    assert.match(error.message, /^Cannot upload pipe \(p\): not a regular file\./);
  },
});

Deno.test({
  name: "resolveFiles says permission denied for a file it cannot open",
  // root can open any file
  ignore: posixOnly || Deno.uid() === 0,
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "secret.bin": 1 });
    await Deno.chmod(`${dir.path}/secret.bin`, 0o000);
    const error = await rejection(resolveFiles([spec("s", "secret.bin")], "1", dir.path), CliError);
    assert.match(error.message, /^Cannot upload secret\.bin \(s\): permission denied\./);
  },
});

Deno.test("resolveFiles matches * within one directory only", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "dist/a.deb": 1, "dist/sub/b.deb": 1 });
  const [top] = await resolveFiles([spec("a", "dist/*.deb")], "1", dir.path);
  assert.equal(top.shown, "dist/a.deb");
  const [nested] = await resolveFiles([spec("b", "dist/*/*.deb")], "1", dir.path);
  assert.equal(nested.shown, "dist/sub/b.deb");
});

Deno.test("resolveFiles reads a leading ! in a pattern as part of a file name", async () => {
  await using dir = await tempDir();
  await writeFiles(dir.path, { "out/!c.deb": 1, "out/c.deb": 1 });
  const [bang] = await resolveFiles([spec("c", "out/!*.deb")], "1", dir.path);
  assert.equal(bang.shown, "out/!c.deb");
});

Deno.test({
  name: "resolveFiles follows links to files, but not to directories, so ** cannot loop",
  ignore: posixOnly,
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "real/app.deb": 6 });
    await Deno.symlink(`${dir.path}/real`, `${dir.path}/real/loop`);
    await Deno.mkdir(`${dir.path}/links`);
    await Deno.symlink(`${dir.path}/real/app.deb`, `${dir.path}/links/app-link.deb`);
    const [looped] = await resolveFiles([spec("a", "real/**/*.deb")], "1", dir.path);
    assert.equal(looped.shown, "real/app.deb");
    const [linked] = await resolveFiles([spec("l", "links/*.deb")], "1", dir.path);
    assert.deepEqual([linked.shown, linked.size], ["links/app-link.deb", 6]);
  },
});

Deno.test({
  name: "resolveFiles shows a matched file name's control characters escaped",
  ignore: posixOnly,
  async fn() {
    await using dir = await tempDir();
    await writeFiles(dir.path, { "a\nb.deb": 1 });
    const [file] = await resolveFiles([spec("d", "*.deb")], "1", dir.path);
    assert.deepEqual([file.path, file.shown], [`${dir.path}/a\nb.deb`, "a\\nb.deb"]);
  },
});
