import assert from "node:assert/strict";
import type { GroupDef } from "../cli/define.ts";
import { manPage, roff } from "./man.ts";
import { pageTexts } from "./pages.ts";

Deno.test("roff escapes backslashes and hyphens, and keeps a leading dot from being a request", () => {
  assert.equal(roff("--no-wait"), "\\-\\-no\\-wait");
  assert.equal(roff("%APPDATA%\\distropack"), "%APPDATA%\\edistropack");
  assert.equal(roff("a\n.config and\n'quoted"), "a\n\\&.config and\n\\&'quoted");
});

Deno.test("the man page has a section per command, its options and notes kept as written, code in bold", () => {
  const root: GroupDef = {
    name: "distropack-cli",
    summary: "a demo",
    commands: [{
      name: "build",
      summary: "build it",
      options: [{ long: "target", value: "t", choices: ["deb"], description: "one `target`" }],
      examples: ["distropack-cli build --target deb"],
      notes: "Prose that\nwraps.\n\n  kept  as written",
      reference: {
        details: "In depth:\n- one\n  item\n- two",
        document: [{ name: "job_ids", type: "string[]", description: "ids" }],
      },
      handler: undefined,
    }],
  };
  const page = manPage(root, "owner/repo", pageTexts(root));
  assert.match(page, /^\.SS "distropack\\-cli build \[options\]"$/m);
  assert.match(page, /^\.B "\\-\\-target <t>"\none \\fBtarget\\fR \(choices: "deb"\)$/m);
  assert.match(page, /^\.nf\nkept {2}as written\n\.fi$/m, "a block loses its shared indentation");
  assert.match(page, /^With \\-\\-json: job_ids\.$/m);
  assert.match(page, /^\.PP\nIn depth:\n\.IP \\\(bu 2\none item\n\.IP \\\(bu 2\ntwo\n\.PP\n\.TP$/m);
  assert.match(page, /https:\/\/github\.com\/owner\/repo\/tree\/main\/docs\/commands/);
});
