/**
 * Release signing keys made by a test with ssh-keygen, and install.sh with such a key pinned.
 *
 * install.sh trusts only the key written into it, and reads none from the environment, so a
 * test pins its own key the one way a user could too: in a copy of the script. A real install
 * runs the script as published, with the release key.
 */
import { REPO_ROOT } from "./process.ts";

/** The namespace of the release signatures, as install.sh and release.yml use it. */
export const SIGNING_NAMESPACE = "distropack-release";

export interface SigningKey {
  /** The OpenSSH public key line, e.g. `ssh-ed25519 AAAA... comment`. */
  publicKey: string;
  /** The private key file's text, as a release workflow's secret holds it. */
  privateKey: string;
  /** An OpenSSH signature of `data` (the text of a .sig file). */
  sign(data: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
}

async function sshKeygen(args: string[], stdin?: Uint8Array): Promise<void> {
  const child = new Deno.Command("ssh-keygen", {
    args,
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const { code, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(`ssh-keygen ${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
  }
}

/** A fresh ed25519 key pair; the private half lives in a temp dir until the process ends. */
export async function makeSigningKey(comment = "test release key"): Promise<SigningKey> {
  const dir = await Deno.makeTempDir({ prefix: "distropack-key-" });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  const key = `${dir}/key`;
  await sshKeygen(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key]);
  const publicKey = (await Deno.readTextFile(`${key}.pub`)).trim();
  const privateKey = await Deno.readTextFile(key);
  let count = 0;
  return {
    publicKey,
    privateKey,
    async sign(data) {
      const file = `${dir}/data-${count++}`;
      await Deno.writeFile(file, data);
      await sshKeygen(["-q", "-Y", "sign", "-f", key, "-n", SIGNING_NAMESPACE, file]);
      return await Deno.readFile(`${file}.sig`);
    },
  };
}

const KEY_LINE = /^SIGNING_KEY="[^"\n]*"$/gm;

/** The release key pinned in install.sh. */
export async function pinnedKey(): Promise<string> {
  const text = await Deno.readTextFile(`${REPO_ROOT}install.sh`);
  const lines = text.match(KEY_LINE) ?? [];
  if (lines.length !== 1) throw new Error(`install.sh has ${lines.length} SIGNING_KEY lines`);
  return lines[0].slice('SIGNING_KEY="'.length, -1);
}

/** Writes install.sh to `path` with `publicKey` pinned in place of the release key. */
export async function writePinnedInstaller(path: string, publicKey: string): Promise<void> {
  const text = await Deno.readTextFile(`${REPO_ROOT}install.sh`);
  await Deno.writeTextFile(path, text.replace(KEY_LINE, `SIGNING_KEY="${publicKey}"`));
}
