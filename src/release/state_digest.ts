/**
 * SHA-256 of the bytes a file upload sends, computed while they stream (each
 * attempt starts over), and of a file on disk, to tell whether it changed
 * since it was sent.
 */
import { createHash, type Hash } from "node:crypto";
import type { ByteSource } from "../api/multipart.ts";
import type { FileDigest } from "./state.ts";

/** Hashes what is read through the sources it wraps; `digest()` is the last attempt's. */
export class StreamDigest {
  #hash: Hash = createHash("sha256");
  #bytes = 0;

  /** The source, hashing each chunk as it is read; a new attempt starts the digest over. */
  wrap(source: ByteSource): ByteSource {
    this.#hash = createHash("sha256");
    this.#bytes = 0;
    const hash = this.#hash;
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
  digest(): FileDigest {
    return { sha256: this.#hash.copy().digest("hex"), bytes: this.#bytes };
  }
}

/** The digest of a file as it is on disk now. */
export async function fileDigest(path: string): Promise<FileDigest> {
  const hash = createHash("sha256");
  let bytes = 0;
  const file = await Deno.open(path, { read: true });
  // The readable closes the file when it ends or fails.
  for await (const chunk of file.readable) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest("hex"), bytes };
}
