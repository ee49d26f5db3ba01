import assert from "node:assert/strict";
import { parse } from "smol-toml";
import {
  type ConfigFile,
  decodeConfigText,
  encodeConfigText,
  firstInvalidUtf8,
  insecureModeWarning,
  knownValues,
} from "./file.ts";
import { updateConfigFile } from "./update.ts";
import { parseConfigText } from "./toml_edit.ts";
import { ConfigFileError } from "../errors.ts";

Deno.test("parseConfigText names the file, line and column of a syntax error", () => {
  assert.throws(
    () => parseConfigText('api_token = "ok"\nbase_url = https://x\n', "/c.toml"),
    (error: Error) => {
      assert.ok(error instanceof ConfigFileError);
      assert.match(error.message, /^Config file \/c\.toml is not valid TOML: line 2, column \d+: /);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    },
  );
});

Deno.test("knownValues refuses a token that is not a string", () => {
  assert.throws(() => knownValues({ api_token: 42 }, "/c.toml"), /'api_token' must be a string/);
  assert.deepEqual(knownValues({ api_token: "t", other: 1 }, "/c.toml"), { api_token: "t" });
});

Deno.test("insecureModeWarning names the file behind a symlink and quotes it for the shell", () => {
  const file: ConfigFile = { path: "/h/c.toml", target: "/d/it's.toml", exists: true, values: {} };
  assert.equal(insecureModeWarning(file), undefined);
  assert.equal(
    insecureModeWarning({ ...file, insecureMode: 0o644 }),
    "/d/it's.toml can be read by other users (mode 0644). Fix it with: chmod 600 '/d/it'\\''s.toml'",
  );
});

Deno.test("concurrent updates of different keys all land, thanks to the lock", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/config.toml`;
    for (let round = 0; round < 10; round++) {
      await Deno.remove(path).catch(() => {});
      await Promise.all([
        ...[0, 1, 2, 3].map((i) => updateConfigFile(path, { api_token: `token-${i}` })),
        ...[0, 1, 2, 3].map((i) => updateConfigFile(path, { base_url: `https://h${i}.example` })),
      ]);
      const data = parse(await Deno.readTextFile(path));
      assert.match(String(data.api_token), /^token-\d$/, `round ${round}`);
      assert.match(String(data.base_url), /^https:\/\/h\d\.example$/, `round ${round}`);
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["config.toml"], "no lock");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

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
