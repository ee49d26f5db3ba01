import assert from "node:assert/strict";
import { FileChanged } from "./errors.ts";
import {
  closingBoundary,
  contentType,
  fileBody,
  fileBodyLength,
  filePartHead,
  newBoundary,
  textFieldsBody,
} from "./multipart.ts";

function sourceOf(bytes: Uint8Array) {
  let offset = 0;
  const source = {
    reads: 0,
    closed: false,
    read(buffer: Uint8Array): Promise<number | null> {
      source.reads++;
      if (offset >= bytes.length) return Promise.resolve(null);
      const count = Math.min(buffer.length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + count));
      offset += count;
      return Promise.resolve(count);
    },
    close() {
      source.closed = true;
    },
  };
  return source;
}

Deno.test("fileBody frames the file exactly, and a real parser reads it back byte for byte", async () => {
  const bytes = crypto.getRandomValues(new Uint8Array(10_000));
  const boundary = newBoundary();
  const progress: number[] = [];
  const source = sourceOf(bytes);
  const body = fileBody({
    boundary,
    fieldName: "file",
    filename: 'we"ird\nname.tar.gz',
    source,
    size: bytes.length,
    chunkSize: 4096,
    onProgress: (sent) => progress.push(sent),
  });
  const raw = new Uint8Array(await new Response(body).arrayBuffer());
  const head = filePartHead(boundary, "file", 'we"ird\nname.tar.gz');
  const tail = closingBoundary(boundary);
  assert.equal(raw.length, head.length + bytes.length + tail.length);
  assert.equal(
    new TextDecoder().decode(head),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="we%22ird%0Aname.tar.gz"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  );
  // The latest two chunks (here the last two) may sit in the runtime's buffers, unsent.
  assert.deepEqual(progress, [4096]);
  assert.ok(source.closed);

  const form = await new Response(raw, { headers: { "content-type": contentType(boundary) } })
    .formData();
  const file = form.get("file") as File;
  assert.equal(file.type, "application/octet-stream");
  assert.deepEqual(new Uint8Array(await file.arrayBuffer()), bytes);
});

Deno.test("fileBody reads nothing until the consumer pulls", async () => {
  const source = sourceOf(new Uint8Array(1 << 20));
  const reader = fileBody({
    boundary: "b",
    fieldName: "file",
    filename: "f",
    source,
    size: 1 << 20,
    chunkSize: 1024,
  })
    .getReader();
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(source.reads, 0);
  await reader.read(); // the part header
  await reader.read(); // one chunk
  assert.equal(source.reads, 1);
  await reader.cancel();
  assert.ok(source.closed);
});

async function readAll(
  body: ReadableStream<Uint8Array>,
): Promise<{ bytes: number; error?: unknown }> {
  let bytes = 0;
  try {
    for await (const chunk of body) bytes += chunk.length;
  } catch (error) {
    return { bytes, error };
  }
  return { bytes };
}

Deno.test("fileBody errors with FileChanged when the file ends before its announced size", async () => {
  const source = sourceOf(new Uint8Array(5000));
  const changed: FileChanged[] = [];
  const body = fileBody({
    boundary: "b",
    fieldName: "file",
    filename: "a.bin",
    source,
    size: 8000,
    chunkSize: 1024,
    onChanged: (error) => changed.push(error),
  });
  const { bytes, error } = await readAll(body);
  assert.ok(error instanceof FileChanged);
  assert.match(error.message, /a\.bin changed while it was read \(it ended after 5000 of the 8000/);
  assert.deepEqual(changed, [error]);
  // No closing boundary: what was sent cannot pass for a complete body.
  assert.equal(bytes, filePartHead("b", "file", "a.bin").length + 5000);
  assert.ok(source.closed);
});

Deno.test("fileBody errors with FileChanged when the file has grown past its announced size", async () => {
  const source = sourceOf(new Uint8Array(5000));
  const body = fileBody({
    boundary: "b",
    fieldName: "file",
    filename: "a.bin",
    source,
    size: 4000,
    chunkSize: 1024,
  });
  const { bytes, error } = await readAll(body);
  assert.ok(error instanceof FileChanged);
  assert.match(error.message, /has more than the 4000 bytes announced/);
  assert.ok(bytes <= filePartHead("b", "file", "a.bin").length + 4000);
});

Deno.test("textFieldsBody is a form a real parser reads", async () => {
  const body = textFieldsBody("xyz", { version: "1.2.3-rc.1" });
  const form = await new Response(body, { headers: { "content-type": contentType("xyz") } })
    .formData();
  assert.equal(form.get("version"), "1.2.3-rc.1");
  assert.equal(
    new TextDecoder().decode(body),
    '--xyz\r\nContent-Disposition: form-data; name="version"\r\n\r\n1.2.3-rc.1\r\n--xyz--\r\n',
  );
});

Deno.test("fileBodyLength is the exact byte count of fileBody, for Content-Length", async () => {
  for (const size of [0, 1, 65_536, 200_001]) {
    const boundary = newBoundary();
    const filename = 'ünï "code".tar.gz';
    const body = fileBody({
      boundary,
      fieldName: "file",
      filename,
      source: sourceOf(new Uint8Array(size)),
      size,
    });
    const sent = (await new Response(body).arrayBuffer()).byteLength;
    assert.equal(fileBodyLength(boundary, "file", filename, size), sent);
  }
});
