/**
 * What a release ships: one binary per target with the names that existing
 * CI scripts and the GitHub Action download, an archive of each, and
 * checksums.txt. The compile script, the release workflow and install.sh
 * all follow these names.
 */
import { zipSync } from "fflate";
import { createTarGzip } from "nanotar";

/** The GitHub repository that publishes the releases. */
export const REPOSITORY = "distropack/distropack-cli";

/** The container image the release workflow pushes. */
export const IMAGE = `ghcr.io/${REPOSITORY}`;

export interface ReleaseTarget {
  /** The `deno compile --target` triple. */
  target: string;
  /** The released binary's file name. */
  binary: string;
  /** The archive holding the binary as `distropack-cli` (`.exe` on Windows). */
  archive: string;
}

function releaseTarget(target: string, os: string, arch: string): ReleaseTarget {
  const windows = os === "windows";
  const base = `distropack-cli-${os}-${arch}`;
  return {
    target,
    binary: windows ? `${base}.exe` : base,
    archive: windows ? `${base}.zip` : `${base}.tar.gz`,
  };
}

export const TARGETS: readonly ReleaseTarget[] = [
  releaseTarget("x86_64-unknown-linux-gnu", "linux", "x86_64"),
  releaseTarget("aarch64-unknown-linux-gnu", "linux", "aarch64"),
  releaseTarget("x86_64-apple-darwin", "macos", "x86_64"),
  releaseTarget("aarch64-apple-darwin", "macos", "aarch64"),
  releaseTarget("x86_64-pc-windows-msvc", "windows", "x86_64"),
];

export const CHECKSUMS_FILE = "checksums.txt";

export function targetOf(triple: string): ReleaseTarget {
  const found = TARGETS.find((t) => t.target === triple);
  if (!found) {
    throw new Error(
      `Unknown target '${triple}'. Known targets: ${TARGETS.map((t) => t.target).join(", ")}.`,
    );
  }
  return found;
}

/** The command name inside an archive: what users put on their PATH. */
export function commandFileName(target: ReleaseTarget): string {
  return target.binary.endsWith(".exe") ? "distropack-cli.exe" : "distropack-cli";
}

/** The man page's name inside an archive, beside the binary (`man -l distropack-cli.1`). */
export const MAN_PAGE_FILE = "distropack-cli.1";

/** The archive's bytes: the binary under its command name, executable, and the man page. */
export async function archiveBytes(
  target: ReleaseTarget,
  binary: Uint8Array,
  mtime: Date,
  manPage: Uint8Array,
): Promise<Uint8Array> {
  const name = commandFileName(target);
  if (target.archive.endsWith(".zip")) {
    return zipSync({
      [name]: [binary, { level: 9, mtime }],
      [MAN_PAGE_FILE]: [manPage, { level: 9, mtime }],
    });
  }
  const attrs = { uid: 0, gid: 0, mtime: mtime.getTime() };
  return await createTarGzip([
    { name, data: binary, attrs: { ...attrs, mode: "755" } },
    { name: MAN_PAGE_FILE, data: manPage, attrs: { ...attrs, mode: "644" } },
  ]);
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * checksums.txt in the format `sha256sum -c` and `shasum -a 256 -c` read:
 * `<hex>  <name>`, one file a line, sorted by name.
 */
export function checksumsText(entries: { name: string; sha256: string }[]): string {
  return [...entries]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, sha256 }) => `${sha256}  ${name}\n`)
    .join("");
}

/** The GitHub release notes: how to install this version. */
export function releaseNotes(version: string): string {
  const tag = `v${version}`;
  const download = `https://github.com/${REPOSITORY}/releases/download/${tag}`;
  const rows = TARGETS.map((t) => `| \`${t.target}\` | [${t.binary}](${download}/${t.binary}) |`);
  return `## Install

\`\`\`sh
curl -fsSL https://github.com/${REPOSITORY}/releases/download/${tag}/install.sh | DISTROPACK_VERSION=${tag} sh
\`\`\`

The installer picks the binary for your OS and CPU, checks it against \`${CHECKSUMS_FILE}\` and installs it to \`~/.local/bin\` (set \`DISTROPACK_INSTALL_DIR\` to change that). No sudo needed.

Container image: \`docker run --rm -e DISTROPACK_API_TOKEN ${IMAGE}:${version} --help\`

## Binaries

| Target | Binary |
| --- | --- |
${rows.join("\n")}

Each binary also comes as an archive (\`.tar.gz\`, \`.zip\` on Windows). Verify downloads with \`sha256sum -c ${CHECKSUMS_FILE} --ignore-missing\`.
`;
}
