import assert from "node:assert/strict";
import { unzipSync } from "fflate";
import { parseTarGzip } from "nanotar";
import {
  archiveBytes,
  checksumsText,
  commandFileName,
  releaseNotes,
  sha256Hex,
  targetOf,
  TARGETS,
} from "./release_assets.ts";

Deno.test("the five targets ship under the names CI scripts and the GitHub Action download", () => {
  assert.deepEqual(TARGETS.map((t) => [t.target, t.binary, t.archive]), [
    [
      "x86_64-unknown-linux-gnu",
      "distropack-cli-linux-x86_64",
      "distropack-cli-linux-x86_64.tar.gz",
    ],
    [
      "aarch64-unknown-linux-gnu",
      "distropack-cli-linux-aarch64",
      "distropack-cli-linux-aarch64.tar.gz",
    ],
    ["x86_64-apple-darwin", "distropack-cli-macos-x86_64", "distropack-cli-macos-x86_64.tar.gz"],
    ["aarch64-apple-darwin", "distropack-cli-macos-aarch64", "distropack-cli-macos-aarch64.tar.gz"],
    [
      "x86_64-pc-windows-msvc",
      "distropack-cli-windows-x86_64.exe",
      "distropack-cli-windows-x86_64.zip",
    ],
  ]);
});

Deno.test("an unknown target is refused with the list of known ones", () => {
  assert.throws(() => targetOf("riscv64-unknown-linux-gnu"), /Known targets: x86_64-unknown/);
});

Deno.test("checksums.txt has sha256sum's format, sorted by name", async () => {
  const data = new TextEncoder().encode("abc");
  const sha = await sha256Hex(data);
  assert.equal(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    checksumsText([{ name: "b.zip", sha256: "1".repeat(64) }, { name: "a", sha256: sha }]),
    `${sha}  a\n${"1".repeat(64)}  b.zip\n`,
  );
});

const MAN_PAGE = new TextEncoder().encode('.TH "DISTROPACK-CLI" 1\n');

Deno.test("a tar.gz archive holds the binary as an executable distropack-cli, and its man page", async () => {
  const target = targetOf("aarch64-apple-darwin");
  const binary = new TextEncoder().encode("#!/bin/sh\necho fake\n");
  const items = await parseTarGzip(await archiveBytes(target, binary, new Date(0), MAN_PAGE));
  assert.deepEqual(items.map((item) => [item.name, item.attrs?.mode]), [
    ["distropack-cli", "0000755"],
    ["distropack-cli.1", "0000644"],
  ]);
  assert.deepEqual(items[0].data, binary);
  assert.deepEqual(items[1].data, MAN_PAGE);
});

Deno.test("the Windows archive is a zip holding distropack-cli.exe and the man page", async () => {
  const target = targetOf("x86_64-pc-windows-msvc");
  assert.equal(commandFileName(target), "distropack-cli.exe");
  const binary = new Uint8Array([77, 90, 1, 2, 3]);
  const files = unzipSync(await archiveBytes(target, binary, new Date(2026, 0, 1), MAN_PAGE));
  assert.deepEqual(Object.keys(files), ["distropack-cli.exe", "distropack-cli.1"]);
  assert.deepEqual(files["distropack-cli.exe"], binary);
  assert.deepEqual(files["distropack-cli.1"], MAN_PAGE);
});

Deno.test("the release notes show the pinned install one-liner and every binary", () => {
  const notes = releaseNotes("1.2.3");
  assert.match(
    notes,
    /curl -fsSL https:\/\/github\.com\/distropack\/distropack-cli\/releases\/download\/v1\.2\.3\/install\.sh \| DISTROPACK_VERSION=v1\.2\.3 sh/,
  );
  for (const target of TARGETS) assert.ok(notes.includes(target.binary), target.binary);
  assert.match(notes, /ghcr\.io\/distropack\/distropack-cli:1\.2\.3/);
});
