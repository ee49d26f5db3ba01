/**
 * What a run loads: a figure that does not depend on the machine's load, so
 * a gate can hold it exactly. Read from the runtime's own debug log: with
 * `--log-level=debug`, Deno names each ES module as it looks up or writes
 * its code cache, the lazily loaded parts of the runtime (`ext:` and `node:`
 * modules: Node built-ins, timers) included.
 */
import type { Invocation } from "./_measure.ts";

export interface Loaded {
  /** The program's own files: source modules, or the bundle's chunks. */
  files: number;
  /** The npm packages loaded, by name, sorted. */
  packages: string[];
  /** Modules of the runtime loaded on demand (`ext:`, `node:`): none for the empty script. */
  runtime: number;
}

/** The modules named in a `--log-level=debug` log. */
export function loadedModules(log: string): Loaded {
  const urls = new Set(
    [...log.matchAll(/ for ES module: (\S+?),? \[/g)].map((match) => match[1]),
  );
  const packages = new Set<string>();
  let files = 0;
  let runtime = 0;
  for (const url of urls) {
    const npm = /\/registry\.npmjs\.org\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (npm) packages.add(npm[1]);
    else if (url.startsWith("file:")) files++;
    else runtime++;
  }
  return { files, packages: [...packages].sort(), runtime };
}

/**
 * `invocation` (a `deno run`) with the runtime's debug log on stderr: `--quiet`
 * would silence it.
 */
export function withDebugLog(invocation: Invocation): Invocation {
  const [command, ...rest] = invocation.args;
  if (command !== "run") throw new Error(`not a deno run: ${invocation.args.join(" ")}`);
  // The runtime's flags come before the script; what follows it is the program's.
  const script = rest.findIndex((arg) => !arg.startsWith("-"));
  const flags = rest.slice(0, script).filter((arg) => arg !== "--quiet");
  return { ...invocation, args: [command, "--log-level=debug", ...flags, ...rest.slice(script)] };
}

/** One line: "12 files, 3 runtime modules, npm: leven". */
export function loadedText(loaded: Loaded): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const npm = loaded.packages.length > 0 ? `, npm: ${loaded.packages.join(" ")}` : "";
  return `${count(loaded.files, "file")}, ${count(loaded.runtime, "runtime module")}${npm}`;
}
