// Shared helpers of the CLI tests: run the built bin (pkg/cli.js) as a child process, sign
// tokens with node:crypto, make temporary files.

import { spawn } from "node:child_process";
import { createHmac, createSign, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../pkg/cli.js", import.meta.url));
export const NOW = 1764000000; // 2025-11-24T16:00:00Z
export const SECRET = "cli-test-secret-that-is-32-bytes-long";
export const ISS = "https://auth.example.com/";

/** The environment of a child without colour variables (plus `extra`). */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  delete env.NODE_TEST_CONTEXT;
  return { ...env, ...extra };
}

/**
 * Runs `node pkg/cli.js ...args`; resolves to { code, stdout, stderr }.
 * @param {string[]} args
 * @param {{ input?: string, env?: object }} [opts]
 */
export function run(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    // the runner's V8 flags (--single-threaded, see scripts/test.sh) reach the CLI too
    const child = spawn(process.execPath, [...process.execArgv, BIN, ...args], { env: env ?? cleanEnv(), stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** An HS256 token. */
export function hs256(payload, { secret = SECRET, header = { alg: "HS256", typ: "JWT" } } = {}) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** An RS256 token signed with `privateKey`. */
export function rs256(payload, privateKey, kid) {
  const input = `${b64({ alg: "RS256", typ: "JWT", kid })}.${b64(payload)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}

/** An RSA key pair with its public JWK under `kid`. */
export function rsaKey(kid) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { publicKey, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }, pem: publicKey.export({ type: "spki", format: "pem" }) };
}

/** A temporary folder with a `write(name, content)` helper and `cleanup()`. */
export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-cli-"));
  return {
    dir,
    write(name, content) {
      const p = join(dir, name);
      writeFileSync(p, typeof content === "string" || content instanceof Uint8Array ? content : JSON.stringify(content));
      return p;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[[0-9;]*m/;
