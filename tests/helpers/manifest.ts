/** Release manifests (distropack.toml) for tests: their text, a release beside one, a server for it. */
import { FakeServer } from "./fake_server.ts";

/** One package of a manifest. */
export interface ManifestPackage {
  /** Its `package_id`, or `{ env }`: the variable that holds it (`package_id_env`). */
  id: string | { env: string };
  target?: string;
  /** Its files, by slot (`ref_id`), in order. */
  files: Record<string, string>;
}

/** The TOML of a manifest with these packages, by name, in order. */
export function manifestText(packages: Record<string, ManifestPackage>): string {
  return Object.entries(packages).map(([name, { id, target, files }]) =>
    [
      `[packages.${name}]`,
      typeof id === "string" ? `package_id = "${id}"` : `package_id_env = "${id.env}"`,
      ...(target ? [`target = "${target}"`] : []),
      "",
      `[packages.${name}.files]`,
      ...Object.entries(files).map(([slot, path]) => `${slot} = "${path}"`),
      "",
    ].join("\n")
  ).join("\n");
}

/**
 * The manifest of the publish tests: cli (pkg-cli, every target) and daemon
 * (deb only, its id `daemonId`), each a source tarball and the changelog.
 */
export function cliAndDaemon(daemonId: ManifestPackage["id"]): string {
  return manifestText({
    cli: {
      id: "pkg-cli",
      files: { "source-tarball": "dist/cli-{version}.tar.gz", changelog: "CHANGELOG.md" },
    },
    daemon: {
      id: daemonId,
      target: "deb",
      files: { "source-tarball": "dist/daemon-{version}.tar.gz", changelog: "CHANGELOG.md" },
    },
  });
}

/** `manifest` as distropack.toml in `dir`, with the files of cliAndDaemon's packages at 1.2.3. */
export async function writeRelease(dir: string, manifest: string): Promise<void> {
  await Deno.mkdir(`${dir}/dist`, { recursive: true });
  await Deno.writeTextFile(`${dir}/dist/cli-1.2.3.tar.gz`, "cli");
  await Deno.writeTextFile(`${dir}/dist/daemon-1.2.3.tar.gz`, "daemon");
  await Deno.writeTextFile(`${dir}/CHANGELOG.md`, "# 1.2.3\n");
  await Deno.writeTextFile(`${dir}/distropack.toml`, manifest);
}

/** A fake server that builds pkg-cli as cli-deb and cli-rpm, pkg-daemon as daemon-deb. */
export function twoPackageServer(): FakeServer {
  const server = FakeServer.start({
    jobNames: { "daemon-deb": "deb", "daemon-deb-2": "deb", "cli-deb": "deb", "cli-rpm": "rpm" },
  });
  server.jobIdsByPackage["pkg-cli"] = ["cli-deb", "cli-rpm"];
  server.jobIdsByPackage["pkg-daemon"] = ["daemon-deb"];
  return server;
}

/** `publish` of version 1.2.3 with a manifest, polling fast. */
export const PUBLISH_RELEASE = ["publish", "--version", "1.2.3", "--interval", "0.05"];

/** cli by its id, daemon by DISTROPACK_PACKAGE_ID_DAEMON, which DAEMON_ID sets. */
export const TWO_PACKAGES = cliAndDaemon({ env: "DISTROPACK_PACKAGE_ID_DAEMON" });
export const DAEMON_ID = { DISTROPACK_PACKAGE_ID_DAEMON: "pkg-daemon" };
