// cli-progress ships no types; these describe the part the CLI uses.
// @ts-types="./cli_progress.d.ts"
import progress from "cli-progress";

export default progress;
