// SPEC §1 (GitHub issue 5), key and signature rows: rotation, algorithm confusion and its forgery
// forms, private keys, repaired and unreadable keys, weak keys, JWK use/alg, embedded keys,
// suspicious kids, secret encodings, ECDSA/RSA signature shape.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, generateKeyPair, exportSPKI, exportJWK, calculateJwkThumbprint } from "jose";
import {
  NOW, sign, claims, keys, secret, sshLine, inspect, verifyOutcome, safeToLogTest,
  codes, errors, finding, has, lacks, rejectedFor, status, withSignature,
} from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const rsa2 = keys("rsa2");
const rsa3 = keys("rsa3");
const p256 = keys("p256");
const ed = keys("ed");
const SECRET = secret("hs-secret-for-keys-Vb7!Lm2#Qw9$Zx4%Rt6^Yp1&");

const rsaJwk = (k, kid, extra = {}) => ({ ...k.publicJwk, kid, ...extra });

// ---------------------------------------------------------------------------------------------
// rotation
// ---------------------------------------------------------------------------------------------

test("kid_not_found: the token's kid is not in the JWKS, and the message lists the kids that are", async () => {
  const jwks = { keys: [rsaJwk(rsa2, "key-2024-03"), rsaJwk(rsa3, "key-2024-04")] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "key-2024-02" }).sign(rsa.privateKey);
  const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "kid_not_found");
  const f = has(r, "kid_not_found", "error", "key");
  assert.equal(f.detail.kid, "key-2024-02");
  assert.deepEqual(f.detail.available, ["key-2024-03", "key-2024-04"]);
  assert.match(f.message, /key-2024-02/);
  assert.match(f.message, /key-2024-03/);
  assert.match(f.hint, /rotat|refresh/i);
  lacks(r, "verifies_with_other_key");
  const v = await verifyOutcome(token, { jwks, algorithms: ["RS256"], now: NOW });
  assert.equal(v.err.code, "kid_not_found");
  // the same with the JWK Set given as JSON text
  const text = inspect(token, { jwks: JSON.stringify(jwks), algorithms: ["RS256"], now: NOW });
  assert.deepEqual(finding(text, "kid_not_found").detail.available, ["key-2024-03", "key-2024-04"]);
});

test("kid A not in the set but the token verifies with key B: kid_not_found + info verifies_with_other_key naming B", async () => {
  const jwks = { keys: [rsaJwk(rsa2, "B"), rsaJwk(rsa, "C")] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "A" }).sign(rsa.privateKey);
  const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "kid_not_found");
  const f = has(r, "verifies_with_other_key", "info", "signature");
  assert.equal(f.detail.kid, "C");
  assert.equal(f.detail.thumbprint, await calculateJwkThumbprint(rsa.publicJwk));
  assert.match(f.message, /"C"/);
  assert.equal(r.valid, false, "a key the kid does not name is not trusted");
});

test("kid A is in the set but the token verifies with key B: signature_invalid + verifies_with_other_key naming B", async () => {
  const jwks = { keys: [rsaJwk(rsa2, "A"), rsaJwk(rsa, "B")] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "A" }).sign(rsa.privateKey);
  const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "signature_invalid");
  const f = has(r, "verifies_with_other_key", "info", "signature");
  assert.equal(f.detail.kid, "B");
  assert.equal(f.detail.thumbprint, await calculateJwkThumbprint(rsa.publicJwk));
});

test("rotation with a wrong kid and no key that verifies: no verifies_with_other_key", async () => {
  const jwks = { keys: [rsaJwk(rsa2, "A"), rsaJwk(rsa3, "B")] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "A" }).sign(rsa.privateKey);
  const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "signature_invalid");
  lacks(r, "verifies_with_other_key");
});

test("a token without kid is tried against every compatible key of the set", async () => {
  const jwks = { keys: [rsaJwk(rsa2, "A"), { ...p256.publicJwk, kid: "E" }, rsaJwk(rsa, "B")] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const r = inspect(token, { jwks, algorithms: ["RS256"], now: NOW });
  assert.equal(r.valid, true, JSON.stringify(r.findings));
  assert.equal(r.signature.kid, "B");
  assert.equal(r.signature.keysTried, 2, "the EC key is not compatible with RS256");
});

// ---------------------------------------------------------------------------------------------
// algorithm confusion
// ---------------------------------------------------------------------------------------------

const canonical = (jwk) =>
  jwk.kty === "RSA" ? JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n })
    : jwk.kty === "EC" ? JSON.stringify({ crv: jwk.crv, kty: "EC", x: jwk.x, y: jwk.y })
      : JSON.stringify({ crv: jwk.crv, kty: "OKP", x: jwk.x });

/** A HS256 token whose MAC key is `hmacKey` (the attacker's idea of the public key). */
const forge = (hmacKey, alg = "HS256") => sign({ alg, typ: "JWT" }, claims({ sub: "admin" }), hmacKey);

function assertForged(r, form) {
  rejectedFor(r, "alg_confusion");
  const f = has(r, "alg_confusion", "error", "algorithm");
  assert.equal(f.detail.forged, true, `forged (${form})`);
  assert.equal(f.detail.form, form);
  assert.match(f.message, /FORGED/);
  assert.equal(r.valid, false);
  assert.equal(r.signature.verified, false);
  return f;
}

const pemNoNl = rsa.spkiPem.trimEnd();
const jwkText = JSON.stringify({ ...rsa.publicJwk, kid: "rsa-1", use: "sig" }, null, 2);
const jwkObject = { kid: "rsa-1", ...rsa.publicJwk, alg: "RS256" };
const FORMS = [
  ["PEM as given (with its trailing newline)", rsa.spkiPem, rsa.spkiPem, "pem"],
  ["PEM without trailing newline, key given with it", rsa.spkiPem, pemNoNl, "pem_no_newline"],
  ["PEM with trailing newline, key given without it", pemNoNl, `${pemNoNl}\n`, "pem_newline"],
  ["PEM with CRLF line ends", rsa.spkiPem, rsa.spkiPem.replace(/\n/g, "\r\n"), "pem_crlf"],
  ["SPKI DER", rsa.spkiPem, rsa.spkiDer, "spki_der"],
  ["PKCS#1 DER", rsa.spkiPem, rsa.pkcs1Der, "pkcs1_der"],
  ["JWK JSON text as given", jwkText, jwkText, "jwk_json"],
  ["JSON.stringify of the JWK object as given", jwkObject, JSON.stringify(jwkObject), "jwk_json"],
  ["RFC 7638 canonical JWK JSON (key given as PEM)", rsa.spkiPem, canonical(rsa.publicJwk), "jwk_canonical"],
  ["RFC 7638 canonical JWK JSON (key given as JWK)", jwkObject, canonical(rsa.publicJwk), "jwk_canonical"],
];
for (const [what, key, hmacKey, form] of FORMS) {
  test(`alg_confusion forged: HS256 MAC keyed with the RSA public key's ${what} → detail.form ${form}`, async () => {
    const token = forge(hmacKey);
    const r = inspect(token, { key, algorithms: ["RS256"], now: NOW });
    assertForged(r, form);
    // even when the verifier (wrongly) allows HS256 too
    assertForged(inspect(token, { key, algorithms: ["RS256", "HS256"], now: NOW }), form);
    assertForged(inspect(token, { key, now: NOW }), form);
    const v = await verifyOutcome(token, { key, algorithms: ["RS256", "HS256"], now: NOW });
    assert.equal(v.err.code, "alg_confusion");
    assert.equal(v.err.report.findings.find((f) => f.code === "alg_confusion").detail.forged, true);
  });
}

test("alg_confusion forged with HS384 and HS512 too", () => {
  for (const alg of ["HS384", "HS512"]) assertForged(inspect(forge(rsa.spkiPem, alg), { key: rsa.spkiPem, now: NOW }), "pem");
});

test("alg_confusion forged against an EC (P-256) and an OKP (Ed25519) public key", () => {
  assertForged(inspect(forge(p256.spkiPem), { key: p256.spkiPem, algorithms: ["ES256"], now: NOW }), "pem");
  assertForged(inspect(forge(canonical(p256.publicJwk)), { key: p256.publicJwk, algorithms: ["ES256"], now: NOW }), "jwk_canonical");
  assertForged(inspect(forge(ed.spkiDer), { key: ed.spkiPem, algorithms: ["EdDSA"], now: NOW }), "spki_der");
  assertForged(inspect(forge(JSON.stringify(ed.publicJwk)), { key: ed.publicJwk, algorithms: ["EdDSA"], now: NOW }), "jwk_json");
});

test("alg_confusion, not forged: an HS256 token (MAC with some other secret) against an RSA public key", () => {
  const token = forge(secret("unrelated-secret-Hh3!Kk8#Nn2$Pp5%"));
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256", "HS256"], now: NOW });
  rejectedFor(r, "alg_confusion");
  const f = has(r, "alg_confusion", "error", "algorithm");
  assert.equal(f.detail.forged, false);
  assert.equal(f.detail.form, null);
  assert.doesNotMatch(f.message, /FORGED/);
  lacks(r, "signature_invalid");
});

test("alg_confusion with jose's own keys (generateKeyPair / exportSPKI / exportJWK)", async () => {
  const { publicKey } = await generateKeyPair("ES384", { extractable: true });
  const pem = await exportSPKI(publicKey);
  const jwk = await exportJWK(publicKey);
  assertForged(inspect(forge(pem), { key: pem, algorithms: ["ES384"], now: NOW }), "pem");
  assertForged(inspect(forge(JSON.stringify(jwk)), { key: jwk, algorithms: ["ES384"], now: NOW }), "jwk_json");
});

// ---------------------------------------------------------------------------------------------
// private keys, repaired keys, unreadable keys
// ---------------------------------------------------------------------------------------------

const rsToken = sign({ alg: "RS256" }, claims(), rsa.privateKey);
const esToken = sign({ alg: "ES256" }, claims(), p256.privateKey);
const edToken = sign({ alg: "EdDSA" }, claims(), ed.privateKey);

for (const [what, key, token, alg, format] of [
  ["PKCS#8 PEM (RSA)", rsa.pkcs8Pem, rsToken, "RS256", /PKCS#8/],
  ["PKCS#8 PEM (EC)", p256.pkcs8Pem, esToken, "ES256", /PKCS#8/],
  ["PKCS#8 PEM (Ed25519)", ed.pkcs8Pem, edToken, "EdDSA", /PKCS#8/],
  ["BEGIN RSA PRIVATE KEY (PKCS#1)", rsa.pkcs1PrivatePem, rsToken, "RS256", /PKCS#1/],
  ["BEGIN EC PRIVATE KEY (SEC1)", p256.sec1Pem, esToken, "ES256", /SEC1/],
  ["JWK with d (RSA)", rsa.privateJwk, rsToken, "RS256", /JWK/],
  ["JWK with d (EC), as JSON text", JSON.stringify(p256.privateJwk), esToken, "ES256", /JWK/],
]) {
  test(`private_key_supplied: ${what} is a warning; its public half verifies`, () => {
    const r = inspect(token, { key, algorithms: [alg], now: NOW });
    const f = has(r, "private_key_supplied", "warning", "key");
    assert.match(f.detail.format, format);
    assert.equal(r.signature.verified, true);
    assert.equal(r.valid, true, JSON.stringify(r.findings));
    assert.deepEqual(errors(r), []);
  });
}

const bodyOf = (pem) => pem.split("\n").filter((l) => l && !l.startsWith("-----")).join("\n");
for (const [what, key, token, alg, reason] of [
  ["literal \\n from an environment variable", rsa.spkiPem.trimEnd().replace(/\n/g, "\\n"), rsToken, "RS256", "escaped_newlines"],
  ["missing BEGIN/END lines (RSA)", bodyOf(rsa.spkiPem), rsToken, "RS256", "missing_armor"],
  ["missing BEGIN/END lines (EC, one line)", bodyOf(p256.spkiPem).replace(/\n/g, ""), esToken, "ES256", "missing_armor"],
  ["an OpenSSH ssh-rsa line", sshLine(rsa.publicKey), rsToken, "RS256", "openssh"],
  ["an OpenSSH ecdsa-sha2-nistp256 line", sshLine(p256.publicKey), esToken, "ES256", "openssh"],
  ["an OpenSSH ssh-ed25519 line", sshLine(ed.publicKey), edToken, "EdDSA", "openssh"],
]) {
  test(`key_repaired (${reason}): ${what} is accepted with an info`, () => {
    const r = inspect(token, { key, algorithms: [alg], now: NOW });
    const f = has(r, "key_repaired", "info", "key");
    assert.equal(f.detail.reason, reason);
    assert.equal(r.valid, true, JSON.stringify(r.findings));
  });
}

test("PKCS#1 RSA PUBLIC KEY PEM is a normal format: accepted silently", () => {
  const r = inspect(rsToken, { key: rsa.pkcs1Pem, algorithms: ["RS256"], now: NOW });
  assert.equal(r.valid, true);
  assert.deepEqual(r.findings, []);
});

test("an X.509 certificate instead of the key is a normal format: accepted silently", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-cert-"));
  let cert;
  try {
    writeFileSync(join(dir, "key.pem"), rsa.pkcs8Pem, { mode: 0o600 });
    cert = execFileSync("openssl", ["req", "-x509", "-new", "-key", join(dir, "key.pem"), "-subj", "/CN=issuer.example",
      "-days", "2", "-sha256"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    t.skip("openssl not available to make a certificate");
    return;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const r = inspect(rsToken, { key: cert, algorithms: ["RS256"], now: NOW });
  assert.equal(r.valid, true, JSON.stringify(r.findings));
  assert.deepEqual(r.findings, []);
});

for (const [what, key, reason] of [
  ["PEM whose base64 body is broken", rsa.spkiPem.replace(/\n(.{10})/, "\n!!!!$1"), "pem_base64"],
  ["BEGIN without a matching END line", rsa.spkiPem.replace("-----END PUBLIC KEY-----", ""), "pem_armor"],
  ["a JWK without n", { kty: "RSA", e: "AQAB" }, "jwk_missing_member"],
  ["a JWK of an unknown kty", { kty: "XYZ", x: "AA" }, "jwk_kty"],
  ["an EC JWK whose point is not on the curve", { ...p256.publicJwk, y: p256.publicJwk.x }, "point_not_on_curve"],
  ["a secp256k1 key", crypto.generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey.export({ type: "spki", format: "pem" }), "unsupported_curve"],
  ["an encrypted private key", rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-128-cbc", passphrase: "pw-Ee4!" }), "encrypted_private_key"],
  ["an X25519 key-agreement key", crypto.generateKeyPairSync("x25519").publicKey.export({ type: "spki", format: "pem" }), "unsupported_key_type"],
]) {
  test(`key_invalid: ${what} → detail.reason ${reason}`, () => {
    const r = inspect(rsToken, { key, algorithms: ["RS256"], now: NOW });
    rejectedFor(r, "key_invalid");
    const f = has(r, "key_invalid", "error", "key");
    assert.equal(f.detail.reason, reason, f.message);
    assert.equal(r.signature.verified, false);
  });
}

// ---------------------------------------------------------------------------------------------
// weak keys, JWK use / alg
// ---------------------------------------------------------------------------------------------

test("key_too_weak: an RSA key of 1024 bits is an error, even though the signature verifies", () => {
  const weak = keys("rsa1024");
  const token = sign({ alg: "RS256" }, claims(), weak.privateKey);
  const r = inspect(token, { key: weak.spkiPem, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "key_too_weak");
  const f = has(r, "key_too_weak", "error", "key");
  assert.equal(f.detail.bits, 1024);
  assert.equal(f.detail.minimum, 2048);
  assert.equal(r.valid, false);
});

test("hmac_secret_short: a secret shorter than the hash output is a warning (HS256 < 32 bytes, HS512 < 64)", () => {
  const s16 = secret("sixteen-bytes-#1");
  const r = inspect(sign({ alg: "HS256" }, claims(), s16), { key: s16, algorithms: ["HS256"], now: NOW });
  const f = has(r, "hmac_secret_short", "warning", "key");
  assert.equal(f.detail.bytes, 16);
  assert.equal(f.detail.minimum, 32);
  assert.equal(r.valid, true);
  const s40 = secret("forty-bytes-of-secret-Aa1!Bb2@Cc3#Dd4$Ee");
  assert.equal(s40.length, 40);
  const r2 = inspect(sign({ alg: "HS512" }, claims(), s40), { key: s40, algorithms: ["HS512"], now: NOW });
  assert.equal(has(r2, "hmac_secret_short", "warning", "key").detail.minimum, 64);
  const r3 = inspect(sign({ alg: "HS256" }, claims(), s40), { key: s40, algorithms: ["HS256"], now: NOW });
  lacks(r3, "hmac_secret_short");
});

test("jwk_use_mismatch: a JWK with use \"enc\"", () => {
  const r = inspect(rsToken, { jwks: { keys: [rsaJwk(rsa, "k", { use: "enc" })] }, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "jwk_use_mismatch");
  assert.equal(has(r, "jwk_use_mismatch", "error", "key").detail.use, "enc");
});

test("jwk_use_mismatch: key_ops without \"verify\"", () => {
  const r = inspect(rsToken, { key: rsaJwk(rsa, "k", { key_ops: ["encrypt", "wrapKey"] }), algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "jwk_use_mismatch");
  assert.deepEqual(has(r, "jwk_use_mismatch", "error", "key").detail.keyOps, ["encrypt", "wrapKey"]);
});

test("jwk_alg_mismatch: the JWK says RS512, the token RS256", () => {
  const token = sign({ alg: "RS256", kid: "k" }, claims(), rsa.privateKey);
  const r = inspect(token, { jwks: { keys: [rsaJwk(rsa, "k", { alg: "RS512" })] }, algorithms: ["RS256", "RS512"], now: NOW });
  rejectedFor(r, "jwk_alg_mismatch");
  const f = has(r, "jwk_alg_mismatch", "error", "key");
  assert.equal(f.detail.jwkAlg, "RS512");
  assert.equal(f.detail.alg, "RS256");
});

// ---------------------------------------------------------------------------------------------
// embedded keys and suspicious kids (filed under the key check)
// ---------------------------------------------------------------------------------------------

for (const member of ["jwk", "jku", "x5u", "x5c"]) {
  test(`embedded_key_ignored: a header ${member} is never trusted (warning, check key)`, () => {
    const value = {
      jwk: rsa2.publicJwk, jku: "https://attacker.example/jwks.json", x5u: "https://attacker.example/cert.pem",
      x5c: [bodyOf(rsa2.spkiPem).replace(/\n/g, "")],
    }[member];
    // signed by the attacker's key that the header brings
    const token = sign({ alg: "RS256", [member]: value }, claims(), rsa2.privateKey);
    const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
    rejectedFor(r, "signature_invalid");
    const f = has(r, "embedded_key_ignored", "warning", "key");
    assert.deepEqual(f.detail.members, [member]);
    // with the right key the token is valid: the embedded key is only a warning
    const good = sign({ alg: "RS256", [member]: value }, claims(), rsa.privateKey);
    const r2 = inspect(good, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
    has(r2, "embedded_key_ignored", "warning", "key");
    assert.equal(r2.valid, true);
  });
}

for (const kid of ["../../../../etc/passwd", "/dev/null", "x' OR '1'='1", "key|whoami", "$(curl evil)", "k; rm -rf /", "a`id`"]) {
  test(`kid_suspicious: kid ${JSON.stringify(kid)} (warning, check key)`, () => {
    const token = sign({ alg: "HS256", kid }, claims(), SECRET);
    const r = inspect(token, { key: SECRET, algorithms: ["HS256"], now: NOW });
    const f = has(r, "kid_suspicious", "warning", "key");
    assert.equal(f.detail.kid, kid);
    assert.equal(r.valid, true, "only a warning");
  });
}

test("an ordinary kid is not suspicious", () => {
  for (const kid of ["key-2024-02", "a1b2c3d4e5f6", "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"]) {
    lacks(inspect(sign({ alg: "HS256", kid }, claims(), SECRET), { key: SECRET, algorithms: ["HS256"], now: NOW }), "kid_suspicious");
  }
});

// ---------------------------------------------------------------------------------------------
// secret encodings, both directions
// ---------------------------------------------------------------------------------------------

/** 32 random-looking bytes whose base64 has '+' or '/' and whose base64url has '-' or '_'. */
function bytesWithSymbols() {
  for (let i = 0; ; i++) {
    const b = crypto.createHash("sha256").update(`seed-${i}`).digest();
    const std = b.toString("base64");
    if (/[+/]/.test(std)) return b;
  }
}
const RAW = bytesWithSymbols();
secret(RAW.toString("base64"));
secret(RAW.toString("base64url"));
secret(RAW.toString("hex"));

for (const enc of ["base64", "base64url", "hex"]) {
  test(`secret_encoding_mismatch: secret given as ${enc} text, signer used the decoded bytes → detail.encoding ${enc}`, () => {
    const text = RAW.toString(enc);
    const token = sign({ alg: "HS256" }, claims(), RAW);
    const r = inspect(token, { key: text, algorithms: ["HS256"], now: NOW });
    rejectedFor(r, "signature_invalid");
    const f = has(r, "secret_encoding_mismatch", "info", "signature");
    assert.equal(f.detail.encoding, enc);
    assert.match(f.message, new RegExp(`${enc}-decoded`));
    // and the advice works
    assert.equal(inspect(token, { key: text, secretEncoding: enc, algorithms: ["HS256"], now: NOW }).valid, true);
  });
}

test("secret_encoding_mismatch, other direction: secretEncoding base64 set, but the signer used the base64 text itself", () => {
  const text = RAW.toString("base64");
  const token = sign({ alg: "HS256" }, claims(), text);
  const r = inspect(token, { key: text, secretEncoding: "base64", algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "signature_invalid");
  const f = has(r, "secret_encoding_mismatch", "info", "signature");
  assert.equal(f.detail.encoding, "base64_encoded");
  assert.match(f.message, /encoded/);
  assert.equal(inspect(token, { key: text, algorithms: ["HS256"], now: NOW }).valid, true);
});

test("secret_encoding_mismatch, other direction: secret given as bytes (JWK k), signer used its base64url text", () => {
  const jwk = { kty: "oct", k: RAW.toString("base64url") };
  const token = sign({ alg: "HS256" }, claims(), jwk.k);
  for (const key of [jwk, new Uint8Array(RAW)]) {
    const r = inspect(token, { key, algorithms: ["HS256"], now: NOW });
    rejectedFor(r, "signature_invalid");
    assert.equal(has(r, "secret_encoding_mismatch", "info", "signature").detail.encoding, "base64url_encoded");
  }
});

test("no secret_encoding_mismatch when no encoding of the secret verifies", () => {
  const token = sign({ alg: "HS256" }, claims(), secret("a-different-secret-Jj5!Uu7#Oo3$Ii9%"));
  const r = inspect(token, { key: RAW.toString("base64"), algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "signature_invalid");
  lacks(r, "secret_encoding_mismatch");
});

// ---------------------------------------------------------------------------------------------
// signature shape: DER ECDSA, wrong length, psychic signatures
// ---------------------------------------------------------------------------------------------

test("signature_der_encoded: an ES256 signature in DER, and it verifies once converted", () => {
  const token = sign({ alg: "ES256" }, claims(), p256.privateKey, { der: true });
  const r = inspect(token, { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
  rejectedFor(r, "signature_der_encoded");
  const f = has(r, "signature_der_encoded", "error", "signature");
  assert.equal(f.detail.expected, 64);
  assert.ok(f.detail.actual >= 68 && f.detail.actual <= 72, String(f.detail.actual));
  assert.equal(f.detail.verifiesOnceConverted, true);
  assert.equal(r.valid, false);
});

test("signature_der_encoded: a DER signature by another key does not verify once converted", () => {
  const token = sign({ alg: "ES256" }, claims(), keys("p256b").privateKey, { der: true });
  const r = inspect(token, { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
  rejectedFor(r, "signature_der_encoded");
  assert.equal(finding(r, "signature_der_encoded").detail.verifiesOnceConverted, false);
});

test("signature_der_encoded for ES384 too", () => {
  const p384 = keys("p384");
  const token = sign({ alg: "ES384" }, claims(), p384.privateKey, { der: true });
  const r = inspect(token, { key: p384.publicJwk, algorithms: ["ES384"], now: NOW });
  const f = has(r, "signature_der_encoded", "error", "signature");
  assert.equal(f.detail.expected, 96);
  assert.equal(f.detail.verifiesOnceConverted, true);
});

test("signature_length: a 63-byte ES256 signature (expected 64)", () => {
  const r = inspect(withSignature(esToken, Buffer.from(esToken.split(".")[2], "base64url").subarray(0, 63)),
    { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
  rejectedFor(r, "signature_length");
  const f = has(r, "signature_length", "error", "signature");
  assert.equal(f.detail.expected, 64);
  assert.equal(f.detail.actual, 63);
});

test("signature_length: an ES512 token carrying an ES256-sized signature", () => {
  const p521 = keys("p521");
  const r = inspect(withSignature(sign({ alg: "ES512" }, claims(), p521.privateKey), Buffer.alloc(64, 7)),
    { key: p521.spkiPem, algorithms: ["ES512"], now: NOW });
  const f = has(r, "signature_length", "error", "signature");
  assert.deepEqual([f.detail.expected, f.detail.actual], [132, 64]);
});

test("signature_length: an RSA signature cut short (expected = modulus length, 256 bytes)", () => {
  const sig = Buffer.from(rsToken.split(".")[2], "base64url");
  const r = inspect(withSignature(rsToken, sig.subarray(0, 255)), { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "signature_length");
  const f = has(r, "signature_length", "error", "signature");
  assert.equal(f.detail.expected, 256);
  assert.equal(f.detail.actual, 255);
});

for (const [what, sig] of [
  ["r = 0 and s = 0", Buffer.alloc(64)],
  ["r = 0", Buffer.concat([Buffer.alloc(32), Buffer.alloc(32, 0x11)])],
  ["s = 0", Buffer.concat([Buffer.alloc(32, 0x11), Buffer.alloc(32)])],
]) {
  test(`psychic_signature: ES256 with ${what} (CVE-2022-21449)`, async () => {
    const token = withSignature(esToken, sig);
    const r = inspect(token, { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
    rejectedFor(r, "psychic_signature");
    has(r, "psychic_signature", "error", "signature");
    lacks(r, "signature_invalid");
    const v = await verifyOutcome(token, { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
    assert.equal(v.err.code, "psychic_signature");
  });
}

test("psychic_signature: r = s = 0 in DER (MAYCAQACAQA) is named as the attack, not only as DER", () => {
  const token = withSignature(esToken, Buffer.from("MAYCAQACAQA", "base64url"));
  const r = inspect(token, { key: p256.spkiPem, algorithms: ["ES256"], now: NOW });
  assert.equal(r.valid, false);
  has(r, "psychic_signature", "error", "signature");
  assert.ok(codes(r).includes("signature_der_encoded"), JSON.stringify(codes(r)));
  assert.equal(finding(r, "signature_der_encoded").detail.verifiesOnceConverted, false);
});

test("the signature check is filed under signature; key problems under key", () => {
  const r = inspect(withSignature(rsToken, Buffer.alloc(256, 1)), { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  assert.equal(status(r, "signature"), "fail");
  assert.equal(status(r, "key"), "pass");
  const r2 = inspect(rsToken, { key: keys("rsa1024").spkiPem, algorithms: ["RS256"], now: NOW });
  assert.equal(status(r2, "key"), "fail");
  assert.equal(finding(r2, "key_too_weak").check, "key");
});

safeToLogTest();
