// Shared by tests/fix: tokens signed with real keys (node:crypto), a local JWKS server, and
// runners that execute a snippet of fixFor() in the real library: a temporary .mjs file run by
// node (with the clone's node_modules), or a Python file run by python3 with the PyJWT that
// scripts/setup.sh --test installs into the cache.
import { execFile } from "node:child_process";
import { createHmac, generateKeyPairSync, sign as cryptoSign } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const PYJWT = path.join(process.env.JWT_DOCTOR_CACHE || path.join(os.homedir(), ".cache", "jwt-doctor"), "pyjwt");

export const nowS = () => Math.floor(Date.now() / 1000);
const b64url = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** An RSA key pair: { privateKey, publicPem, jwk (public, with kid) }. */
export function rsaPair(kid) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }),
    jwk: { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" },
  };
}

/** A compact JWS over header and payload, signed with a KeyObject (RS/PS) or secret bytes (HS). */
export function signToken(header, payload, key) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const alg = header.alg;
  const bits = alg.slice(2);
  let sig;
  if (alg.startsWith("HS")) sig = createHmac(`sha${bits}`, key).update(input).digest();
  else if (alg.startsWith("RS")) sig = cryptoSign(`sha${bits}`, Buffer.from(input), key);
  else if (alg.startsWith("PS")) {
    sig = cryptoSign(`sha${bits}`, Buffer.from(input), { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(bits) / 8 });
  } else throw new Error(`signToken: ${alg} not supported here`);
  return `${input}.${sig.toString("base64url")}`;
}

/** Serves `jwks` at http://127.0.0.1:PORT/jwks.json. */
export async function jwksServer(jwks) {
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/jwks.json" ? 200 : 404, { "content-type": "application/json", connection: "close" });
    res.end(req.url === "/jwks.json" ? JSON.stringify(jwks) : "{}");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/jwks.json`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

let workDir = null;
/** A temporary folder whose node_modules is the clone's, so snippets import the real libraries. */
function work() {
  if (!workDir) {
    workDir = mkdtempSync(path.join(os.tmpdir(), "jwt-doctor-fix-"));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(workDir, "node_modules"));
  }
  return workDir;
}
export function cleanup() {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = null;
}

let seq = 0;
function runFile(cmd, args, env) {
  return new Promise((resolve) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, timeout: 20000 }, (err, stdout, stderr) => {
      resolve({ ok: !err, out: `${stdout}${stderr}`.trim() });
    });
  });
}

/**
 * Runs a JavaScript snippet verbatim after a prelude that defines `token`, `secret` and `key`
 * (unless the snippet defines key itself) and, for hono, sends the token through the app.
 * Resolves to { ok, out }: ok when the snippet's verifier accepted the token.
 */
export function runJs(snippet, { token, keyText = "", keyExpr = "process.env.FIX_KEY", secret, hono = false }) {
  const defines = (name) => new RegExp(`^(const|let) ${name}\\b`, "m").test(snippet);
  const prelude = [
    "const token = process.env.FIX_TOKEN;",
    "const secret = process.env.FIX_SECRET;",
    defines("key") ? "" : `const key = ${keyExpr};`,
  ];
  const epilogue = hono
    ? [
      'app.get("/api/check", (c) => c.json(c.get("jwtPayload")));',
      'const res = await app.request("/api/check", { headers: { Authorization: `Bearer ${token}` } });',
      'if (res.status !== 200) throw new Error(`hono answered ${res.status}: ${await res.text()}`);',
      "const payload = await res.json();",
    ]
    : [];
  const text = [...prelude, snippet, ...epilogue, 'console.log("ACCEPTED", payload.sub);'].join("\n");
  const file = path.join(work(), `snippet-${process.pid}-${seq++}.mjs`);
  writeFileSync(file, text);
  return runFile(process.execPath, [file], { FIX_TOKEN: token, FIX_SECRET: secret ?? "", FIX_KEY: keyText });
}

/** Runs a PyJWT snippet with `token`, `secret` and `key` (the text of the key) defined. */
export function runPy(snippet, { token, keyText = "", secret }) {
  if (!existsSync(path.join(PYJWT, "jwt"))) {
    throw new Error(`PyJWT is not installed in ${PYJWT}: run bash scripts/setup.sh --test`);
  }
  const text = [
    "import os",
    'token = os.environ["FIX_TOKEN"]',
    'secret = os.environ["FIX_SECRET"]',
    'key = os.environ["FIX_KEY"]',
    snippet,
    'print("ACCEPTED", payload["sub"])',
  ].join("\n");
  const file = path.join(work(), `snippet-${process.pid}-${seq++}.py`);
  writeFileSync(file, text);
  return runFile("python3", [file], { FIX_TOKEN: token, FIX_SECRET: secret ?? "", FIX_KEY: keyText, PYTHONPATH: PYJWT });
}

