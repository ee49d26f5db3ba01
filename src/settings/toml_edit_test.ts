import assert from "node:assert/strict";
import { parse } from "smol-toml";
import { editTopLevelKey, sameData } from "./toml_edit.ts";

Deno.test("editTopLevelKey replaces a key in place and keeps comments and other keys", () => {
  const text = '# my settings\napi_token = "old"  # rotated monthly\nteam = "x"\n';
  assert.equal(
    editTopLevelKey(text, "api_token", "new"),
    '# my settings\napi_token = "new"\nteam = "x"\n',
  );
});

Deno.test("editTopLevelKey adds new keys before the first table", () => {
  const text = 'team = "x"\n\n[profile.ci]\napi_token = "ci"\n';
  const edited = editTopLevelKey(text, "api_token", "top");
  assert.equal(edited, 'team = "x"\napi_token = "top"\n\n[profile.ci]\napi_token = "ci"\n');
  assert.deepEqual(JSON.parse(JSON.stringify(parse(edited))), {
    team: "x",
    api_token: "top",
    profile: { ci: { api_token: "ci" } },
  });
});

Deno.test("editTopLevelKey removes a key and leaves tables alone", () => {
  const text = 'api_token = "t"\nbase_url = "https://x"\n[t]\nbase_url = "keep"\n';
  assert.equal(
    editTopLevelKey(text, "base_url", null),
    'api_token = "t"\n[t]\nbase_url = "keep"\n',
  );
});

Deno.test("editTopLevelKey escapes values as TOML strings and keeps CRLF files CRLF", () => {
  const edited = editTopLevelKey("a = 1\r\n", "api_token", 'q"\\');
  assert.equal(edited, 'a = 1\r\napi_token = "q\\"\\\\"\r\n');
  assert.equal(parse(edited).api_token, 'q"\\');
});

Deno.test("sameData compares parsed TOML in any key order, and tells values and types apart", () => {
  const a = parse('x = 1\nd = 1979-05-27\n[s]\ny = 2\n[t]\nlist = [1, "a", { k = true }]\n');
  const b = parse('d = 1979-05-27\nx = 1\n[t]\nlist = [1, "a", { k = true }]\n[s]\ny = 2\n');
  assert.ok(sameData(a, b));
  assert.ok(sameData(parse("n = nan"), parse("n = nan")));
  for (
    const other of [
      'x = 1\nd = 1979-05-27\n[s]\ny = 2\n[t]\nlist = [1, "a", { k = false }]\n',
      'x = 1\nd = 1979-05-27T00:00:00\n[s]\ny = 2\n[t]\nlist = [1, "a", { k = true }]\n',
      'x = "1"\nd = 1979-05-27\n[s]\ny = 2\n[t]\nlist = [1, "a", { k = true }]\n',
      'x = 1\nd = 1979-05-27\n[s]\ny = 2\n[t]\nlist = [1, "a"]\n',
      'x = 1\nd = 1979-05-27\n[s]\ny = 2\nz = 3\n[t]\nlist = [1, "a", { k = true }]\n',
      'x = 1\nd = 1979-05-27\n[t]\nlist = [1, "a", { k = true }]\n',
    ]
  ) {
    assert.ok(!sameData(a, parse(other)), other);
  }
  assert.ok(!sameData(undefined, a));
  assert.ok(!sameData({ a: [] }, { a: {} }));
});
