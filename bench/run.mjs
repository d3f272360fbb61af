// Side-by-side benchmark in one Node process: jwt-doctor verify() (native signature path and
// crypto: "wasm"), jose jwtVerify (one at a time and 16 in flight), jsonwebtoken, fast-jwt
// (without its verified-token cache) and raw node:crypto, on the same tokens, all checking
// exp, nbf, iss and aud with keys imported once; plus inspect() ops/s, wasm size and the time to
// instantiate and verify once.
//
//   node bench/run.mjs            about two minutes; writes bench/results.json, prints a table
//   node bench/run.mjs --quick    a smoke run with tiny iteration counts (CI)
import { createHmac, createPublicKey, createSecretKey, generateKeyPairSync, randomBytes, timingSafeEqual, verify as nodeVerify, constants } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import os from "node:os";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { createVerifier } from "fast-jwt";
import { verify as jdVerify, inspect as jdInspect } from "jwt-doctor";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
const DURATION = quick ? 20 : 150; // ms per measurement
const ROUNDS = quick ? 1 : 15; // the best of this many interleaved measurements

// Operations per second of this process's CPU time (user + system, every thread: jose's
// WebCrypto work in libuv's pool counts too). On a shared VM, wall time also counts the
// moments the hypervisor runs a neighbour; CPU time does not.
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
const ISS = "https://issuer.example.com/";
const AUD = "api://bench";
const now = Math.floor(Date.now() / 1000);
const claims = { iss: ISS, aud: AUD, sub: "user-1", iat: now - 10, nbf: now - 10, exp: now + 3600 };

async function measure(fn) {
  const end0 = performance.now() + DURATION / 5;
  while (performance.now() < end0) await fn();
  let n = 0;
  const c0 = cpuMs();
  const end = performance.now() + DURATION;
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) await fn();
    n += 64;
  }
  return (n * 1000) / (cpuMs() - c0);
}

function measureSync(fn) {
  const end0 = performance.now() + DURATION / 5;
  while (performance.now() < end0) fn();
  let n = 0;
  const c0 = cpuMs();
  const end = performance.now() + DURATION;
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) fn();
    n += 64;
  }
  return (n * 1000) / (cpuMs() - c0);
}

async function measureConcurrent(fn, inflight) {
  let n = 0;
  const c0 = cpuMs();
  const end = performance.now() + DURATION;
  const worker = async () => {
    while (performance.now() < end) {
      await fn();
      n++;
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  return (n * 1000) / (cpuMs() - c0);
}

function check(ok, what) {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}

// A minimal honest verifier over node:crypto: the floor any library pays.
function rawVerifier(alg, key) {
  const bits = Number(alg.slice(2)) || 0;
  const hash = bits ? `sha${bits}` : null;
  const sig = (data, s) => {
    switch (alg.slice(0, 2)) {
      case "HS": {
        const mac = createHmac(hash, key).update(data).digest();
        return mac.length === s.length && timingSafeEqual(mac, s);
      }
      case "RS": return nodeVerify(hash, data, key, s);
      case "PS": return nodeVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 }, s);
      case "ES": return nodeVerify(hash, data, { key, dsaEncoding: "ieee-p1363" }, s);
      default: return nodeVerify(null, data, key, s);
    }
  };
  return (token) => {
    const dot = token.lastIndexOf(".");
    const [h, p] = token.slice(0, dot).split(".");
    const header = JSON.parse(Buffer.from(h, "base64url").toString());
    if (header.alg !== alg) throw new Error("alg");
    if (!sig(Buffer.from(token.slice(0, dot)), Buffer.from(token.slice(dot + 1), "base64url"))) throw new Error("signature");
    const c = JSON.parse(Buffer.from(p, "base64url").toString());
    const t = Date.now() / 1000;
    if (!(t < c.exp) || !(t >= c.nbf) || c.iss !== ISS || (c.aud !== AUD && !(Array.isArray(c.aud) && c.aud.includes(AUD)))) throw new Error("claims");
    return c;
  };
}

async function keysFor(alg) {
  if (alg.startsWith("HS")) {
    const secret = randomBytes(64);
    return { sign: secret, verifyKey: createSecretKey(secret), joseKey: secret, jwtdKey: new Uint8Array(secret), fastKey: secret, jwtKey: secret };
  }
  const type = alg === "EdDSA" ? "ed25519" : alg.startsWith("ES") ? "ec" : "rsa";
  const { privateKey, publicKey } = generateKeyPairSync(type, type === "rsa" ? { modulusLength: 2048 } : type === "ec" ? { namedCurve: "P-256" } : {});
  const pem = publicKey.export({ type: "spki", format: "pem" });
  return { sign: privateKey, verifyKey: publicKey, joseKey: publicKey, jwtdKey: pem, fastKey: pem, jwtKey: publicKey };
}

const ALGS = ["HS256", "RS256", "PS256", "ES256", "EdDSA"];
const results = {};
const table = [];

for (const alg of ALGS) {
  const k = await keysFor(alg);
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(k.sign);
  const opts = { key: k.jwtdKey, algorithms: [alg], issuer: ISS, audience: AUD };
  // one options object per mode, as a server keeps its configuration (keys imported once)
  const wasmOpts = { ...opts, crypto: "wasm" };
  const raw = rawVerifier(alg, k.verifyKey);
  const fast = createVerifier({ key: k.fastKey, algorithms: [alg], allowedIss: ISS, allowedAud: AUD, cache: false });
  const joseOpts = { algorithms: [alg], issuer: ISS, audience: AUD };
  const jwtOpts = { algorithms: [alg], issuer: ISS, audience: AUD };

  // every implementation must accept the token before it is timed
  check(raw(token).sub === "user-1", `raw ${alg}`);
  check((await jdVerify(token, opts)).payload.sub === "user-1", `jwt-doctor ${alg}`);
  check((await jdVerify(token, wasmOpts)).payload.sub === "user-1", `jwt-doctor wasm ${alg}`);
  check((await jose.jwtVerify(token, k.joseKey, joseOpts)).payload.sub === "user-1", `jose ${alg}`);
  // jsonwebtoken 9 has no EdDSA
  const jwtSupported = alg !== "EdDSA";
  if (jwtSupported) check(jsonwebtoken.verify(token, k.jwtKey, jwtOpts).sub === "user-1", `jsonwebtoken ${alg}`);
  check(fast(token).sub === "user-1", `fast-jwt ${alg}`);

  // Each implementation is measured ROUNDS times, interleaved with the others, and keeps its
  // best round: a shared VM's neighbours slow some rounds, never speed one up.
  const impls = {
    "node:crypto (raw)": () => measureSync(() => raw(token)),
    "jwt-doctor verify": () => measure(() => jdVerify(token, opts)),
    "jwt-doctor verify (wasm)": () => measure(() => jdVerify(token, wasmOpts)),
    "fast-jwt": () => measureSync(() => fast(token)),
    jsonwebtoken: jwtSupported ? () => measureSync(() => jsonwebtoken.verify(token, k.jwtKey, jwtOpts)) : undefined,
    "jose (1 in flight)": () => measure(() => jose.jwtVerify(token, k.joseKey, joseOpts)),
    "jose (16 in flight)": () => measureConcurrent(() => jose.jwtVerify(token, k.joseKey, joseOpts), 16),
  };
  if (alg === "HS256") impls["jwt-doctor inspect"] = () => measureSync(() => jdInspect(token, opts));
  const row = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(impls)) {
      if (run) row[name] = Math.max(row[name] ?? 0, await run());
    }
  }
  results[alg] = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined).map(([n, v]) => [n, Math.round(v)]));
  console.error(`${alg}: done`);
}

const wasmPath = join(here, "..", "pkg", "jwt_doctor_bg.wasm");
const wasm = readFileSync(wasmPath);
// cold start in a fresh process: compile and instantiate the module on their own (wasm-bindgen's
// initSync with a compiled WebAssembly.Module), then import the package (which reads, compiles
// and instantiates it again, and loads the JavaScript) + the first verify
const coldScript = `
import { readFileSync } from "node:fs";
const bytes = readFileSync("pkg/jwt_doctor_bg.wasm");
const c0 = performance.now();
const module = new WebAssembly.Module(bytes);
const c1 = performance.now();
const { initSync } = await import("./pkg/jwt_doctor.js");
const i0 = performance.now();
initSync({ module });
const i1 = performance.now();
const t0 = performance.now();
const m = await import("jwt-doctor");
const t1 = performance.now();
const A1 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
await m.verify(A1, { key: { kty: "oct", k: "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow" }, algorithms: ["HS256"], now: 1300819000 });
const t2 = performance.now();
console.log(JSON.stringify({ compileMs: c1 - c0, instantiateMs: i1 - i0, importMs: t1 - t0, firstVerifyMs: t2 - t1 }));`;
const cold = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", coldScript], { cwd: join(here, ".."), encoding: "utf8" }));
// the same in workerd: its start with and without the module (bench/workerd-start.mjs)
const workerd = JSON.parse(execFileSync(process.execPath, [join(here, "workerd-start.mjs"), "--runs", quick ? "2" : "9"], { encoding: "utf8" }));
const compileT0 = performance.now();
await WebAssembly.compile(wasm);
const compileMs = performance.now() - compileT0;

const meta = {
  wasmBytes: wasm.length,
  wasmGzipBytes: gzipSync(wasm, { level: 9 }).length,
  wasmCompileMs: Math.round(compileMs * 10) / 10,
  coldCompileMs: Math.round(cold.compileMs * 10) / 10,
  instantiateMs: Math.round(cold.instantiateMs * 10) / 10,
  importMs: Math.round(cold.importMs * 10) / 10,
  firstVerifyMs: Math.round(cold.firstVerifyMs * 10) / 10,
  workerd,
  node: process.version,
  cpu: os.cpus()[0]?.model ?? "unknown",
  cores: os.cpus().length,
  date: new Date().toISOString(),
  measure: `operations per second of process CPU time, best of ${ROUNDS} interleaved rounds of ${DURATION} ms`,
  quick,
};

const impls = [...new Set(Object.values(results).flatMap((r) => Object.keys(r)))];
const fmt = (n) => (n === undefined ? "—" : n >= 1000 ? `${(n / 1000).toFixed(1)} k` : String(n));
const lines = [`| ops/s | ${ALGS.join(" | ")} |`, `|---|${ALGS.map(() => "---:").join("|")}|`];
for (const impl of impls) lines.push(`| ${impl} | ${ALGS.map((a) => fmt(results[a][impl])).join(" | ")} |`);
const ratio = (a, b) => ALGS.map((alg) => (results[alg][a] / results[alg][b]).toFixed(2));
lines.push(`| *verify ÷ fast-jwt* | ${ratio("jwt-doctor verify", "fast-jwt").join(" | ")} |`);
lines.push(`| *verify ÷ raw* | ${ratio("jwt-doctor verify", "node:crypto (raw)").join(" | ")} |`);
lines.push(`| *wasm path ÷ raw* | ${ratio("jwt-doctor verify (wasm)", "node:crypto (raw)").join(" | ")} |`);
const summary = `${lines.join("\n")}\n\nwasm: ${meta.wasmBytes} bytes raw, ${meta.wasmGzipBytes} gzip; compile ${meta.wasmCompileMs} ms (cold process ${meta.coldCompileMs} ms), instantiate ${meta.instantiateMs} ms; package import (read, compile, instantiate, load the JS) ${meta.importMs} ms, first verify ${meta.firstVerifyMs} ms; workerd start ${workerd.startMs} ms, of which the module ${workerd.moduleMs} ms. Node ${meta.node}, ${meta.cpu}, ${meta.cores} cores.`;
console.log(summary);
// bench/reject.mjs keeps its own section of the file
const previous = JSON.parse(readFileSync(join(here, "results.json"), "utf8"));
if (!quick) writeFileSync(join(here, "results.json"), JSON.stringify({ ...results, meta, reject: previous.reject }, null, 2) + "\n");
