/** GitLab CI's collapsible log sections around the long steps (uploads, the wait). */
import { sectionEnd, sectionStart } from "../ci/gitlab.ts";
import type { Context } from "../cli/context.ts";

/** Runs `work` inside a collapsible section on GitLab CI; elsewhere just runs it. */
export async function gitlabSection<T>(
  ctx: Context,
  name: string,
  header: string,
  work: () => Promise<T>,
): Promise<T> {
  const show = ctx.terminal.ci === "gitlab" && !ctx.output.mode.quiet;
  // On stderr with the progress lines, so stdout keeps only the result.
  if (show) ctx.output.streams.stderr(sectionStart(name, header, ctx.deps.now()));
  try {
    return await work();
  } finally {
    if (show) ctx.output.streams.stderr(sectionEnd(name, ctx.deps.now()));
  }
}
