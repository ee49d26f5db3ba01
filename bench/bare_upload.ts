/**
 * The runtime's own ceiling for a streamed upload: `fetch` with the file's
 * `readable` as the body, nothing else (no multipart, no progress, no retries).
 *
 * Usage: deno run -A bench/bare_upload.ts URL FILE
 */
const [url, path] = Deno.args;
using file = await Deno.open(path);
const response = await fetch(url, {
  method: "POST",
  body: file.readable,
  headers: { "content-type": "application/octet-stream" },
});
await response.body?.cancel();
if (!response.ok) throw new Error(`upload answered ${response.status}`);
