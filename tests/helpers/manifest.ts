/** The text of a release manifest (distropack.toml), from its packages. */

/** One package of a manifest. */
export interface ManifestPackage {
  /** Its `package_id`, or `{ env }`: the variable that holds it (`package_id_env`). */
  id: string | { env: string };
  target?: string;
  /** Its files, by slot (`ref_id`), in order. */
  files: Record<string, string>;
}

/** The TOML of a manifest with these packages, by name, in order. */
export function manifestText(packages: Record<string, ManifestPackage>): string {
  return Object.entries(packages).map(([name, { id, target, files }]) =>
    [
      `[packages.${name}]`,
      typeof id === "string" ? `package_id = "${id}"` : `package_id_env = "${id.env}"`,
      ...(target ? [`target = "${target}"`] : []),
      "",
      `[packages.${name}.files]`,
      ...Object.entries(files).map(([slot, path]) => `${slot} = "${path}"`),
      "",
    ].join("\n")
  ).join("\n");
}
