// Test tooling for the Action workflow, not the CLI: it reports on the terminal directly.
// deno-lint-ignore-file no-console
/**
 * For the workflow that runs the GitHub Action (`uses: ./`) on real runners:
 * starts the fake DistroPack server of the tests and a local release of a
 * freshly compiled binary in GitHub's download layout, then appends to the
 * env file (GITHUB_ENV) where they are, and touches `ready`. It serves until
 * it is killed (the runner ends it with the job). The release is signed with a
 * key made here, pinned into INSTALL_SH (the checkout's install.sh, which the
 * action under test runs) the one way a key can be pinned: in the script.
 *
 *   deno run --allow-all tests/helpers/action_server.ts BINARY ENV_FILE READY_FILE INSTALL_SH
 *
 * Appended variables: DISTROPACK_DOWNLOAD_URL (read by the action's install
 * step), FAKE_API_URL, FAKE_API_TOKEN, CLI_VERSION (the binary's version, also
 * served as the latest release) and FAKE_STATE_URL, which answers JSON
 * `{downloads: [path], api: [{method, path, query, fields}]}` for the checks.
 */
import { FakeServer } from "./fake_server.ts";
import { releaseServer } from "./release_server.ts";
import { makeSigningKey, writePinnedInstaller } from "./signing.ts";
import { VERSION } from "../../src/version.ts";

if (import.meta.main) {
  const [binaryPath, envFile, readyFile, installer] = Deno.args;
  if (!installer) {
    console.error("usage: action_server.ts BINARY ENV_FILE READY_FILE INSTALL_SH");
    Deno.exit(2);
  }
  const binary = await Deno.readFile(binaryPath);
  const key = await makeSigningKey("action workflow test key");
  await writePinnedInstaller(installer, key.publicKey);
  const api = FakeServer.start({ jobIds: ["job-deb-1", "job-rpm-2"] });
  const releases = await releaseServer(
    ["latest", `v${VERSION}`].map((tag) => ({ tag, binary: () => binary, signWith: key })),
    (path) =>
      path === "/_state"
        ? Response.json({
          downloads: releases.requests,
          api: api.requests.map(({ method, path, rawQuery, fields }) => ({
            method,
            path,
            query: rawQuery,
            fields,
          })),
        })
        : undefined,
  );
  await Deno.writeTextFile(
    envFile,
    [
      `DISTROPACK_DOWNLOAD_URL=${releases.url}`,
      `FAKE_API_URL=${api.url}`,
      `FAKE_API_TOKEN=${api.token}`,
      `CLI_VERSION=${VERSION}`,
      `FAKE_STATE_URL=${releases.url}/_state`,
      "",
    ].join("\n"),
    { append: true },
  );
  await Deno.writeTextFile(readyFile, "");
  console.error(`fake API at ${api.url}, releases at ${releases.url}`);
}
