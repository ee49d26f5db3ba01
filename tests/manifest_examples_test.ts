/**
 * The example release manifest (examples/distropack.toml) and the GitHub
 * workflow that publishes it with the action, run as GitHub would run them.
 */
import assert from "node:assert/strict";
import { FakeServer } from "./helpers/fake_server.ts";
import { cliInvocation, REPO_ROOT } from "./helpers/process.ts";
import { sha256 } from "./helpers/recorded_request.ts";
import {
  EXAMPLES,
  MANIFEST_IDS,
  posix,
  runStep,
  type Trigger,
  version,
  workspace,
} from "./helpers/ci_examples.ts";
import { githubSteps } from "./helpers/ci_pipelines.ts";

const CLI = await cliInvocation([]);

for (const trigger of [{ tag: "v1.2.3" }, { manual: "2.0.0" }] as Trigger[]) {
  Deno.test({
    name:
      `the GitHub workflow with a manifest publishes both packages of examples/distropack.toml, ${
        "tag" in trigger ? "on a tag push" : "on a manual run with a version"
      }`,
    ignore: !posix,
    async fn() {
      await using ws = await workspace(CLI);
      await using server = FakeServer.start();
      server.jobIdsByPackage[MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP] = ["app-deb", "app-rpm"];
      server.jobIdsByPackage[MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN] = ["bin-deb"];
      await Deno.copyFile(`${REPO_ROOT}examples/distropack.toml`, `${ws.path}/distropack.toml`);
      const file = `${EXAMPLES}/.github/workflows/manifest-packages.yml`;
      const steps = await githubSteps(file, trigger, { ws, server });
      assert.equal(steps.length, 1, "the action runs once, for every package");
      await runStep(ws, steps[0]);
      const v = version(trigger);
      const slots = (id: string) =>
        server.to("upload_file").filter((r) => r.query.get("packageId") === id)
          .map((r) => r.query.get("accessName")).sort();
      assert.deepEqual(slots(MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP), [
        "changelog",
        "source-tarball",
      ]);
      assert.deepEqual(slots(MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN), [
        "binary-amd64",
        "binary-arm64",
      ]);
      const tarball = server.to("upload_file").find((r) =>
        r.query.get("accessName") === "source-tarball"
      );
      assert.equal(tarball?.file?.sha256, sha256(ws.files[`dist/myapp-${v}.tar.gz`]));
      const builds = server.to("build_package");
      assert.deepEqual(builds.map((r) => [r.query.get("packageId"), r.fields.version]), [
        [MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP, v],
        [MANIFEST_IDS.DISTROPACK_PACKAGE_ID_MYAPP_BIN, v],
      ]);
      const outputs = await Deno.readTextFile(`${ws.path}/github_output`);
      assert.match(outputs, /^status<<(\S+)\nfinished\n\1$/m);
      assert.match(outputs, /^job-ids<<(\S+)\napp-deb,app-rpm,bin-deb\n\1$/m);
    },
  });
}
