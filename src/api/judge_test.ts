import assert from "node:assert/strict";
import { HttpError, RedirectRefused, UnexpectedAnswer } from "./errors.ts";
import { judge } from "./judge.ts";
import { redirectTarget } from "./redirect.ts";

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

Deno.test("what a refused redirect quotes of its Location is redacted", () => {
  const url = "https://api.example/api/upload_file";
  const origin = "https://api.example";
  const redirect = (location: string, status: number) =>
    new Response(null, { status, headers: { location } });
  assert.throws(
    () => redirectTarget("upload", "POST", redirect(`/echo/${TOKEN}`, 302), url, origin, 0, redact),
    (error: unknown) => {
      assert.ok(error instanceof UnexpectedAnswer);
      assert.match(error.message, /\/echo\/\[redacted\]/);
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    },
  );
  assert.throws(
    () =>
      redirectTarget(
        "status",
        "GET",
        redirect(`https://${TOKEN}.evil/`, 307),
        url,
        origin,
        0,
        redact,
      ),
    (error: unknown) => {
      assert.ok(error instanceof RedirectRefused);
      assert.ok(!error.message.includes(TOKEN), error.message);
      return true;
    },
  );
});
