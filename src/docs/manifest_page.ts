/** The release manifest's reference page and its JSON schema, from src/release/format.ts. */
import { RELEASE_FIELDS } from "../commands/documents.ts";
import { FAILURE_ORDER_TEXT } from "../commands/publish_release_outcome.ts";
import { manifestSchema, PACKAGE_KEY_DOCS, schemaUrl, TOP_KEY_DOCS } from "../release/format.ts";
import { MANIFEST_NAME } from "../release/manifest.ts";
import { code, fieldsTable, GENERATED_NOTE, table } from "./markdown.ts";

export const SCHEMA_PATH = "docs/reference/distropack.schema.json";

const ONE = `package_id_env = "DISTROPACK_PACKAGE_ID_APP"

[files]
source-tarball = "dist/app-{version}.tar.gz"
changelog = "CHANGELOG.md"`;

const SEVERAL = `[packages.cli]
package_id_env = "DISTROPACK_PACKAGE_ID_CLI"

[packages.cli.files]
source-tarball = "dist/cli-{version}.tar.gz"
changelog = "CHANGELOG.md"

[packages.daemon]
package_id = "3f6c0a52-0000-4000-8000-000000000000"
target = "deb"

[packages.daemon.files]
deb-binary = "dist/daemon_{version}_amd64.deb"`;

const keys = (docs: typeof PACKAGE_KEY_DOCS) =>
  table(
    ["Key", "Type", "Description"],
    docs.map((doc) => [code(doc.key), doc.type, doc.description]),
  );

export function manifestPage(repository: string): string {
  return [
    GENERATED_NOTE,
    `# The release manifest: ${MANIFEST_NAME}`,
    `A \`${MANIFEST_NAME}\` lists the packages of a release, so one \`publish\` publishes them ` +
    "all: every file of every package is checked before the first byte is sent, the files " +
    "upload in parallel (--concurrency at a time), each package whose files all arrived is " +
    "built with one trigger, and one wait follows all the jobs. A re-run is resumed per " +
    "package, as for one package: each has its own record in the release state, so only the " +
    "packages whose files changed or whose build failed are uploaded and built again " +
    "([Re-running a release](../ci/README.md#re-running-a-release)).",
    "`publish` reads it when it is in the working directory, or where `--manifest PATH` or " +
    "`DISTROPACK_MANIFEST` says; `--package NAME` (repeatable) publishes only those packages.",
    "## One package",
    "Its keys at the top, no table header:",
    "```toml\n" + ONE + "\n```",
    "## Several packages",
    "One `[packages.NAME]` table each:",
    "```toml\n" + SEVERAL + "\n```",
    "## Keys of a package",
    keys(PACKAGE_KEY_DOCS),
    "## Keys at the top",
    keys(TOP_KEY_DOCS),
    "## What wins",
    "Flags given on the command line win over environment variables, which win over the " +
    "manifest, for the values they name: `--package-id`, then `DISTROPACK_PACKAGE_ID`, then the " +
    "manifest's id; `--target` over its target; `--file SLOT=PATH` (and `--files`) over its " +
    "file for that slot, adding slots it does not list. Those name one package, so when a run " +
    "publishes several, `--package-id`, `--file`, `--files` and a set `DISTROPACK_PACKAGE_ID` " +
    "are refused (exit 2): pick one package with `--package`.",
    "## Errors",
    "A bad manifest is one error that names the file, the line and what is wrong (an unknown " +
    "key with the closest known one, a slot given twice, a package without files, package_id " +
    "and package_id_env both, a variable outside `DISTROPACK_PACKAGE_ID_*`), exit 2, before " +
    "anything is sent:",
    "```\nError: distropack.toml:10: unknown key 'traget' in [packages.daemon] (did you mean " +
    "target?)\n```",
    "When packages fail differently, the exit code is that of the worst failure, in this " +
    `order: ${FAILURE_ORDER_TEXT}. A package whose upload failed is not built; the others are.`,
    "## JSON output",
    "With `--json`, a run that reads a manifest prints one document with a section per " +
    "package (a failed run adds `error`, the worst package's, as every command does):",
    fieldsTable(RELEASE_FIELDS),
    "## Editors",
    `The JSON schema [distropack.schema.json](distropack.schema.json) describes the manifest, ` +
    "so TOML editors (Taplo, Even Better TOML) complete and check it: put " +
    `\`#:schema ${schemaUrl(repository)}\` on its first line.`,
    "See also: [publish](../commands/publish.md), [Environment variables](environment.md), " +
    "[Exit codes](exit-codes.md).",
  ].join("\n\n") + "\n";
}

export function manifestSchemaText(repository: string): string {
  return JSON.stringify(manifestSchema(repository), null, 2) + "\n";
}
