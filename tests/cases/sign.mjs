// Token and key building by hand, shared by the case generator (tests/cases/generate.mjs) and the
// JavaScript-only suites (tests/js/diagnosis-helpers.mjs re-exports it): compact JWS signed with
// node:crypto, forgeries and odd encodings included. Imports nothing of jwt-doctor, so the
// generator runs without a build.
import crypto from "node:crypto";
import v8 from "node:v8";
import vm from "node:vm";

// Node 20 can deadlock exporting a freshly generated key: a garbage collection during
// KeyObject.export({ format: "jwk" }) finalizes the key's generation job, whose destructor waits
// on the lock the export holds (seen as a test file hanging on a futex, its heap shaped by
// whatever the package allocated before). Collecting the jobs right after generating closes the
// window.
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc");

/** A fixed "now" for every test: 2025-01-01T00:00:00Z. */
export const NOW = 1_735_689_600;

/** base64url without padding of a string (UTF-8) or bytes. */
export const b64u = (x) => Buffer.from(x).toString("base64url");

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

/** The forms of one key pair the tests use (PEM, DER, JWK; PKCS#1 for RSA, SEC1 for EC). */
export function keyForms(pair, name) {
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
  return k;
}

/** A fresh key pair by name: `rsa*` (2048), `rsa1024*`, `p256*`, `p384*`, `p521*`, `ed*`. */
export function generatePair(name) {
  const pair = generate(name);
  collect(); // see `collect` above
  return pair;
}

function generate(name) {
  if (name.startsWith("rsa1024")) return crypto.generateKeyPairSync("rsa", { modulusLength: 1024 });
  if (name.startsWith("rsa")) return crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  if (name.startsWith("p256")) return crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  if (name.startsWith("p384")) return crypto.generateKeyPairSync("ec", { namedCurve: "P-384" });
  if (name.startsWith("p521")) return crypto.generateKeyPairSync("ec", { namedCurve: "P-521" });
  if (name.startsWith("ed")) return crypto.generateKeyPairSync("ed25519");
  throw new Error(`unknown key name ${name}`);
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

/**
 * The private material of `keyForms(...)` that no report may show: each private PEM's whole body
 * and every base64 line of it, except lines that only hold public bytes (the modulus or public
 * point, which a report may show as of any public key), and the private JWK members.
 */
export function privateStrings(k) {
  const out = [];
  const publicB64 = [0, 1, 2].map((i) => k.spkiDer.subarray(i).toString("base64"));
  for (const pem of [k.pkcs8Pem, k.pkcs1PrivatePem, k.sec1Pem].filter(Boolean)) {
    const body = pem.split(/\r?\n/).filter((l) => l && !l.startsWith("-----"));
    out.push(body.join(""));
    for (const line of body) {
      if (line.length >= 16 && !publicB64.some((p) => p.includes(line.slice(4, -4)))) out.push(line);
    }
  }
  for (const m of ["d", "p", "q", "dp", "dq", "qi"]) if (k.privateJwk[m]) out.push(k.privateJwk[m]);
  return out;
}
