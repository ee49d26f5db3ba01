/**
 * `check`: everything a `publish` with the same flags would check before
 * its first byte, and whether the server accepts the token, without
 * sending anything that changes the server. It reads its input with
 * publish's own code, so the two cannot disagree.
 */
import type { ApiClient } from "../api/client.ts";
import { type ResolvedVersion, resolveVersion, taggedVersionNote } from "../ci/version.ts";
import type { OptionValues } from "../cli/define.ts";
import { AuthError, CliError, InterruptedError } from "../errors.ts";
import type { ReleasePackage } from "../release/load.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import { ENV_VARS } from "../settings/env.ts";
import { noteUnknownTarget } from "./build.ts";
import { Findings } from "./check_findings.ts";
import { CHECK_REFERENCE } from "./check_reference.ts";
import { defineCommand } from "./handler.ts";
import {
  PACKAGE_ID_OPTION,
  TARGET_OPTION,
  VERSION_FROM_TAG_OPTION,
  versionTagNote,
} from "./options.ts";
import { type Checked, checkFiles, checkPackages, type Release } from "./check_release.ts";
import type { ResolvedFile } from "../files/resolve.ts";
import { FILE_OPTIONS, uploadVersion } from "./publish_input.ts";
import { MANIFEST_OPTION } from "./shared.ts";

/**
 * The job id the token is tried with: no job has it, so the status query
 * reads nothing and changes nothing, and any 2xx answer means the token was
 * accepted.
 */
export const PROBE_JOB_ID = "00000000-0000-4000-8000-000000000000";

const CHECK_OPTIONS = [
  PACKAGE_ID_OPTION,
  VERSION_FROM_TAG_OPTION,
  ...FILE_OPTIONS,
  TARGET_OPTION,
  MANIFEST_OPTION,
  {
    long: "package",
    value: "name",
    multiple: true,
    description: "check only this package of the manifest (repeatable; default: all of them)",
  },
  {
    long: "build",
    negatable: true,
    default: { value: true, shown: "" },
    description: "check a publish --no-build (a matrix leg that only uploads): the version is " +
      "needed only for {version}, and no target",
  },
  {
    long: "build-only",
    description: "check a publish --build-only (the job after the legs): no file is checked; " +
      "the version, the package id and the token are",
  },
  {
    long: "offline",
    description: "send no request at all: the token's presence and form are checked, not " +
      "whether the server accepts it",
  },
] as const;

type CheckValues = OptionValues<typeof CHECK_OPTIONS>;

export const checkCommand = defineCommand({
  name: "check",
  summary: "check what publish would do (files, version, package id, token), sending nothing " +
    "that changes the server",
  options: CHECK_OPTIONS,
  examples: [
    'distropack-cli check --package-id "$ID" --file source-tarball=dist/app-{version}.tar.gz',
    "distropack-cli check --version 1.2.3 --file 'deb=dist/*.deb' --offline",
    'distropack-cli check --json --files "$FILES"',
  ],
  notes: versionTagNote(),
  reference: CHECK_REFERENCE,
  handler: (ctx, { values }) => check(ctx, values),
});

async function check(ctx: Context, values: CheckValues): Promise<Outcome> {
  const found = new Findings();
  // In publish's order, so the first problem is the one publish would stop at.
  const release = await checkPackages(ctx, found, values);
  const version = await checkVersion(ctx, found, values, release);
  const targets = new Map<ReleasePackage, string | undefined>();
  for (const { settled } of release.packages) {
    if (settled === undefined || !values.build) continue;
    const target = values.target ?? settled.target;
    targets.set(settled, target);
    noteUnknownTarget(ctx, target);
  }
  const files = values.buildOnly
    ? new Map<Checked, ResolvedFile[]>()
    : await checkFiles(ctx, found, release, version?.version);
  if (values.buildOnly) found.skip("files", "none: --build-only builds from those on the server");
  const accepted = await found.attempt("server", () => checkServer(ctx, found, values.offline));
  const settings = await ctx.settings().catch(() => undefined);
  const failure = found.failure();
  return {
    document: {
      ready: failure === undefined,
      offline: values.offline,
      manifest: release.manifest?.path ?? null,
      version: version?.version ?? null,
      version_source: version?.source ?? null,
      packages: release.packages.map((pkg) => ({
        name: release.manifest === undefined ? null : pkg.name,
        package_id: pkg.settled?.packageId ?? null,
        package_id_source: pkg.settled?.idSource ?? null,
        target: pkg.settled === undefined ? null : targets.get(pkg.settled) ?? null,
        files: (files.get(pkg) ?? []).map((file) => ({
          ref_id: file.refId,
          file: file.shown,
          bytes: file.size,
        })),
      })),
      base_url: settings?.baseUrl.value ?? null,
      token: { source: settings?.token.source ?? null, accepted: accepted ?? null },
      problems: found.problemsDocument(),
    },
    lines: [
      `Checked what publish would do${values.offline ? ", offline" : ""}:`,
      ...found.lines(),
      failure === undefined
        ? "Ready to publish. Nothing that changes the server was sent."
        : `Not ready to publish: ${found.problems.length} problem(s). Nothing that changes ` +
          "the server was sent.",
    ],
    failure,
  };
}

/**
 * The version, as publish takes it: from --version or the CI's tag; with
 * --no-build only when a path holds `{version}`, as the upload takes none.
 */
async function checkVersion(
  ctx: Context,
  found: Findings,
  values: CheckValues,
  release: Release,
): Promise<ResolvedVersion | undefined> {
  const usesVersion = release.packages.some((pkg) =>
    pkg.files.some((spec) => spec.pattern.includes("{version}"))
  );
  const version = await found.attempt(
    "version",
    () =>
      values.build
        ? resolveVersion(values.version, ctx.env)
        : uploadVersion(values.version, ctx.env, usesVersion),
  );
  if (version === undefined) {
    if (!found.failed("version")) found.skip("version", "none, and none needed (--no-build)");
    return undefined;
  }
  const note = taggedVersionNote(version);
  if (note) ctx.output.info(note);
  const from = version.source === "flag" ? "--version" : version.source;
  found.pass("version", `${version.version} (from ${from})`);
  return version;
}

/**
 * The server and the token: the config file, the base URL and the token's
 * presence and form, checked as publish does before it sends anything;
 * then, unless offline, whether the server accepts the token. Whether it
 * did: null when it was not asked or did not answer.
 */
async function checkServer(
  ctx: Context,
  found: Findings,
  offline: boolean,
): Promise<boolean | null> {
  let api: ApiClient | undefined;
  try {
    api = await ctx.api();
  } catch (error) {
    // The base URL is checked before the token: a token problem means it passed.
    if (!(error instanceof AuthError)) throw error;
    found.fail("token", error);
  }
  const { baseUrl, token } = await ctx.settings();
  const server = `${baseUrl.value} (${settingSource(baseUrl.source, "base_url")})`;
  const set = `set (${settingSource(token.source, "api_token")}), well formed`;
  if (api === undefined || offline) {
    found.pass("server", server);
    if (api !== undefined) found.pass("token", `${set}; not sent (--offline)`);
    return null;
  }
  try {
    await probe(api);
  } catch (error) {
    if (!(error instanceof CliError) || error instanceof InterruptedError) throw error;
    if (error instanceof AuthError) {
      found.pass("server", `${server}, answered`);
      found.fail("token", error);
      return false;
    }
    found.fail("server", error);
    found.skip("token", `${set}; not tried: the server did not answer`);
    return null;
  }
  found.pass("server", `${server}, answered`);
  found.pass("token", `${set}, accepted by the server`);
  return true;
}

function settingSource(source: string, key: string): string {
  if (source === "env") return key === "api_token" ? ENV_VARS.token : ENV_VARS.apiUrl;
  return source === "file" ? `${key} in the config file` : "the default";
}

/**
 * Asks the server whether it accepts the token: the status of a job id no
 * job has, a read-only query. Any 2xx answer accepts it; 401 and 403 refuse
 * it (an AuthError, exit 3); any other failure is the server's.
 */
async function probe(api: ApiClient): Promise<void> {
  await api.buildStatus([PROBE_JOB_ID]);
}
