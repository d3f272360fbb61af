// GitHub issue 5, "CVE lessons": each bug other JWT libraries shipped, as a test that
// jwt-doctor does not have it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  NOW, sign, claims, keys, secret, sshLine, inspect, verifyOutcome, safeToLogTest,
  codes, errors, finding, has, lacks, rejectedFor, withSignature,
} from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const p256 = keys("p256");
const ed = keys("ed");
const SECRET = secret("cve-secret-Zz1!Xx4#Cc7$Vv0%Bb3^Nn6&Mm9*Ll");
const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
const tok = (payload, header = {}) => sign({ alg: "HS256", ...header }, payload, SECRET);

// ---------------------------------------------------------------------------------------------
// golang-jwt CVE-2024-51744: the signature failure is always the main cause
// ---------------------------------------------------------------------------------------------

test("CVE-2024-51744 (golang-jwt): signature invalid AND expired AND not yet valid → the signature is the first error", async () => {
  const token = sign({ alg: "HS256" }, { sub: "u", exp: NOW - 10, nbf: NOW + 10, iat: NOW + 10 }, secret("wrong-secret-Aq1!Sw2#De3$Fr4%Gt5^"));
  const r = inspect(token, opts());
  rejectedFor(r, "signature_invalid");
  assert.deepEqual(errors(r), ["signature_invalid", "expired", "not_yet_valid", "issued_in_future"]);
  const v = await verifyOutcome(token, opts());
  assert.equal(v.err.code, "signature_invalid");
  assert.equal(v.err.report.findings.find((f) => f.severity === "error").code, "signature_invalid");
});

// ---------------------------------------------------------------------------------------------
// jsonwebtoken CVE-2026-25537: a wrong-typed exp/nbf/iat is claim_type_invalid, never "absent"
// ---------------------------------------------------------------------------------------------

for (const claim of ["exp", "nbf", "iat"]) {
  for (const [what, value] of [["the string \"1\"", "1"], ["true", true], ["null", null], ["an array", [NOW + 3600]], ["an object", { t: NOW }]]) {
    test(`CVE-2026-25537 (jsonwebtoken): ${claim} = ${what} → claim_type_invalid, never treated as absent`, async () => {
      const payload = { sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: value };
      const r = inspect(tok(payload), opts());
      rejectedFor(r, "claim_type_invalid");
      const f = has(r, "claim_type_invalid", "error", claim);
      assert.equal(f.detail.claim, claim);
      assert.deepEqual(f.detail.value, value);
      lacks(r, "no_expiry");
      lacks(r, "claim_missing");
      // also when the claim is required
      const req = inspect(tok(payload), opts({ requiredClaims: [claim] }));
      rejectedFor(req, "claim_type_invalid");
      lacks(req, "claim_missing");
      const v = await verifyOutcome(tok(payload), opts());
      assert.equal(v.err.code, "claim_type_invalid");
    });
  }
}

// ---------------------------------------------------------------------------------------------
// fast-jwt CVE-2025-30144, PyJWT CVE-2024-53861: iss as array or a substring is a mismatch
// ---------------------------------------------------------------------------------------------

test("CVE-2025-30144 (fast-jwt): iss as an array containing the expected issuer → claim_type_invalid, not a match", async () => {
  const token = tok(claims({ iss: ["https://auth.example.com", "https://evil.example"] }));
  const r = inspect(token, opts({ issuer: "https://auth.example.com" }));
  rejectedFor(r, "claim_type_invalid");
  const f = has(r, "claim_type_invalid", "error", "iss");
  assert.equal(f.detail.claim, "iss");
  const v = await verifyOutcome(token, opts({ issuer: "https://auth.example.com" }));
  assert.equal(v.ok, false);
  // and a one-element array too
  rejectedFor(inspect(tok(claims({ iss: ["https://auth.example.com"] })), opts({ issuer: "https://auth.example.com" })), "claim_type_invalid");
});

for (const [iss, expected] of [
  ["auth.example", "https://auth.example.com"],
  ["https://auth.example.com", "https://auth.example.com.evil.example"],
  ["_abc_", "__abc__"],
  ["", "https://auth.example.com"],
]) {
  test(`CVE-2024-53861 (PyJWT): iss ${JSON.stringify(iss)} is only a substring of ${JSON.stringify(expected)} → issuer_mismatch`, () => {
    const r = inspect(tok(claims({ iss })), opts({ issuer: expected }));
    rejectedFor(r, "issuer_mismatch");
    has(r, "issuer_mismatch", "error", "iss");
    // nor does a sequence of expected issuers match by substring
    rejectedFor(inspect(tok(claims({ iss })), opts({ issuer: [expected, "https://x.example"] })), "issuer_mismatch");
  });
}

test("CVE-2024-53861 (PyJWT): an issuer given as a string is never searched as a sequence of characters", () => {
  rejectedFor(inspect(tok(claims({ iss: "a" })), opts({ issuer: "abc" })), "issuer_mismatch");
});

// ---------------------------------------------------------------------------------------------
// fast-jwt CVE-2023-48223 / CVE-2026-34950, PyJWT CVE-2022-29217: algorithm confusion whatever
// the key text looks like
// ---------------------------------------------------------------------------------------------

const forge = (hmacKey) => sign({ alg: "HS256", typ: "JWT" }, claims({ sub: "admin" }), hmacKey);
function forgedBy(key, hmacKey, form, algorithms = ["RS256", "HS256"]) {
  const r = inspect(forge(hmacKey), { key, algorithms, now: NOW });
  rejectedFor(r, "alg_confusion");
  const f = has(r, "alg_confusion", "error", "algorithm");
  assert.equal(f.detail.forged, true);
  assert.equal(f.detail.form, form);
  return r;
}

test("CVE-2023-48223 (fast-jwt): a PKCS#1 \"BEGIN RSA PUBLIC KEY\" PEM is still a public key, never an HMAC secret", () => {
  forgedBy(rsa.pkcs1Pem, rsa.pkcs1Pem, "pem");
  forgedBy(rsa.pkcs1Pem, rsa.spkiPem, "spki_pem");
});

test("CVE-2026-34950 (fast-jwt): a PEM with leading whitespace or garbage is still a public key", () => {
  for (const key of [`   \n\t${rsa.spkiPem}`, `# issuer key, rotated 2024-02\n${rsa.spkiPem}`, `\uFEFF${rsa.spkiPem}`, `junk${rsa.spkiPem}more junk`]) {
    forgedBy(key, key, "pem");
    forgedBy(key, rsa.spkiPem, "spki_pem");
  }
});

test("CVE-2022-29217 (PyJWT): a public JWK as JSON text is never an HMAC secret", () => {
  const text = JSON.stringify(p256.publicJwk);
  forgedBy(text, text, "jwk_json", ["ES256", "HS256"]);
});

test("CVE-2022-29217 (PyJWT): an OpenSSH public key line is never an HMAC secret (ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa)", () => {
  for (const pub of [ed.publicKey, p256.publicKey, rsa.publicKey]) {
    const line = sshLine(pub);
    const r = forgedBy(line, line, "ssh", ["EdDSA", "ES256", "RS256", "HS256"]);
    has(r, "key_repaired", "info", "key");
  }
});

test("an RSA/EC/OKP key is never an HMAC key, whatever `algorithms` allows (even only HS256)", async () => {
  for (const k of [rsa, p256, ed]) {
    for (const key of [k.spkiPem, k.publicJwk, JSON.stringify(k.publicJwk), new Uint8Array(k.spkiDer), Buffer.from(k.spkiPem)]) {
      const r = inspect(forge(k.spkiPem), { key, algorithms: ["HS256"], now: NOW });
      rejectedFor(r, "alg_confusion");
      assert.equal(r.signature.verified, false);
      const v = await verifyOutcome(forge(k.spkiPem), { key, algorithms: ["HS256"], now: NOW });
      assert.equal(v.ok, false);
      assert.equal(v.err.code, "alg_confusion");
    }
  }
  // private keys neither: their public half is never an HMAC secret
  const r = inspect(forge(rsa.spkiPem), { key: rsa.pkcs8Pem, algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "alg_confusion");
  assert.equal(finding(r, "alg_confusion").detail.forged, true);
});

test("algorithm confusion against a JWK Set of public keys, with and without kid", () => {
  const jwks = { keys: [{ ...p256.publicJwk, kid: "ec" }, { ...rsa.publicJwk, kid: "rsa" }] };
  const canonicalRsa = JSON.stringify({ e: rsa.publicJwk.e, kty: "RSA", n: rsa.publicJwk.n });
  for (const header of [{ kid: "rsa" }, {}]) {
    const token = sign({ alg: "HS256", ...header }, claims({ sub: "admin" }), canonicalRsa);
    const r = inspect(token, { jwks, algorithms: ["RS256", "ES256", "HS256"], now: NOW });
    rejectedFor(r, "alg_confusion");
    const all = r.findings.filter((f) => f.code === "alg_confusion");
    assert.equal(all.length, 1, "one alg_confusion finding");
    assert.equal(all[0].detail.forged, true);
    assert.equal(all[0].detail.form, "jwk_canonical");
    assert.equal(all[0].detail.kid, "rsa");
  }
});

// ---------------------------------------------------------------------------------------------
// node-jws CVE-2025-65945: an unknown kid never falls back to an empty or default secret
// ---------------------------------------------------------------------------------------------

test("CVE-2025-65945 (node-jws): unknown kid + MAC with an empty key → kid_not_found, never verified", async () => {
  const jwks = { keys: [{ kty: "oct", kid: "k1", k: Buffer.from(SECRET).toString("base64url") }] };
  const token = sign({ alg: "HS256", kid: "nope" }, claims(), "");
  const r = inspect(token, { jwks, algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "kid_not_found");
  assert.equal(r.signature.verified, false);
  lacks(r, "verifies_with_other_key");
  const v = await verifyOutcome(token, { jwks, algorithms: ["HS256"], now: NOW });
  assert.equal(v.err.code, "kid_not_found");
});

test("CVE-2025-65945 (node-jws): unknown kid signed with the set's only secret → still kid_not_found (info names the key), not valid", () => {
  const jwks = { keys: [{ kty: "oct", kid: "k1", k: Buffer.from(SECRET).toString("base64url") }] };
  const token = sign({ alg: "HS256", kid: "nope" }, claims(), SECRET);
  const r = inspect(token, { jwks, algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "kid_not_found");
  assert.equal(has(r, "verifies_with_other_key", "info", "signature").detail.kid, "k1");
  assert.equal(finding(r, "verifies_with_other_key").detail.thumbprint, null, "no hash of a secret in the report");
  assert.equal(r.valid, false);
});

test("CVE-2025-65945 (node-jws): an empty key set, a set of unusable keys, an empty secret → never verified", () => {
  const emptyMac = sign({ alg: "HS256", kid: "k" }, claims(), "");
  const r1 = inspect(emptyMac, { jwks: { keys: [] }, algorithms: ["HS256"], now: NOW });
  rejectedFor(r1, "kid_not_found");
  assert.deepEqual(finding(r1, "kid_not_found").detail.available, []);
  const r2 = inspect(emptyMac, { jwks: { keys: [{ kty: "oct", kid: "k", k: "" }] }, algorithms: ["HS256"], now: NOW });
  assert.equal(r2.valid, false);
  assert.equal(has(r2, "key_invalid", "error", "key").detail.reason, "empty_secret");
  const r3 = inspect(emptyMac, { key: "", algorithms: ["HS256"], now: NOW });
  assert.equal(r3.valid, false);
  assert.equal(has(r3, "key_invalid", "error", "key").detail.reason, "empty_secret");
  const r4 = inspect(sign({ alg: "HS256" }, claims(), ""), { key: new Uint8Array(0), algorithms: ["HS256"], now: NOW });
  assert.equal(r4.valid, false);
  finding(r4, "key_invalid");
});

// ---------------------------------------------------------------------------------------------
// jsrsasign CVE-2022-25898: a signature segment with non-base64url characters or non-canonical
// trailing bits is rejected
// ---------------------------------------------------------------------------------------------

test("CVE-2022-25898 (jsrsasign): a signature segment with non-base64url characters is rejected (part, offset)", async () => {
  const token = tok(claims());
  const sig = token.split(".")[2];
  for (const bad of ["!", "*", "$", "\u00e9", "."]) {
    const at = 10;
    const mangled = `${token.slice(0, token.lastIndexOf(".") + 1)}${sig.slice(0, at)}${bad}${sig.slice(at)}`;
    const r = inspect(mangled, opts());
    assert.equal(r.valid, false, `with ${bad}`);
    if (bad === ".") {
      finding(r, "malformed_token");
      continue;
    }
    const f = has(r, "invalid_base64url", "error", "format");
    assert.equal(f.detail.part, "signature");
    assert.equal(f.detail.offset, at);
    const v = await verifyOutcome(mangled, opts());
    assert.equal(v.ok, false);
  }
});

test("CVE-2022-25898 (jsrsasign): non-canonical trailing bits in the signature segment are rejected", async () => {
  const token = tok(claims());
  const sig = token.split(".")[2];
  assert.equal(sig.length, 43, "32 bytes: the last character carries 2 unused bits");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const last = alphabet.indexOf(sig.at(-1));
  for (const flip of [1, 2, 3]) {
    const mangled = token.slice(0, -1) + alphabet[last ^ flip];
    // the loose decoding is the very same bytes
    assert.deepEqual(Buffer.from(mangled.split(".")[2], "base64url"), Buffer.from(sig, "base64url"));
    const r = inspect(mangled, opts());
    rejectedFor(r, "invalid_base64url");
    const f = has(r, "invalid_base64url", "error", "format");
    assert.equal(f.detail.part, "signature");
    assert.equal(f.detail.offset, 42);
    assert.equal(r.signature.verified, false);
    const v = await verifyOutcome(mangled, opts());
    assert.equal(v.ok, false);
    assert.equal(v.err.code, "invalid_base64url");
  }
});

test("CVE-2022-25898 (jsrsasign): an RSA signature with a non-canonical last character is rejected too", async () => {
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const sig = token.split(".")[2];
  assert.equal(sig.length, 342, "256 bytes: the last character carries 4 unused bits");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const mangled = token.slice(0, -1) + alphabet[alphabet.indexOf(sig.at(-1)) ^ 1];
  const r = inspect(mangled, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "invalid_base64url");
  assert.equal(r.signature.verified, false);
  assert.equal(withSignature(token, Buffer.from(sig, "base64url")), token);
  assert.deepEqual(codes(inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW })), []);
});

safeToLogTest();
