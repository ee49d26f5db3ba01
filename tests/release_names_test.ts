/**
 * The official client's repository already has v1.x releases (the Rust client), and GitHub's
 * "latest" release may be one of them. So what the docs and examples tell users to install or
 * pin names a release of this CLI's major version, never `latest`.
 */
import assert from "node:assert/strict";
import { VERSION } from "../src/version.ts";
import { REPO_ROOT } from "./helpers/process.ts";

const MAJOR = VERSION.split(".")[0];

/** What a user may copy: hand-written docs, the examples, the installer and the image. */
async function userFacingFiles(dir = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${REPO_ROOT}${dir}`)) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) {
      if (["docs/", "docs/ci/", "examples/"].some((d) => `${path}/`.startsWith(d))) {
        if (!["docs/commands", "docs/reference"].includes(path)) {
          files.push(...await userFacingFiles(`${path}/`));
        }
      } else if (["docs", "examples"].includes(path)) {
        files.push(...await userFacingFiles(`${path}/`));
      }
    } else if (
      dir !== "" ||
      /^(README|CONTRIBUTING|SECURITY|CHANGELOG)\.md$|^install\.sh$|^Dockerfile$/.test(path)
    ) {
      files.push(path);
    }
  }
  return files.sort();
}

/** A release of the CLI a file names: the major version it gives, and the text that gives it. */
const PINS: RegExp[] = [
  /distropack\/distropack-cli@v(\d+)/g,
  /distropack-cli\/releases\/download\/v(\d+)/g,
  /ghcr\.io\/distropack\/distropack-cli:(\d+)/g,
  /cli-version:\s*["']?v?(\d+)/g,
  /DISTROPACK_(?:CLI_)?VERSION["']?\s*[=:]\s*["']?v?(\d+)/g,
  /name: DISTROPACK_VERSION\s+value:\s*v?(\d+)/g,
];

Deno.test(`the docs and examples name releases of distropack-cli ${MAJOR}, never the repository's latest`, async () => {
  const files = await userFacingFiles();
  assert.ok(files.includes("README.md") && files.includes("docs/install.md"), files.join(" "));
  assert.ok(files.some((file) => file.startsWith("examples/ci/.github/")), files.join(" "));
  const wrong: string[] = [];
  let pins = 0;
  for (const file of files) {
    const text = await Deno.readTextFile(`${REPO_ROOT}${file}`);
    for (const pattern of PINS) {
      for (const match of text.matchAll(pattern)) {
        pins++;
        if (match[1] !== MAJOR) wrong.push(`${file}: ${match[0]}`);
      }
    }
    for (const match of text.matchAll(/distropack-cli\/releases\/latest\b\S*/g)) {
      wrong.push(`${file}: ${match[0]} (may be the official client's 1.x)`);
    }
  }
  assert.ok(pins > 20, `only ${pins} pins found: the patterns no longer match the docs`);
  assert.deepEqual(wrong, [], `name a v${MAJOR} release, e.g. v${VERSION}`);
});
