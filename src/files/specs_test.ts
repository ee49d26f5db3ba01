/** `parseFileSpecs`: reading --file and --files into slots and patterns. */
import assert from "node:assert/strict";
import { UsageError } from "../errors.ts";
import { type FileSpec, objectKeys, parseFileSpecs } from "./specs.ts";

const spec = (refId: string, pattern: string): FileSpec => ({ refId, pattern });

function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail("expected a UsageError");
}

Deno.test("parseFileSpecs splits --file at the first = and keeps the order given", () => {
  assert.deepEqual(
    parseFileSpecs(["source-tarball=dist/a=b.tar.gz", "changelog=CHANGELOG.md"], undefined),
    [spec("source-tarball", "dist/a=b.tar.gz"), spec("changelog", "CHANGELOG.md")],
  );
});

Deno.test("parseFileSpecs reads --files as an object and adds it after --file", () => {
  assert.deepEqual(
    parseFileSpecs(["a=x"], '{"b": "dist/*.deb", "c": "app-{version}.tar.gz"}'),
    [spec("a", "x"), spec("b", "dist/*.deb"), spec("c", "app-{version}.tar.gz")],
  );
  assert.deepEqual(parseFileSpecs([], "{}"), []);
  assert.deepEqual(parseFileSpecs([], "  \n"), [], "a blank --files counts as none");
});

Deno.test("parseFileSpecs refuses a slot given twice, in either form", () => {
  assert.match(usageError(() => parseFileSpecs(["a=x", "a=y"], undefined)), /slot a is given more/);
  assert.match(usageError(() => parseFileSpecs(["a=x"], '{"a": "y"}')), /slot a is given more/);
});

Deno.test("parseFileSpecs refuses a --file without REF=PATH", () => {
  assert.match(
    usageError(() => parseFileSpecs(["dist/a.deb"], undefined)),
    /--file needs SLOT=PATH/,
  );
  assert.match(usageError(() => parseFileSpecs(["deb="], undefined)), /--file deb= has no path/);
  assert.match(usageError(() => parseFileSpecs(["=dist/a.deb"], undefined)), /slot name is empty/);
});

Deno.test("parseFileSpecs says what is wrong with --files", () => {
  const cases: Array<[string, RegExp]> = [
    ['{"a": "x"', /--files is not valid JSON \(.+\)\. Give an object such as \{"source-tarball"/],
    ['["a=x"]', /--files must be a JSON object .*; got an array\./],
    ["null", /got null\./],
    ['"a=x"', /got a string\./],
    ['{"a": 1}', /the path for "a" must be a string, not a number\./],
    ['{"a": {"path": "x"}}', /the path for "a" must be a string, not an object\./],
    ['{"a": ""}', /the path for "a" is empty\./],
    ['{"": "x"}', /slot name is empty/],
  ];
  for (const [json, expected] of cases) {
    assert.match(usageError(() => parseFileSpecs([], json)), expected, json);
  }
});

Deno.test("parseFileSpecs refuses slot names with white space or controls, or too long", () => {
  for (const refId of ["a b", "a\tb", "a\nb", "a\x1bb", "a\u2028b", "a\u202eb", "a\x85b"]) {
    const message = usageError(() => parseFileSpecs([`${refId}=x`], undefined));
    assert.match(message, /contains white space or a control character/, refId);
    for (const char of ["\n", "\t", "\x1b", "\u2028"]) assert.ok(!message.includes(char), refId);
  }
  const longest = "r".repeat(256);
  assert.deepEqual(parseFileSpecs([`${longest}=x`], undefined), [spec(longest, "x")]);
  assert.match(
    usageError(() => parseFileSpecs([`${longest}r=x`], undefined)),
    /longer than 256 characters/,
  );
});

Deno.test("parseFileSpecs reads --files lines, skipping blank lines and comments", () => {
  assert.deepEqual(
    parseFileSpecs(["a=x"], "\n# the rest\n b = dist/my app.deb \r\n\n  # more\nc=d=e\n"),
    [spec("a", "x"), spec("b", "dist/my app.deb"), spec("c", "d=e")],
  );
  assert.match(usageError(() => parseFileSpecs([], "b=x\nnope")), /--files line 2 \("nope"\)/);
});

Deno.test("objectKeys lists the top object's keys in order, repeats kept, nested ones left out", () => {
  assert.deepEqual(
    objectKeys('{"a": "x", "b": {"a": ["a", 1]}, "c\\"": "d:", "a\\u0062" :\n "e", "a": "y"}'),
    ["a", "b", 'c"', "ab", "a"],
  );
  assert.deepEqual(objectKeys("{}"), []);
});
