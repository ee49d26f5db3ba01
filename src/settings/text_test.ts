import assert from "node:assert/strict";
import { decodeConfigText, encodeConfigText, firstInvalidUtf8 } from "./text.ts";
import { ConfigFileError } from "../errors.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(
    parts.flatMap((part) => typeof part === "string" ? [...new TextEncoder().encode(part)] : part),
  );

Deno.test("firstInvalidUtf8 finds the first bad byte, or -1 for valid UTF-8", () => {
  assert.equal(firstInvalidUtf8(bytes('a = "é€🔑"\n')), -1);
  assert.equal(firstInvalidUtf8(bytes()), -1);
  assert.equal(firstInvalidUtf8(bytes("ab", [0xff], "c")), 2, "a byte never valid");
  assert.equal(firstInvalidUtf8(bytes("ab", [0x80])), 2, "a stray continuation byte");
  assert.equal(firstInvalidUtf8(bytes("é", [0xe2, 0x28, 0xa1])), 2, "a sequence cut by ASCII");
  assert.equal(firstInvalidUtf8(bytes("x", [0xc3], "é")), 1, "a sequence cut by a new one");
  assert.equal(firstInvalidUtf8(bytes("abc", [0xe2, 0x82])), 3, "a sequence cut by the end");
  assert.equal(firstInvalidUtf8(bytes([0xc0, 0xaf])), 0, "an overlong form");
  assert.equal(firstInvalidUtf8(bytes("a", [0xed, 0xa0, 0x80])), 1, "a surrogate");
  assert.equal(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80])), 0, "past U+10FFFF");
});

Deno.test("decodeConfigText refuses invalid UTF-8 with the path, offset and line", () => {
  const text = bytes('# café\napi_token = "x"\nteam = "', [0xe9], 'quipe"\n');
  assert.throws(() => decodeConfigText(text, "/c.toml"), (error: Error) => {
    assert.ok(error instanceof ConfigFileError);
    assert.equal(
      error.message,
      "Config file /c.toml is not valid UTF-8: bad byte 0xE9 at offset 32 (line 3). " +
        "Save it as UTF-8 (or delete it and set the values again); the file was left unchanged.",
    );
    return true;
  });
});

Deno.test("decodeConfigText drops a byte order mark and encodeConfigText puts it back", () => {
  const withBom = bytes([0xef, 0xbb, 0xbf], 'a = "é"\n');
  const decoded = decodeConfigText(withBom, "/c.toml");
  assert.deepEqual(decoded, { text: 'a = "é"\n', bom: true });
  assert.deepEqual(encodeConfigText(decoded), withBom);
  const plain = decodeConfigText(bytes('a = "é"\n'), "/c.toml");
  assert.equal(plain.bom, false);
  assert.deepEqual(encodeConfigText(plain), bytes('a = "é"\n'));
});
