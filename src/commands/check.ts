/**
 * `check`: everything a `publish` with the same flags would check before
 * its first byte, and whether the server accepts the token, without
 * sending anything that changes the server. It reads its input with
 * publish's own code, so the two cannot disagree.
 */
import type { ApiClient } from "../api/client.ts";
import { resolveVersion, taggedVersionNote } from "../ci/version.ts";
import type { OptionValues } from "../cli/define.ts";
import { AuthError, CliError, InterruptedError } from "../errors.ts";
import { type ResolvedFile, resolveFiles } from "../files/resolve.ts";
import type { FileSpec } from "../files/specs.ts";
import { flavorOf } from "../path.ts";
import type { Context } from "../run/context.ts";
import type { Outcome } from "../run/outcome.ts";
import { ENV_VARS } from "../settings/env.ts";
import { formatBytes } from "../text/format.ts";
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
import { FILE_OPTIONS, fileSpecs } from "./publish_input.ts";
import { packageIdFrom } from "./shared.ts";

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

/** The order the checks are listed in, as publish meets them. */
const ORDER = ["package id", "version", "target", "files", "server", "token"] as const;

async function check(ctx: Context, values: CheckValues): Promise<Outcome> {
  const found = new Findings();
  // In publish's order, so the first problem is the one publish would stop at.
  const specs = await found.attempt(
    "files",
    () => fileSpecs({ file: values.file, files: values.files, build: true, buildOnly: false }),
  );
  const packageId = await found.attempt("package id", () => packageIdFrom(ctx, values.packageId));
  if (packageId !== undefined) found.pass("package id", packageId);
  const version = await found.attempt("version", () => resolveVersion(values.version, ctx.env));
  if (version !== undefined) {
    const note = taggedVersionNote(version);
    if (note) ctx.output.info(note);
    found.pass("version", `${version.version} (from ${fromWhere(version.source)})`);
  }
  noteUnknownTarget(ctx, values.target);
  found.pass("target", values.target ?? "all enabled targets");
  const files = specs === undefined ? [] : await checkFiles(ctx, found, specs, version?.version);
  const accepted = await found.attempt("server", () => checkServer(ctx, found, values.offline));
  const settings = await ctx.settings().catch(() => undefined);
  const failure = found.failure();
  return {
    document: {
      ready: failure === undefined,
      offline: values.offline,
      package_id: packageId ?? null,
      version: version?.version ?? null,
      version_source: version?.source ?? null,
      target: values.target ?? null,
      base_url: settings?.baseUrl.value ?? null,
      files: files.map((file) => ({ ref_id: file.refId, file: file.shown, bytes: file.size })),
      token: { source: settings?.token.source ?? null, accepted: accepted ?? null },
      problems: found.problemsDocument(),
    },
    lines: [
      `Checked what publish would do${values.offline ? ", offline" : ""}:`,
      ...found.lines(ORDER),
      failure === undefined
        ? "Ready to publish. Nothing that changes the server was sent."
        : `Not ready to publish: ${found.problems.length} problem(s). Nothing that changes ` +
          "the server was sent.",
    ],
    failure,
  };
}

function fromWhere(source: string): string {
  return source === "flag" ? "--version" : source;
}

/**
 * Every file, as publish finds it. A path that holds `{version}` cannot be
 * found without the version: when that is the problem, the other paths are
 * still checked, and those are named as not checked.
 */
async function checkFiles(
  ctx: Context,
  found: Findings,
  specs: FileSpec[],
  version: string | undefined,
): Promise<ResolvedFile[]> {
  const needsVersion = (spec: FileSpec) => spec.pattern.includes("{version}");
  const checkable = version === undefined ? specs.filter((spec) => !needsVersion(spec)) : specs;
  const flavor = flavorOf(ctx.deps.os);
  const files = await found.attempt(
    "files",
    () =>
      checkable.length === 0 ? [] : resolveFiles(checkable, version ?? "", ctx.deps.cwd, flavor),
  ) ?? [];
  const width = Math.max(0, ...files.map((file) => file.refId.length));
  for (const file of files) {
    found.pass("files", `${file.refId.padEnd(width)}  ${file.shown} (${formatBytes(file.size)})`);
  }
  const unchecked = specs.filter((spec) => !checkable.includes(spec));
  if (unchecked.length > 0) {
    found.skip(
      "files",
      `not checked without a version: ${unchecked.map((spec) => spec.refId).join(", ")}`,
    );
  }
  return files;
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
