// Start-up probe: the Node built-ins commander imports, without commander.
import "node:events";
import "node:child_process";
import "node:path";
import "node:fs";
import "node:process";
import "node:util";
