import assert from "node:assert/strict";
import { manifestSchema, PACKAGE_KEY_DOCS, TOP_KEY_DOCS } from "./format.ts";
import { PACKAGE_KEYS, TOP_KEYS } from "./manifest.ts";

Deno.test("the manifest's page and schema list exactly the keys the parser accepts", () => {
  const documented = [...TOP_KEY_DOCS, ...PACKAGE_KEY_DOCS].map((doc) => doc.key).sort();
  assert.deepEqual(documented, [...TOP_KEYS].sort());
  assert.deepEqual(PACKAGE_KEY_DOCS.map((doc) => doc.key).sort(), [...PACKAGE_KEYS].sort());
  const schema = manifestSchema("owner/repo") as {
    properties: Record<string, { additionalProperties?: { properties: object } }>;
  };
  assert.deepEqual(Object.keys(schema.properties).sort(), [...TOP_KEYS].sort());
  const pkg = schema.properties.packages.additionalProperties!.properties;
  assert.deepEqual(Object.keys(pkg).sort(), [...PACKAGE_KEYS].sort());
});
