/** The files GitHub Actions gives a step for its outputs and summary, in a test's temp dir. */
export async function githubFiles(dir: string) {
  const output = `${dir}/github_output`;
  const summary = `${dir}/step_summary`;
  await Deno.writeTextFile(output, "");
  await Deno.writeTextFile(summary, "");
  return {
    env: {
      GITHUB_ACTIONS: "true",
      CI: "true",
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
    },
    output: () => Deno.readTextFile(output),
    summary: () => Deno.readTextFile(summary),
  };
}
