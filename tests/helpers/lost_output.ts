/** What the tests of output that cannot be written share: the error, the crash check, a failing build. */
import assert from "node:assert/strict";
import { FakeServer } from "./fake_server.ts";

export const FULL = "No space left on device (os error 28)";

export const STDOUT_FULL = `Error: Could not write to stdout: ${FULL}.`;

/** Neither a runtime's stack trace nor the CLI's own "unexpected failure". */
export function assertNoCrash(text: string): void {
  assert.doesNotMatch(text, /^\s+at /m, text);
  assert.doesNotMatch(text, /Uncaught|Unexpected failure/, text);
}

/** The server's two jobs, the second of which fails. */
export function failingBuild(): FakeServer {
  const server = FakeServer.start({ jobIds: ["j-1", "j-2"] });
  server.script("j-2", { status: "failed", failMessage: "no changelog" });
  return server;
}
