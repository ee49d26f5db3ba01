import assert from "node:assert/strict";
import {
  emptyState,
  loadState,
  parseState,
  recordKey,
  type ReleaseRecord,
  saveState,
  withRecord,
} from "./state.ts";
import { changedSlots, decide } from "./state_decide.ts";
import { stateLocation } from "./state_path.ts";
import { fileDigest, StreamDigest } from "./state_digest.ts";
import type { BuildStatus } from "../api/types.ts";

const A = { sha256: "a".repeat(64), bytes: 1 };
const B = { sha256: "b".repeat(64), bytes: 1 };

function record(jobIds: string[], files = { src: A }): ReleaseRecord {
  return {
    server: "https://x",
    package_id: "p",
    version: "1",
    targets: "all",
    job_ids: jobIds,
    files,
    updated_at: "2026-01-01T00:00:00.000Z",
  };
}

function status(...jobs: Array<[string, string]>): BuildStatus {
  return {
    jobs: jobs.map(([jobId, status]) => ({
      jobId,
      status,
      name: null,
      failMessage: null,
      technicalError: null,
    })),
    allFinished: false,
    anyFailed: false,
  };
}

Deno.test("the record key holds the server (no trailing slash), package, version and targets", () => {
  const key = (server: string, target?: string) =>
    recordKey({ server, packageId: "p", version: "1", target });
  assert.equal(key("https://x/"), key("https://x"));
  assert.notEqual(key("https://x"), key("https://y"));
  assert.notEqual(key("https://x"), key("https://x", "deb"));
});

Deno.test("a state file that is not JSON, foreign or of another version is refused with why", () => {
  assert.match(parseState("{") as string, /not valid JSON/);
  assert.match(parseState('{"format":"other"}') as string, /not a distropack-release-state/);
  assert.match(
    parseState('{"format":"distropack-release-state","version":2,"records":{}}') as string,
    /format version 2/,
  );
  const bad = { format: "distropack-release-state", version: 1, records: { k: { job_ids: 1 } } };
  assert.deepEqual(parseState(JSON.stringify(bad)), emptyState());
});

Deno.test("the decision: skip when built, wait while running, build when failed, forgotten or changed", () => {
  const done = status(["j-1", "finished"]);
  assert.equal(decide(record(["j-1"]), { src: A }, done).action, "skip");
  assert.equal(decide(record(["j-1"]), { src: A }, status(["j-1", "running"])).action, "wait");
  // Listed by the server but another job still initializing (missing): wait.
  const partly = decide(record(["j-1", "j-2"]), { src: A }, done);
  assert.equal(partly.action, "wait");
  assert.deepEqual(decide(record(["j-1"]), { src: A }, status(["j-1", "failed"])), {
    action: "build",
    upload: [],
    reason: "1 of 1 recorded jobs failed (j-1)",
  });
  const forgotten = decide(record(["j-1"]), { src: A, doc: B }, status());
  assert.deepEqual(forgotten.action === "build" && forgotten.upload, ["src", "doc"]);
  const changed = decide(record(["j-1"]), { src: B }, done);
  assert.deepEqual(changed.action === "build" && changed.upload, ["src"]);
  // Files sent, no build started: build, sending nothing more.
  assert.deepEqual(decide(record([]), { src: A }, undefined), {
    action: "build",
    upload: [],
    reason: "the files were sent by an earlier run that started no build",
  });
  assert.deepEqual(changedSlots(record([]), { src: A, new: A }), ["new"]);
});

Deno.test("the state's default place is the user's cache directory on each system", () => {
  const at = (os: "linux" | "darwin" | "windows", env: Record<string, string>, flag?: string) =>
    stateLocation(flag, { os, env: (name) => env[name], cwd: os === "windows" ? "C:\\w" : "/w" })
      .path;
  assert.equal(at("linux", { HOME: "/h" }), "/h/.cache/distropack/release-state.json");
  assert.equal(
    at("linux", { HOME: "/h", XDG_CACHE_HOME: "/c" }),
    "/c/distropack/release-state.json",
  );
  assert.equal(
    at("linux", { HOME: "/h", XDG_CACHE_HOME: "rel" }),
    "/h/.cache/distropack/release-state.json",
  );
  assert.equal(at("darwin", { HOME: "/h" }), "/h/Library/Caches/distropack/release-state.json");
  assert.equal(
    at("windows", { LOCALAPPDATA: "C:\\L" }),
    "C:\\L\\distropack\\release-state.json",
  );
  assert.equal(
    at("windows", { USERPROFILE: "C:\\U" }),
    "C:\\U\\AppData\\Local\\distropack\\release-state.json",
  );
  assert.equal(at("linux", {}), null);
  assert.equal(at("linux", { HOME: "/h", DISTROPACK_STATE: "s.json" }), "/w/s.json");
  assert.equal(at("linux", { DISTROPACK_STATE: "/e.json" }, "f.json"), "/w/f.json");
});

Deno.test("the state is written atomically, owner-only, and read back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/sub/state.json`;
    assert.deepEqual(await loadState(path), { state: emptyState(), missing: true });
    const state = withRecord(emptyState(), "k", record(["j-1"]));
    await saveState(path, state, Deno.build.os);
    assert.deepEqual((await loadState(path)).state, state);
    assert.deepEqual([...Deno.readDirSync(`${dir}/sub`)].map((e) => e.name), ["state.json"]);
    if (Deno.build.os !== "windows") assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the streamed digest is of the last attempt's bytes, and matches the file's", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/f`;
    await Deno.writeTextFile(path, "hello");
    const digest = new StreamDigest();
    const read = async () => {
      const source = await digest.wrap(await Deno.open(path));
      const buffer = new Uint8Array(3);
      while ((await source.read(buffer)) !== null) { /* streaming */ }
      source.close();
    };
    await read();
    await read();
    assert.deepEqual(await digest.digest(), await fileDigest(path));
    assert.equal(
      (await digest.digest()).sha256,
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
