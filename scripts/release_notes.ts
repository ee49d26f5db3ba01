// Build tooling, not the CLI: it talks to the terminal directly.
// deno-lint-ignore-file no-console
/** Prints the GitHub release notes for the CLI's version: deno run scripts/release_notes.ts */
import { VERSION } from "../src/version.ts";
import { releaseNotes } from "./release_assets.ts";

if (import.meta.main) console.log(releaseNotes(VERSION));
