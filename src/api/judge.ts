/** Reading a final answer: a 2xx passes, anything else becomes a typed error. */
import { type ApiCall, Forbidden, HttpError, Unauthorized } from "./errors.ts";
import { parseRetryAfter } from "./retry.ts";

export type Judged = { response: Response } | {
  failure: { status: number };
  error: HttpError;
  retryAfterMs?: number;
};

const MAX_MESSAGE_CHARS = 300;
const REQUEST_ID_HEADERS = [
  "x-request-id",
  "request-id",
  "x-correlation-id",
  "x-amzn-requestid",
  "cf-ray",
];

/** The answer itself when 2xx, else its status and typed error (with Retry-After, if any). */
export async function judge(
  call: ApiCall,
  response: Response,
  nowMs: number,
  redact: (text: string) => string,
): Promise<Judged> {
  if (response.ok) return { response };
  const message = await serverMessage(response, redact);
  const found = REQUEST_ID_HEADERS.map((name) => response.headers.get(name)).find(Boolean);
  const requestId = found ? redact(found) : undefined;
  const { status } = response;
  // The reason phrase is the server's text too (Deno's fetch puts in the standard one; node:http does not).
  const statusText = redact(response.statusText);
  const failure = { status };
  if (status === 401) {
    return { failure, error: new Unauthorized(call, status, statusText, message, requestId) };
  }
  if (status === 403) {
    return { failure, error: new Forbidden(call, status, statusText, message, requestId) };
  }
  return {
    failure,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), nowMs),
    error: new HttpError(call, status, statusText, message, requestId),
  };
}

/** The server's message, readable in one line: JSON fields unwrapped, tags dropped, cut short. */
export async function serverMessage(
  response: Response,
  redact: (text: string) => string,
): Promise<string> {
  let text = (await response.text().catch(() => "")).trim();
  const type = response.headers.get("content-type") ?? "";
  if (/json/i.test(type) || /^[{"]/.test(text)) {
    try {
      const data = JSON.parse(text);
      const field = typeof data === "string"
        ? data
        : ["message", "error", "title", "detail"].map((key) => data?.[key])
          .find((value) => typeof value === "string");
      if (typeof field === "string") text = field;
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  if (/html/i.test(type)) text = text.replace(/<[^>]*>/g, " ");
  text = redact(text).replace(/\s+/g, " ").trim();
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}...` : text;
}
