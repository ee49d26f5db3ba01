/**
 * Other ways to stream a file upload from this runtime, measured beside the
 * bare `fetch` to see whether any gets past its ceiling without a
 * hand-written HTTP client, or keeps multipart framing at a lower cost.
 *
 * Usage: deno run -A bench/upload_variants.ts MODE URL FILE
 *   js-stream            fetch; file.readable through an identity TransformStream
 *                        (raw body): the bare fetch, minus the runtime's fast path
 *                        for a body that is a file's own stream
 *   multipart-readahead  fetch; multipart framing in a JS stream of fresh
 *                        64 KiB buffers, reading up to 8 chunks ahead
 *   node-http            node:http request fed by fs.createReadStream
 *                        (raw body, Content-Length)
 */
import fs from "node:fs";
import http from "node:http";
import { basename } from "node:path";

const [mode, url, path] = Deno.args;

const CHUNK_BYTES = 64 * 1024;
const READ_AHEAD_CHUNKS = 8;

/**
 * A fresh buffer for every chunk: `fetch` keeps a reference to an enqueued
 * chunk until it is on the wire, so reusing one buffer corrupts the upload.
 */
function multipartReadAhead(): { body: ReadableStream<Uint8Array>; boundary: string } {
  const boundary = `----bench${crypto.randomUUID().replaceAll("-", "")}`;
  const encoder = new TextEncoder();
  const partHead = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${
      basename(path)
    }"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const closing = encoder.encode(`\r\n--${boundary}--\r\n`);
  let file: Deno.FsFile | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      file = await Deno.open(path);
      controller.enqueue(partHead);
    },
    async pull(controller) {
      const buffer = new Uint8Array(CHUNK_BYTES);
      const count = await file!.read(buffer);
      if (count === null) {
        file!.close();
        controller.enqueue(closing);
        controller.close();
      } else {
        controller.enqueue(buffer.subarray(0, count));
      }
    },
    cancel() {
      file?.close();
    },
  }, { highWaterMark: READ_AHEAD_CHUNKS });
  return { body, boundary };
}

async function post(body: BodyInit, contentType: string): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": contentType },
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`upload answered ${response.status}`);
}

function nodeHttp(): Promise<void> {
  const size = fs.statSync(path).size;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      headers: { "content-length": size, "content-type": "application/octet-stream" },
    }, (response) => {
      response.resume();
      response.on(
        "end",
        () =>
          response.statusCode! < 300
            ? resolve()
            : reject(new Error(`upload answered ${response.statusCode}`)),
      );
    });
    request.on("error", reject);
    fs.createReadStream(path, { highWaterMark: 1 << 20 }).on("error", reject).pipe(request);
  });
}

switch (mode) {
  case "js-stream": {
    using file = await Deno.open(path);
    await post(file.readable.pipeThrough(new TransformStream()), "application/octet-stream");
    break;
  }
  case "multipart-readahead": {
    const { body, boundary } = multipartReadAhead();
    await post(body, `multipart/form-data; boundary=${boundary}`);
    break;
  }
  case "node-http":
    await nodeHttp();
    break;
  default:
    throw new Error(`unknown mode: ${mode}`);
}
