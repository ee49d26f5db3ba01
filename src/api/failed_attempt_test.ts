import assert from "node:assert/strict";
import { HttpError } from "./errors.ts";
import { judge } from "./failed_attempt.ts";

const TOKEN = "dp_secret_token_1234";
const redact = (text: string) => text.split(TOKEN).join("[redacted]");

Deno.test("a reason phrase that echoes the token is redacted (node:http passes it on as sent)", async () => {
  const response = new Response("", { status: 400, statusText: `Bad Bearer ${TOKEN}` });
  const judged = await judge("upload", response, 0, redact);
  assert.ok("error" in judged);
  assert.ok(judged.error instanceof HttpError);
  assert.equal(judged.error.statusText, "Bad Bearer [redacted]");
  assert.ok(!judged.error.message.includes(TOKEN), judged.error.message);
});
