import assert from "node:assert/strict";
import { RedirectRefused, UnexpectedAnswer } from "./errors.ts";
import { redirectTarget } from "./redirect.ts";

const TOKEN = "dp_secret_token_1234";
const redact = (text: string) => text.split(TOKEN).join("[redacted]");

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
