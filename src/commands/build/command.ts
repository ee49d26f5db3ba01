/** `build`: start the builds of a version and wait for them. */
import { defineCommand } from "../../cli/define.ts";
import { BUILD_OPTIONS, versionTagNote } from "../../cli/options.ts";

export const buildCommand = defineCommand({
  name: "build",
  summary: "build a version into deb, rpm and pacman packages, and wait for the jobs",
  options: BUILD_OPTIONS,
  examples: [
    'distropack-cli build --package-id "$ID" --version 1.0.0',
    "distropack-cli build --version 1.0.0 --target deb --timeout 20m",
    "distropack-cli build --version 1.0.0 --no-wait --json",
  ],
  notes: versionTagNote,
  reference: async () => (await import("./reference.ts")).buildReference,
  load: async () => (await import("./build.ts")).buildHandler,
});
