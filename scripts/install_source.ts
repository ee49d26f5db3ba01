// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/**
 * Installs a `distropack-cli` command that runs this clone's source from any directory, with
 * the compiled binary's permissions:
 *
 *   deno task install                 # into Deno's bin directory (~/.deno/bin)
 *   deno task install --root DIR      # into DIR/bin
 *
 * `deno install --global` does not carry `--permission-set` into the command it writes, which
 * then runs with no permission at all; so the flags are made here from deno.json's `cli` set,
 * the one list there is.
 */
import { fileURLToPath } from "node:url";
import { PROGRAM_NAME } from "../src/version.ts";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The `--allow-*` flags that grant a permission set of deno.json, exactly. */
export function permissionFlags(set: Record<string, unknown>): string[] {
  const flags: string[] = [];
  for (const [name, value] of Object.entries(set)) {
    if (!/^[a-z]+$/.test(name)) throw new Error(`unknown permission '${name}'`);
    if (value === true) flags.push(`--allow-${name}`);
    else if (value === false) continue;
    else if (
      Array.isArray(value) && value.length > 0 &&
      value.every((item) => typeof item === "string" && item !== "" && !item.includes(","))
    ) {
      flags.push(`--allow-${name}=${value.join(",")}`);
    } else {
      // A shape this script cannot pass on exactly (deny lists, an empty list): refuse rather
      // than install a command with other permissions than the binary's.
      throw new Error(`permission '${name}' has a value this script cannot pass on`);
    }
  }
  return flags;
}

/** The `deno install` arguments for the command, into `root`'s bin (Deno's default without). */
export function installArgs(flags: string[], root?: string): string[] {
  return [
    "install",
    "--global",
    "--force",
    "--quiet",
    "--no-prompt",
    `--config=${REPO_ROOT}deno.json`,
    `--name=${PROGRAM_NAME}`,
    ...(root === undefined ? [] : [`--root=${root}`]),
    ...flags,
    `${REPO_ROOT}main.ts`,
  ];
}

/** `--root DIR` or `--root=DIR`, nothing else; an error names what was wrong. */
export function parseRoot(args: string[]): { root?: string } | { error: string } {
  let root: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i].startsWith("--root=")
      ? ["--root", args[i].slice("--root=".length)]
      : [args[i], undefined];
    if (name !== "--root") {
      return { error: `unknown argument '${args[i]}'; the one option is --root DIR` };
    }
    if (root !== undefined) return { error: "--root given twice" };
    root = inline ?? args[++i];
    if (!root) return { error: "--root needs a directory, e.g. --root ~/.local" };
  }
  return { root };
}

if (import.meta.main) {
  const parsed = parseRoot(Deno.args);
  if ("error" in parsed) {
    console.error(`Error: ${parsed.error}.`);
    Deno.exit(2);
  }
  const config = JSON.parse(await Deno.readTextFile(`${REPO_ROOT}deno.json`));
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: installArgs(permissionFlags(config.permissions.cli), parsed.root),
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) Deno.exit(code);
  const bin = parsed.root === undefined
    ? "Deno's bin directory (~/.deno/bin)"
    : `${parsed.root}/bin`;
  const root = parsed.root === undefined ? "" : ` --root ${parsed.root}`;
  console.error(
    `Installed ${PROGRAM_NAME} into ${bin}: it runs the source in ${REPO_ROOT}. Run ` +
      `\`deno task install\` again after a git pull (deno.json is copied at install). ` +
      `Remove it with: deno uninstall --global${root} ${PROGRAM_NAME}`,
  );
}
