/** What `check`'s help, reference page and man page say of it, and its `--json` document. */
import type { Reference } from "../cli/define.ts";
import { VERSION_SOURCE_FIELD } from "./documents.ts";
import { CONFIG_FILE, EVERY_RUN, SERVER, TAG } from "./environment.ts";
import { ENV_VARS } from "../settings/env.ts";

export const CHECK_REFERENCE: Reference = {
  details: `Takes publish's flags that say what is sent (--package-id, --version, --file,
--files, --target, --manifest, --package, --no-build, --build-only) and checks them with
publish's own code, so a \`check\` that passes is a \`publish\` with the same flags that gets past
every check it makes before sending: in a release job, run it first, with publish's flags.

- the release manifest (--manifest, ${ENV_VARS.manifest}, else \`distropack.toml\` in the working
  directory when there is one), and every package of it, or those --package names;
- every path and pattern (after \`{version}\`) names exactly one regular file that can be read;
- the version, from --version or the CI's tag; each package id's form, from --package-id,
  ${ENV_VARS.packageId} or the manifest; the target's form;
- the config file, the base URL, and the token's presence and form.

Then, unless --offline, it asks the server whether it accepts the token, with a read-only
request: the status of a job id no job has (\`GET /api/build_status\`). Any 2xx answer means the
token was accepted; HTTP 401 or 403 means it was refused (exit 3). Nothing that changes the server
is sent: no upload, no build. With --offline no request at all is made.

Every problem is found in one run and listed in one error; the exit code is the one publish would
have stopped with at the first of them: 2 for the command line (no file, a slot twice, no
version, a bad package id), 1 for a file that cannot be uploaded or a server that cannot be
reached, 3 for a token that is missing, malformed or refused. A package whose id is a problem
still has its files checked; a path that holds \`{version}\` is not checked when the version is the problem.`,
  document: [
    { name: "ready", type: "boolean", description: "true when every check passed" },
    { name: "offline", type: "boolean", description: "true with --offline: nothing was sent" },
    {
      name: "manifest",
      type: "string | null",
      description: "the release manifest checked; null when there is none",
    },
    {
      name: "version",
      type: "string | null",
      description: "the version publish would build; null when it is missing or unusable",
    },
    { ...VERSION_SOURCE_FIELD, type: "string | null" },
    {
      name: "packages",
      type: "object[]",
      description: "one entry per package publish would publish, in the manifest's order",
    },
    {
      name: "packages[].name",
      type: "string | null",
      description: "the package's name in the manifest; null without a manifest",
    },
    {
      name: "packages[].package_id",
      type: "string | null",
      description: "the package's id; null when it is missing or unusable",
    },
    {
      name: "packages[].package_id_source",
      type: "string | null",
      description: "where the id came from: --package-id, a variable's name, or manifest",
    },
    {
      name: "packages[].target",
      type: "string | null",
      description: "the one target publish would build; null for all enabled targets",
    },
    {
      name: "packages[].files",
      type: "object[]",
      description: "the files found, as publish would upload them",
    },
    { name: "packages[].files[].ref_id", type: "string", description: "the file slot" },
    {
      name: "packages[].files[].file",
      type: "string",
      description: "the file, as its path was given",
    },
    { name: "packages[].files[].bytes", type: "number", description: "its size" },
    {
      name: "base_url",
      type: "string | null",
      description: "the server publish would talk to; null when the config file is unusable",
    },
    {
      name: "token",
      type: "object",
      description: "the token (never its value): where it comes from, whether it was accepted",
    },
    {
      name: "token.source",
      type: "string | null",
      description: "where the token comes from: env, file or none",
    },
    {
      name: "token.accepted",
      type: "boolean | null",
      description: "whether the server accepted the token; null when it was not asked " +
        "(--offline, or a problem before)",
    },
    { name: "problems", type: "object[]", description: "every problem found, in publish's order" },
    { name: "problems[].check", type: "string", description: "what was checked: files, token..." },
    { name: "problems[].code", type: "string", description: "its error code, as error.code" },
    { name: "problems[].exit_code", type: "number", description: "the exit code it comes with" },
    { name: "problems[].message", type: "string", description: "what is wrong, what to do" },
  ],
  environment: [
    ...EVERY_RUN,
    ...CONFIG_FILE,
    ...SERVER,
    ENV_VARS.packageId,
    ENV_VARS.packageIdVariables,
    ENV_VARS.manifest,
    ...TAG,
  ],
};
