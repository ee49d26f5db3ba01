import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Aborted, HttpError } from "../api/errors.ts";
import { ExitCode, InterruptedError } from "../errors.ts";
import { explainApiFailure } from "./advice.ts";

const SRC = fileURLToPath(new URL("../", import.meta.url));

Deno.test("a call stopped by SIGTERM is explained with exit 143, by SIGINT with 130", () => {
  const term = explainApiFailure(new Aborted("trigger", "SIGTERM", true));
  assert.ok(term instanceof InterruptedError);
  assert.equal(term.exitCode, ExitCode.Terminated);
  assert.equal(
    explainApiFailure(new Aborted("status", "SIGINT", true))?.exitCode,
    ExitCode.Interrupted,
  );
});

Deno.test("a trigger stopped before it was sent says no build was started; once sent, that one may have", () => {
  const unsent = explainApiFailure(new Aborted("trigger", "SIGINT", false))!.message;
  assert.match(unsent, /no build was started/);
  assert.doesNotMatch(unsent, /may have started/);
  const sent = explainApiFailure(new Aborted("trigger", "SIGINT", true))!.message;
  assert.match(sent, /it may have started on the server anyway/);
});

Deno.test("a trigger answered by anything but a refusal (4xx) or a 503 may have started builds", () => {
  for (const status of [500, 502, 504, 501, 520, 302, 101]) {
    const message = explainApiFailure(new HttpError("trigger", status, "", "", undefined))!.message;
    assert.match(message, /the build may have started: check the dashboard/, String(status));
  }
  for (const status of [400, 404, 409, 422, 429, 503]) {
    const message = explainApiFailure(new HttpError("trigger", status, "", "", undefined))!.message;
    assert.doesNotMatch(message, /may have started/, String(status));
  }
  const poll = explainApiFailure(new HttpError("status", 502, "", "", undefined))!.message;
  assert.doesNotMatch(poll, /may have started/);
});

Deno.test("a 404 hints at the base URL only when the base URL has a path", () => {
  const notFound = new HttpError("status", 404, "Not Found", "", undefined);
  assert.match(
    explainApiFailure(notFound, { baseUrl: "https://host.example/api" })!.message,
    /HTTP 404 Not Found\. Check the base URL: .*\(\/api\/api\/\.\.\.\).* https:\/\/host\.example\.$/,
  );
  assert.equal(
    explainApiFailure(notFound, { baseUrl: "https://host.example" })!.message,
    "Could not get the build status: the server answered HTTP 404 Not Found.",
  );
});

Deno.test("API failures are explained in one place: as they leave the client (connect.ts)", async () => {
  const callers: string[] = [];
  for await (const file of walk(SRC)) {
    if (file.endsWith("_test.ts") || file === "run/advice.ts") continue;
    const text = await Deno.readTextFile(`${SRC}${file}`);
    if (/\bexplainApiFailure\(/.test(text)) callers.push(file);
  }
  assert.deepEqual(callers, ["run/connect.ts"]);
});

async function* walk(root: string, dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(`${root}${dir}`)) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory) yield* walk(root, `${path}/`);
    else if (path.endsWith(".ts")) yield path;
  }
}
