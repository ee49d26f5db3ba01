/**
 * A local copy of GitHub's release download layout on 127.0.0.1:
 * `<url>/latest/download/<file>` and `<url>/download/<tag>/<file>`, with a
 * checksums.txt per release made by the release tooling's own function, signed when asked. It
 * records every request path, so a test can tell whether anything was
 * downloaded. Dispose it with `await using`.
 */
import { checksumsText, sha256Hex, TARGETS } from "../../scripts/release_assets.ts";
import type { SigningKey } from "./signing.ts";

export interface Release {
  /** `latest` or a tag like `v1.2.3`. */
  tag: string;
  /** The bytes of one release binary, by its asset name (every target in TARGETS is served). */
  binary: (asset: string) => Uint8Array<ArrayBuffer>;
  /** checksums.txt lists a wrong checksum for every binary. */
  corruptChecksums?: boolean;
  /** checksums.txt has no entry for the binaries. */
  omitChecksums?: boolean;
  /** Signs checksums.txt (checksums.txt.sig); without it the release is unsigned. */
  signWith?: SigningKey;
  /**
   * Serves other binaries and a checksums.txt that matches them, with the signature of the
   * original checksums.txt: what a mirror that swapped the files would serve.
   */
  swapAfterSigning?: boolean;
}

export interface ReleaseServer extends AsyncDisposable {
  url: string;
  /** The path of every request, in order. */
  requests: string[];
}

export async function releaseServer(
  releases: Release[],
  /** Answers requests that are not release files (e.g. a status endpoint); undefined: 404. */
  other: (path: string) => Response | undefined = () => undefined,
): Promise<ReleaseServer> {
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const release of releases) {
    const prefix = release.tag === "latest" ? "/latest/download" : `/download/${release.tag}`;
    const checksums = async (binary: (asset: string) => Uint8Array<ArrayBuffer>) => {
      const entries = [{ name: "install.sh", sha256: "0".repeat(64) }];
      for (const target of TARGETS) {
        const bytes = binary(target.binary);
        files.set(`${prefix}/${target.binary}`, bytes);
        const sha256 = release.corruptChecksums ? "0".repeat(64) : await sha256Hex(bytes);
        if (!release.omitChecksums) entries.push({ name: target.binary, sha256 });
      }
      return new TextEncoder().encode(checksumsText(entries));
    };
    let text = await checksums(release.binary);
    if (release.signWith) {
      files.set(`${prefix}/checksums.txt.sig`, await release.signWith.sign(text));
    }
    if (release.swapAfterSigning) {
      const swapped = new TextEncoder().encode("#!/bin/sh\necho swapped\n");
      text = await checksums(() => swapped);
    }
    files.set(`${prefix}/checksums.txt`, text);
  }
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const path = new URL(request.url).pathname;
    const body = files.get(path);
    if (body) {
      requests.push(path);
      return new Response(body);
    }
    const answer = other(path);
    if (answer) return answer;
    requests.push(path);
    return new Response("Not Found", { status: 404 });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}
