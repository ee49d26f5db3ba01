// Start-up probe: the CLI's config layer (node:path, node:util, smol-toml), without commander.
import "../../src/config/file.ts";
import "../../src/config/paths.ts";
import "../../src/config/resolve.ts";
