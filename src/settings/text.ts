import { ConfigFileError } from "../errors.ts";

/** The text of a config file, and whether it began with a UTF-8 byte order mark. */
export interface ConfigText {
  text: string;
  /** Kept, so a file saved by an editor that writes one is written back the same way. */
  bom: boolean;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decodes a config file's bytes as UTF-8. Invalid UTF-8 is refused with the
 * offset (and line) of the first bad byte rather than read with U+FFFD in
 * its place, which the next write would save and so corrupt the file.
 */
export function decodeConfigText(bytes: Uint8Array, path: string): ConfigText {
  const bom = BOM.every((byte, i) => bytes[i] === byte);
  try {
    // The decoder drops a leading BOM itself.
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), bom };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const byte = bytes[offset].toString(16).padStart(2, "0").toUpperCase();
    throw new ConfigFileError(
      `Config file ${path} is not valid UTF-8: bad byte 0x${byte} at offset ${offset} ` +
        `(line ${line}). ` +
        `Save it as UTF-8 (or delete it and set the values again); the file was left unchanged.`,
    );
  }
}

/** Encodes config text for writing, with the byte order mark it was read with. */
export function encodeConfigText({ text, bom }: ConfigText): Uint8Array {
  return new TextEncoder().encode(bom ? `\ufeff${text}` : text);
}

/**
 * The offset of the first byte of UTF-8 that is ill-formed (a stray byte, or
 * the start of a cut-short or invalid sequence), or -1 when all is valid. The
 * platform's decoder judges each byte, so the rules (overlong forms,
 * surrogates, code points past U+10FFFF) are exactly those of `decode`.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let sequenceStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      // Output means the sequence ended at this byte; none means it goes on.
      if (decoder.decode(bytes.subarray(i, i + 1), { stream: true }) !== "") sequenceStart = i + 1;
    } catch {
      // A byte that cannot continue a sequence but could start one fails only its predecessor.
      return sequenceStart < i ? sequenceStart : i;
    }
  }
  try {
    decoder.decode();
  } catch {
    return sequenceStart;
  }
  return -1;
}
