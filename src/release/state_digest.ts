/**
 * SHA-256 of the bytes a file upload sends, computed while they stream (each
 * attempt starts over), and of a file on disk, to tell whether it changed
 * since it was sent.
 */
import type { ByteSource } from "../api/multipart.ts";
import type { FileDigest } from "./state.ts";

interface Sha256 {
  update(data: Uint8Array): Sha256;
  digest(): Uint8Array;
  clone(): Sha256;
}

/** A new SHA-256 hasher. */
async function sha256(): Promise<Sha256> {
  // @noble/hashes is an npm package: loaded only by a run that sends or compares a file.
  return (await import("@noble/hashes/sha2.js")).sha256.create();
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Hashes what is read through the sources it wraps; `digest()` is the last attempt's. */
export class StreamDigest {
  #hash: Sha256 | undefined;
  #bytes = 0;

  /** The source, hashing each chunk as it is read; a new attempt starts the digest over. */
  async wrap(source: ByteSource): Promise<ByteSource> {
    const hash = this.#hash = await sha256();
    this.#bytes = 0;
    return {
      read: async (buffer) => {
        const count = await source.read(buffer);
        if (count !== null && count > 0 && hash === this.#hash) {
          hash.update(buffer.subarray(0, count));
          this.#bytes += count;
        }
        return count;
      },
      close: () => source.close(),
    };
  }

  /** The digest of the bytes read by the last attempt. */
  async digest(): Promise<FileDigest> {
    const hash = this.#hash?.clone() ?? await sha256();
    return { sha256: hex(hash.digest()), bytes: this.#bytes };
  }
}

/** The digest of a file as it is on disk now. */
export async function fileDigest(path: string): Promise<FileDigest> {
  const hash = await sha256();
  let bytes = 0;
  const file = await Deno.open(path, { read: true });
  // The readable closes the file when it ends or fails.
  for await (const chunk of file.readable) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hex(hash.digest()), bytes };
}
