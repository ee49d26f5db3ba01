/**
 * Whether a test that needs an outside tool (a shell, shellcheck, groff)
 * runs here: never where the tool cannot exist, always under CI, where a
 * missing tool must fail its test instead of skipping it, and elsewhere
 * when the tool is on PATH.
 */
export async function testsWith(tool: string, supported = Deno.build.os !== "windows") {
  if (!supported) return false;
  if (Deno.env.get("CI") !== undefined) return true;
  const { success } = await new Deno.Command("sh", {
    args: ["-c", `command -v ${tool}`],
    stdout: "null",
    stderr: "null",
  }).output();
  return success;
}
