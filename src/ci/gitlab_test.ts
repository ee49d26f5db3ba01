import assert from "node:assert/strict";
import { sectionEnd, sectionStart } from "./gitlab.ts";

const now = 1_717_000_000_999;

Deno.test("sectionStart opens a collapsed section stamped in whole seconds", () => {
  assert.equal(
    sectionStart("distropack.upload", "Uploading 2 files", now),
    "\x1b[0Ksection_start:1717000000:distropack.upload[collapsed=true]\r\x1b[0KUploading 2 files\n",
  );
});

Deno.test("sectionStart opens an expanded section when asked", () => {
  assert.equal(
    sectionStart("builds", "Builds", now, false),
    "\x1b[0Ksection_start:1717000000:builds\r\x1b[0KBuilds\n",
  );
});

Deno.test("sectionEnd closes the section by name", () => {
  assert.equal(
    sectionEnd("distropack.upload", now + 61_000),
    "\x1b[0Ksection_end:1717000061:distropack.upload\r\x1b[0K\n",
  );
});

Deno.test("sectionStart keeps a header from the server on its one line", () => {
  const line = sectionStart("jobs", "deb\nsection_end:1:jobs\r\x1b[2J", now);
  assert.equal(
    line,
    "\x1b[0Ksection_start:1717000000:jobs[collapsed=true]\r\x1b[0K" +
      "deb\\nsection_end:1:jobs\\r\\x1b[2J\n",
  );
  assert.equal(line.indexOf("\n"), line.length - 1);
});

Deno.test("section names outside [a-z0-9_.-] are refused", () => {
  for (const name of ["", "Upload", "a b", "a:b", "a[collapsed=true]", "a\rb"]) {
    assert.throws(() => sectionStart(name, "h", now), /Invalid GitLab section name/, name);
    assert.throws(() => sectionEnd(name, now), /Invalid GitLab section name/, name);
  }
  assert.doesNotThrow(() => sectionEnd("a-z_0.9", now));
});
