// Shared helpers of the diagnosis suites (tests/js/diagnosis*.test.mjs, attacks.test.mjs): real
// keys generated once per file, compact JWS built by hand (for forgeries and odd encodings), a
// recorder of every report for the "safe to log" test, and assertion shorthands.
//
// Not a test file itself (no `.test.` in the name): node --test only loads it through imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { inspect as coreInspect, verify as coreVerify, JwtError } from "jwt-doctor";

/** A fixed "now" for every test: 2025-01-01T00:00:00Z. */
export const NOW = 1_735_689_600;

export const CHECK_ORDER = [
  "format", "algorithm", "key", "signature", "exp", "nbf", "iat",
  "iss", "aud", "sub", "typ", "required", "crit",
];

// ---------------------------------------------------------------------------------------------
// Encoding and signing by hand
// ---------------------------------------------------------------------------------------------

/** base64url without padding of a string (UTF-8) or bytes. */
export const b64u = (x) => Buffer.from(typeof x === "string" ? x : x).toString("base64url");

/** One part: an object is JSON-serialised, a string is taken as the JSON text itself. */
const part = (x) => b64u(typeof x === "string" ? x : JSON.stringify(x));

const HASH = { 256: "sha256", 384: "sha384", 512: "sha512" };
const hashOf = (alg) => HASH[alg.slice(-3)];

/** HMAC of `input` under `secret` (string or bytes) for HS256/384/512, as bytes. */
export const hmac = (alg, secret, input) =>
  crypto.createHmac(hashOf(alg), typeof secret === "string" ? Buffer.from(secret) : secret).update(input).digest();

/**
 * A compact JWS. `header`/`payload` are objects or raw JSON text; `key` is an HMAC secret
 * (string/bytes) for HS*, a private KeyObject otherwise. `der: true` gives ECDSA in DER; `alg`
 * overrides the algorithm read from the header (for headers that are not what they seem).
 */
export function sign(header, payload, key, { der = false, alg: algOverride } = {}) {
  const alg = algOverride ?? (typeof header === "string" ? JSON.parse(header).alg : header.alg);
  const input = `${part(header)}.${part(payload)}`;
  let sig;
  if (alg.startsWith("HS")) sig = hmac(alg, key, input);
  else if (alg === "EdDSA") sig = crypto.sign(null, Buffer.from(input), key);
  else if (alg.startsWith("ES")) {
    sig = crypto.sign(hashOf(alg), Buffer.from(input), { key, dsaEncoding: der ? "der" : "ieee-p1363" });
  } else if (alg.startsWith("PS")) {
    sig = crypto.sign(hashOf(alg), Buffer.from(input), {
      key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST,
    });
  } else sig = crypto.sign(hashOf(alg), Buffer.from(input), key);
  return `${input}.${b64u(sig)}`;
}

/** Replaces the signature part of a token. */
export const withSignature = (token, sigBytes) => `${token.slice(0, token.lastIndexOf("."))}.${b64u(sigBytes)}`;

/** Claims valid at NOW for an hour, plus `extra`. */
export const claims = (extra = {}) => ({ sub: "user-1", iat: NOW - 60, exp: NOW + 3600, ...extra });

// ---------------------------------------------------------------------------------------------
// Keys (generate once per file; RSA keygen dominates the suite's time)
// ---------------------------------------------------------------------------------------------

const keyCache = new Map();

/** A key pair, generated once per process per name: `rsa` (2048), `rsa2`, `rsa1024`, `p256`, `p384`, `ed`... */
export function keys(name) {
  if (keyCache.has(name)) return keyCache.get(name);
  let pair;
  if (name.startsWith("rsa1024")) pair = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
  else if (name.startsWith("rsa")) pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  else if (name.startsWith("p256")) pair = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  else if (name.startsWith("p384")) pair = crypto.generateKeyPairSync("ec", { namedCurve: "P-384" });
  else if (name.startsWith("p521")) pair = crypto.generateKeyPairSync("ec", { namedCurve: "P-521" });
  else if (name.startsWith("ed")) pair = crypto.generateKeyPairSync("ed25519");
  else throw new Error(`unknown key name ${name}`);
  const k = {
    publicKey: pair.publicKey,
    privateKey: pair.privateKey,
    spkiPem: pair.publicKey.export({ type: "spki", format: "pem" }),
    spkiDer: pair.publicKey.export({ type: "spki", format: "der" }),
    publicJwk: pair.publicKey.export({ format: "jwk" }),
    privateJwk: pair.privateKey.export({ format: "jwk" }),
    pkcs8Pem: pair.privateKey.export({ type: "pkcs8", format: "pem" }),
  };
  if (name.startsWith("rsa")) {
    k.pkcs1Pem = pair.publicKey.export({ type: "pkcs1", format: "pem" });
    k.pkcs1Der = pair.publicKey.export({ type: "pkcs1", format: "der" });
    k.pkcs1PrivatePem = pair.privateKey.export({ type: "pkcs1", format: "pem" });
  }
  if (name.startsWith("p")) k.sec1Pem = pair.privateKey.export({ type: "sec1", format: "pem" });
  for (const pem of [k.pkcs8Pem, k.pkcs1PrivatePem, k.sec1Pem].filter(Boolean)) secretPem(pem, k.spkiDer);
  for (const m of ["d", "p", "q", "dp", "dq", "qi"]) if (k.privateJwk[m]) secrets.add(k.privateJwk[m]);
  keyCache.set(name, k);
  return k;
}

/** An OpenSSH public key line (`ssh-rsa`, `ecdsa-sha2-nistp256`, `ssh-ed25519`) for a public KeyObject. */
export function sshLine(publicKey, comment = "user@host") {
  const str = (b) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const mpint = (b) => str(b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
  const jwk = publicKey.export({ format: "jwk" });
  const u = (s) => Buffer.from(s, "base64url");
  let type;
  let blob;
  if (jwk.kty === "RSA") {
    type = "ssh-rsa";
    blob = Buffer.concat([str(Buffer.from(type)), mpint(u(jwk.e)), mpint(u(jwk.n))]);
  } else if (jwk.kty === "EC") {
    const id = { "P-256": "nistp256", "P-384": "nistp384", "P-521": "nistp521" }[jwk.crv];
    type = `ecdsa-sha2-${id}`;
    const point = Buffer.concat([Buffer.from([4]), u(jwk.x), u(jwk.y)]);
    blob = Buffer.concat([str(Buffer.from(type)), str(Buffer.from(id)), str(point)]);
  } else {
    type = "ssh-ed25519";
    blob = Buffer.concat([str(Buffer.from(type)), str(u(jwk.x))]);
  }
  return `${type} ${blob.toString("base64")} ${comment}`;
}

// ---------------------------------------------------------------------------------------------
// Safe to log: every report is recorded; every secret is registered
// ---------------------------------------------------------------------------------------------

const secrets = new Set();
const tokens = new Set();
const reports = [];

/** Registers secret material that must never appear in a report; returns it. */
export function secret(s) {
  secrets.add(typeof s === "string" ? s : Buffer.from(s).toString("latin1"));
  return s;
}

/**
 * Registers a private PEM: its whole body and every base64 line of it, except lines that only
 * hold public bytes (the modulus or public point, which a report may show as any public key).
 */
function secretPem(pem, publicDer) {
  const body = pem.split(/\r?\n/).filter((l) => l && !l.startsWith("-----"));
  secrets.add(body.join(""));
  const publicB64 = [0, 1, 2].map((i) => publicDer.subarray(i).toString("base64"));
  for (const line of body) {
    if (line.length >= 16 && !publicB64.some((p) => p.includes(line.slice(4, -4)))) secrets.add(line);
  }
}

/** inspect(), recording the report and the token. */
export function inspect(token, options) {
  if (typeof token === "string" && token.length > 0) tokens.add(token);
  const r = coreInspect(token, options);
  reports.push(r);
  return r;
}

/** verify(), recording err.report on rejection. Resolves to the result or the JwtError. */
export async function verifyOutcome(token, options) {
  if (typeof token === "string" && token.length > 0) tokens.add(token);
  try {
    return { ok: true, result: await coreVerify(token, options) };
  } catch (err) {
    if (err instanceof JwtError && err.report) reports.push(err.report);
    return { ok: false, err };
  }
}

/** The last test of a file: no report produced in it holds a secret, private key material or a full token. */
export function safeToLogTest() {
  test("safe to log: no report of this file holds a secret, private key material or a full token", () => {
    assert.ok(reports.length > 0, "no report was recorded");
    assert.ok(secrets.size > 0, "no secret was registered");
    const leaks = [];
    for (const r of reports) {
      const text = JSON.stringify(r);
      for (const s of secrets) if (text.includes(s)) leaks.push(`secret ${JSON.stringify(s.slice(0, 12))}… in ${r.findings.map((f) => f.code).join(",")} ${process.env.LEAK_DEBUG ? text.slice(Math.max(0, text.indexOf(s) - 300), text.indexOf(s) + 50) : ""}`);
      for (const t of tokens) {
        // a token is "full" when it has a signature part: its header.payload alone is decoded anyway
        if (t.length > 20 && text.includes(t)) leaks.push(`token ${t.slice(0, 20)}…`);
      }
    }
    assert.deepEqual([...new Set(leaks)], [], `${reports.length} reports checked`);
  });
}

// ---------------------------------------------------------------------------------------------
// Assertion shorthands
// ---------------------------------------------------------------------------------------------

export const codes = (r) => r.findings.map((f) => f.code);
export const errors = (r) => r.findings.filter((f) => f.severity === "error").map((f) => f.code);

/** The one finding with `code` (fails when absent). */
export function finding(r, code) {
  const f = r.findings.find((x) => x.code === code);
  assert.ok(f, `expected finding ${code}, got ${JSON.stringify(r.findings.map((x) => `${x.code}:${x.detail ? JSON.stringify(x.detail) : ""}`))}`);
  return f;
}

/** Asserts the finding exists with this severity and check, a message and a hint; returns it. */
export function has(r, code, severity, check) {
  const f = finding(r, code);
  assert.equal(f.severity, severity, `${code} severity`);
  if (check) assert.equal(f.check, check, `${code} check`);
  assert.ok(typeof f.message === "string" && f.message.length > 10, `${code} message`);
  assert.ok(typeof f.hint === "string" && f.hint.length > 10, `${code} hint`);
  assert.equal(typeof f.detail, "object");
  return f;
}

export const lacks = (r, code) =>
  assert.ok(!codes(r).includes(code), `unexpected ${code}: ${JSON.stringify(r.findings.map((f) => f.code))}`);

/** The first error finding: the main cause. */
export const firstError = (r) => r.findings.find((f) => f.severity === "error");

/** The status of one check in the checklist. */
export const status = (r, check) => r.checks.find((c) => c.check === check)?.status;

/** The report is invalid and its main cause is `code`. */
export function rejectedFor(r, code) {
  assert.equal(r.valid, false, "valid");
  assert.equal(firstError(r)?.code, code, `main cause: ${JSON.stringify(r.findings.map((f) => f.code))}`);
}
