/**
 * install.sh, run with `sh` against a local server that serves fake release
 * assets in GitHub's layout. The detected platform is chosen with a fake
 * `uname` first on PATH, so the installer has no test-only switches. Releases are signed
 * with a key made here, pinned in a copy of install.sh (see ./signing.ts).
 */
import { REPO_ROOT } from "./process.ts";
import { releaseServer as serveReleases } from "./release_server.ts";
import { makeSigningKey, type SigningKey, writePinnedInstaller } from "./signing.ts";

export const INSTALLER = `${REPO_ROOT}install.sh`;
export const posix = Deno.build.os !== "windows";

/** A fake binary: a script that prints the version the release would have. */
export function fakeBinary(name: string, version: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`#!/bin/sh\necho "distropack-cli ${version} (${name})"\n`);
}

export interface Release {
  /** `latest` or a tag like `v1.2.3`. */
  tag: string;
  version: string;
  /** Replaces the right checksum of every binary with a wrong one. */
  corruptChecksums?: boolean;
  /** Serves no checksums.txt.sig. */
  unsigned?: boolean;
  /** Signs with this key instead of the one pinned in the installer the tests run. */
  signWith?: SigningKey;
  swapAfterSigning?: boolean;
}

/** The key the tests pin in their copy of install.sh, and sign their releases with. */
export const KEY = posix ? await makeSigningKey() : undefined;

/** Serves releases at /latest/download/<file> and /download/<tag>/<file>, signed with KEY. */
export function releaseServer(releases: Release[]) {
  return serveReleases(releases.map((release) => ({
    ...release,
    binary: (asset: string) => fakeBinary(asset, release.version),
    signWith: release.unsigned ? undefined : release.signWith ?? KEY!,
  })));
}

export interface InstallRun {
  code: number;
  stderr: string;
  home: string;
}

/** Runs `sh install.sh` as if on `os`/`arch` (what `uname -s`/`uname -m` print). */
export async function install(
  home: string,
  platform: { os: string; arch: string },
  env: Record<string, string>,
  /** Which key the installer trusts: KEY, or the release key of the real install.sh. */
  trusted: "test key" | "release key" = "test key",
): Promise<InstallRun> {
  const bin = `${home}/fake-bin`;
  await Deno.mkdir(bin, { recursive: true });
  const installer = `${home}/install.sh`;
  if (trusted === "test key") await writePinnedInstaller(installer, KEY!.publicKey);
  else await Deno.copyFile(INSTALLER, installer);
  await Deno.writeTextFile(
    `${bin}/uname`,
    `#!/bin/sh\ncase "$1" in\n  -s) echo '${platform.os}' ;;\n  -m) echo '${platform.arch}' ;;\n  *) echo '${platform.os}' ;;\nesac\n`,
  );
  await Deno.chmod(`${bin}/uname`, 0o755);
  const { code, stderr } = await new Deno.Command("sh", {
    args: [installer],
    env: { PATH: `${bin}:${Deno.env.get("PATH") ?? ""}`, HOME: home, ...env },
    clearEnv: true,
    cwd: home,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, stderr: new TextDecoder().decode(stderr), home };
}

export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
