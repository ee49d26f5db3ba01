/** Placeholder until the escaping module lands. */
export function escapeControl(text: string): string {
  return [...text].map((c) => {
    const code = c.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 ||
      code === 0x2029;
    return control ? JSON.stringify(c).slice(1, -1) : c;
  }).join("");
}
