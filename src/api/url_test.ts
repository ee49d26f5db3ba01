import assert from "node:assert/strict";
import { apiUrl } from "./url.ts";

Deno.test("apiUrl joins the base and endpoint without a double slash", () => {
  assert.equal(
    apiUrl("https://distropack.dev", "build_status"),
    "https://distropack.dev/api/build_status",
  );
  assert.equal(
    apiUrl("https://distropack.dev/", "/upload_file"),
    "https://distropack.dev/api/upload_file",
  );
  assert.equal(apiUrl("https://x.dev/prefix//", "a"), "https://x.dev/prefix/api/a");
});

Deno.test("apiUrl percent-encodes query values, keeping list commas literal", () => {
  assert.equal(
    apiUrl("https://x.dev", "upload_file", [["packageId", "a b&c=d"], ["accessName", "ü/#?+"]]),
    "https://x.dev/api/upload_file?packageId=a%20b%26c%3Dd&accessName=%C3%BC%2F%23%3F%2B",
  );
  assert.equal(
    apiUrl("https://x.dev", "build_status", [["jobIds", ["j1", "j 2", "j,3"]]]),
    "https://x.dev/api/build_status?jobIds=j1,j%202,j%2C3",
  );
});
