// The verdict tells the truth (issue 21), through the built package: a check with nothing to
// compare is "unchecked", never a pass; a valid verdict says what it did not enforce; the
// report's `cause` is the explanation when a diagnosis has one; a key pasted as the token (and
// the reverse) is named; an RSA signature of another key size is "not in the set", not a cut.
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { inspect, verify, JwtConfigError } from "jwt-doctor";
import { NOW, b64u, claims, keys, sign, withSignature } from "./diagnosis-helpers.mjs";

const status = (r, check) => r.checks.find((c) => c.check === check).status;
const codes = (r) => r.findings.map((f) => f.code);
const rsa = keys("rsa");

test("no issuer, audience, subject, typ or required claims configured: unchecked, and the valid verdict says so", () => {
  const token = sign({ alg: "RS256", typ: "JWT" }, claims({ iss: "https://issuer.example", aud: "api" }), rsa.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, now: NOW });
  assert.equal(r.valid, true);
  assert.equal(r.cause, null);
  for (const c of ["iss", "sub", "typ", "required"]) assert.equal(status(r, c), "unchecked", c);
  assert.deepEqual(r.checks.find((c) => c.check === "aud"), { check: "aud", status: "warn", code: "audience_unchecked" });
  assert.deepEqual(codes(r), ["algorithms_unpinned", "audience_unchecked"]);
  assert.equal(status(r, "algorithm"), "warn");
  assert.match(r.findings[1].message, /for audience "api", but no audience was expected/);

  const strict = inspect(token, {
    key: rsa.spkiPem, algorithms: ["RS256"], issuer: "https://issuer.example", audience: "api",
    subject: "user-1", typ: "JWT", requiredClaims: ["sub"], now: NOW,
  });
  assert.deepEqual(codes(strict), []);
  for (const c of ["algorithm", "key", "signature", "iss", "aud", "sub", "typ", "required"]) assert.equal(status(strict, c), "pass", c);

  const keyless = inspect(token, { now: NOW });
  assert.equal(status(keyless, "key"), "unchecked", "no key given is not a key that passed");
  assert.equal(status(keyless, "signature"), "warn");
  assert.equal(keyless.valid, false);
});

test("the cause: the diagnosis that explains the error, with its fix", async () => {
  // HS256 whose secret is base64 on the signer's side
  const text = b64u("thirty-two bytes of HMAC secret!");
  const hs = sign({ alg: "HS256" }, claims(), Buffer.from(text, "base64url"));
  const r = inspect(hs, { key: text, algorithms: ["HS256"], now: NOW });
  assert.equal(r.cause.code, "secret_encoding_mismatch");
  assert.equal(r.cause.explains, "signature_invalid");
  assert.match(r.cause.hint, /secretEncoding/);

  // a key republished under a new kid: the fix is the kid, not a JWKS refresh
  const jwks = { keys: [{ ...rsa.publicJwk, kid: "key-2024-04" }] };
  const old = sign({ alg: "RS256", kid: "key-2024-02" }, claims(), rsa.privateKey);
  const k = inspect(old, { jwks, algorithms: ["RS256"], now: NOW });
  assert.equal(k.cause.code, "verifies_with_other_key");
  assert.equal(k.cause.explains, "kid_not_found");
  assert.equal(k.cause.detail.kid, "key-2024-04");

  // no explanation: the cause is the error itself; verify()'s error.report carries the same
  const expired = sign({ alg: "RS256" }, claims({ exp: NOW - 10 }), rsa.privateKey);
  const e = inspect(expired, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  assert.deepEqual([e.cause.code, e.cause.explains], ["expired", null]);
  const err = await verify(hs, { key: text, algorithms: ["HS256"], now: NOW }).catch((x) => x);
  assert.equal(err.code, "signature_invalid");
  assert.equal(err.report.cause.code, "secret_encoding_mismatch");
});

test("a 2048-bit RS256 token against a set of 4096-bit keys: the signer's key is not in the set", () => {
  const big = Array.from({ length: 2 }, () => crypto.generateKeyPairSync("rsa", { modulusLength: 4096 }).publicKey.export({ format: "jwk" }));
  const token = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const r = inspect(token, { jwks: { keys: big }, algorithms: ["RS256"], now: NOW });
  assert.equal(r.cause.code, "signature_length");
  assert.match(r.cause.message, /256 bytes, what a 2048-bit RSA key makes, but none of the 2 keys tried is; they are 4096-bit: the token was signed with a key that is not in the set/);
  assert.match(r.cause.hint, /not in this key set/);
  assert.equal(r.cause.detail.signerBits, 2048);
  // a signature cut short is still called what it is
  const cut = withSignature(token, Buffer.from(token.split(".")[2], "base64url").subarray(0, 250));
  const c = inspect(cut, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  assert.match(c.cause.message, /has 250 bytes; with this key it must have 256/);
});

test("a key pasted where the token goes, and a token given as the key, are named", async () => {
  for (const [pasted, kind] of [
    [rsa.spkiPem, "a PEM public key"],
    [JSON.stringify({ keys: [rsa.publicJwk] }, null, 2), "a JWK Set"],
    [JSON.stringify(rsa.publicJwk), "a JWK"],
    [rsa.pkcs8Pem, "a PEM private key"],
  ]) {
    const r = inspect(pasted, { now: NOW });
    assert.equal(r.cause.code, "malformed_token", kind);
    assert.equal(r.cause.message, `this is ${kind}, not a token`);
    assert.equal(r.cause.detail.reason, "key_not_token");
    assert.ok(!codes(r).includes("whitespace_in_token"), "not told a terminal wrapped it");
  }
  const token = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const r = inspect(token, { key: token, now: NOW });
  assert.equal(r.cause.code, "key_invalid");
  assert.equal(r.cause.detail.reason, "token_not_key");
  assert.match(r.cause.message, /this is a token .*not a key/);
  await assert.rejects(verify(token, { key: token, algorithms: ["RS256"] }), (e) => e instanceof JwtConfigError && e.reason === "token_not_key");
});

test("plurals: one allowed algorithm is, several are", () => {
  const token = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const one = inspect(token, { key: rsa.spkiPem, algorithms: ["ES256"], now: NOW });
  assert.match(one.findings.find((f) => f.code === "alg_not_allowed").message, /but only ES256 is allowed$/);
  const two = inspect(token, { key: rsa.spkiPem, algorithms: ["ES256", "PS256", "EdDSA"], now: NOW });
  assert.match(two.findings.find((f) => f.code === "alg_not_allowed").message, /but only ES256, PS256 and EdDSA are allowed$/);
});
