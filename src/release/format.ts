/**
 * The manifest's format, declared once: its reference page and its JSON
 * schema (for TOML editors: Taplo, Even Better TOML) are generated from
 * here by `deno task docs`, and a test checks that the parser accepts the
 * keys listed and no others.
 */
import { TARGETS } from "../api/types.ts";
import { ID_VARIABLE_PREFIX } from "./manifest.ts";

export interface ManifestKeyDoc {
  key: string;
  /** As TOML says it. */
  type: string;
  description: string;
}

/** The keys of a package: at the top of a manifest of one package, or in `[packages.NAME]`. */
export const PACKAGE_KEY_DOCS: readonly ManifestKeyDoc[] = [
  {
    key: "package_id",
    type: "string",
    description: "the package's id, as its page in the dashboard shows it",
  },
  {
    key: "package_id_env",
    type: "string",
    description: `the environment variable that holds the id (a CI secret), named ` +
      `${ID_VARIABLE_PREFIX}<NAME>: the CLI reads no other variables. Give package_id or ` +
      "package_id_env, not both; with neither, --package-id or DISTROPACK_PACKAGE_ID gives it " +
      "(a manifest of one package only)",
  },
  {
    key: "target",
    type: "string",
    description: `build only this target (${TARGETS.join(", ")}, or another lower-case name the ` +
      "server knows); omitted: every target enabled on the dashboard. --target wins over it",
  },
  {
    key: "files",
    type: "table",
    description: 'the files by slot: slot = "path", one a line (required, at least one). ' +
      "{version} in a path is the version; a path with *, ?, [...] or {a,b} is a glob that " +
      "must match exactly one file; paths are relative to the manifest's directory",
  },
];

/** The keys only the top of a manifest takes. */
export const TOP_KEY_DOCS: readonly ManifestKeyDoc[] = [
  {
    key: "packages",
    type: "table",
    description: "one table per package, [packages.NAME]; its keys are a package's. " +
      "NAME (letters, digits, -, _ and ., at most 64) is what --package picks",
  },
  {
    key: "name",
    type: "string",
    description: 'without [packages] tables: the package\'s name (default "default")',
  },
  {
    key: "$schema",
    type: "string",
    description: "the JSON schema's URL, for editors; the CLI ignores it",
  },
];

/** The schema's own address, as a manifest would point at it. */
export function schemaUrl(repository: string): string {
  return `https://raw.githubusercontent.com/${repository}/main/docs/reference/distropack.schema.json`;
}

const NAME_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

function packageProperties(): Record<string, unknown> {
  return {
    package_id: { type: "string", minLength: 1, description: PACKAGE_KEY_DOCS[0].description },
    package_id_env: {
      type: "string",
      pattern: `^${ID_VARIABLE_PREFIX}[A-Za-z0-9_]+$`,
      description: PACKAGE_KEY_DOCS[1].description,
    },
    target: {
      type: "string",
      pattern: "^[a-z0-9][a-z0-9._-]*$",
      maxLength: 64,
      examples: [...TARGETS],
      description: PACKAGE_KEY_DOCS[2].description,
    },
    files: {
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: "^\\S+$", maxLength: 256 },
      additionalProperties: { type: "string", minLength: 1 },
      description: PACKAGE_KEY_DOCS[3].description,
    },
  };
}

/** The JSON schema of distropack.toml (draft-07, which Taplo reads). */
export function manifestSchema(repository: string): Record<string, unknown> {
  const notBoth = { not: { required: ["package_id", "package_id_env"] } };
  const pkg = {
    type: "object",
    additionalProperties: false,
    required: ["files"],
    properties: packageProperties(),
    ...notBoth,
  };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: schemaUrl(repository),
    title: "distropack.toml",
    description: "The release manifest of distropack-cli: the packages of a release, " +
      "their ids and their files by slot.",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: TOP_KEY_DOCS[2].description },
      name: { type: "string", pattern: NAME_PATTERN, description: TOP_KEY_DOCS[1].description },
      ...packageProperties(),
      packages: {
        type: "object",
        minProperties: 1,
        propertyNames: { pattern: NAME_PATTERN },
        additionalProperties: pkg,
        description: TOP_KEY_DOCS[0].description,
      },
    },
    oneOf: [
      { required: ["files"], allOf: [{ not: { required: ["packages"] } }, notBoth] },
      {
        required: ["packages"],
        not: {
          anyOf: ["files", "package_id", "package_id_env", "target", "name"].map((key) => ({
            required: [key],
          })),
        },
      },
    ],
  };
}
