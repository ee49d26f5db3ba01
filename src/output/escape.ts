/** Placeholder until the escaping module lands. */
export function escapeControl(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => JSON.stringify(c).slice(1, -1),
  );
}
