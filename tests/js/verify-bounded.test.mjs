// verify() on a rejected token: the main cause at the cost of the checks that ran (no other key
// tried, no secret re-encoded, no forgery proof), the full diagnosis in `error.report` when it
// is read; configuration errors apart (JwtConfigError), createVerifier(), CryptoKey keys and
// the Ed25519 algorithm name. Every case runs on both signature paths.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRemoteJWKSet, createVerifier, inspect, verify, JwtConfigError, JwtError } from "jwt-doctor";
import { NOW, b64u, claims, keys, sign, withSignature } from "./diagnosis-helpers.mjs";

const MODES = ["native", "wasm"];
const codes = (findings) => findings.map((f) => f.code);

/** verify() that must reject with a JwtError; returns it. */
async function rejected(token, options) {
  try {
    await verify(token, options);
  } catch (e) {
    assert.ok(e instanceof JwtError, `not a JwtError: ${e?.stack ?? e}`);
    assert.equal(e.kind, "token");
    return e;
  }
  assert.fail("verify() resolved");
}

// Three RSA keys published with kids, and a fourth the verifier does not know.
const [a, b, c, stranger] = ["rsa", "rsa2", "rsa3", "rsa4"].map(keys);
const withKid = (k, kid) => ({ ...k.publicJwk, kid, alg: "RS256", use: "sig" });
const SET = { keys: [withKid(a, "a"), withKid(b, "b"), withKid(c, "c")] };
const NO_KIDS = { keys: [a, b, c].map((k) => ({ ...k.publicJwk })) };

for (const mode of MODES) {
  const base = { jwks: SET, algorithms: ["RS256"], now: NOW, crypto: mode };

  test(`${mode}: a token signed by another key of the set than its kid names: signature_invalid now, verifies_with_other_key in the report`, async () => {
    const token = sign({ alg: "RS256", kid: "a" }, claims(), c.privateKey);
    const e = await rejected(token, base);
    assert.equal(e.code, "signature_invalid");
    assert.equal(e.finding.code, "signature_invalid");
    assert.equal(e.finding.detail.kid, "a");
    assert.match(e.finding.hint, /another key/);
    assert.ok(!codes(e.findings).includes("verifies_with_other_key"), "the bounded check tried no other key");
    // the report, computed on first read, is the full diagnosis: inspect()'s report
    const { crypto: _mode, ...options } = base;
    assert.deepEqual(e.report, inspect(token, options));
    assert.ok(codes(e.report.findings).includes("verifies_with_other_key"));
    assert.equal(e.report.findings.find((f) => f.code === "verifies_with_other_key").detail.kid, "c");
  });

  test(`${mode}: a set without kids: each candidate is tried once; the third verifies, a stranger's fails after three`, async () => {
    const options = { ...base, jwks: NO_KIDS };
    const ok = await verify(sign({ alg: "RS256" }, claims(), c.privateKey), options);
    assert.equal(ok.payload.sub, "user-1");
    const e = await rejected(sign({ alg: "RS256" }, claims(), stranger.privateKey), options);
    assert.equal(e.code, "signature_invalid");
    assert.equal(e.finding.detail.keysTried, 3);
    assert.match(e.message, /any of the 3 keys tried/);
  });

  test(`${mode}: an unknown kid: kid_not_found with the set's kids, no key tried`, async () => {
    const e = await rejected(sign({ alg: "RS256", kid: "z" }, claims(), c.privateKey), base);
    assert.equal(e.code, "kid_not_found");
    assert.deepEqual(e.finding.detail.available, ["a", "b", "c"]);
    assert.ok(codes(e.report.findings).includes("verifies_with_other_key"));
  });

  test(`${mode}: expired with a good signature is "expired"; expired and forged is "signature_invalid"`, async () => {
    const old = claims({ iat: NOW - 7200, exp: NOW - 3600 });
    const e = await rejected(sign({ alg: "RS256", kid: "b" }, old, b.privateKey), base);
    assert.equal(e.code, "expired");
    const forged = await rejected(sign({ alg: "RS256", kid: "b" }, old, stranger.privateKey), base);
    assert.equal(forged.code, "signature_invalid");
    assert.ok(!codes(forged.findings).includes("expired"));
    assert.deepEqual(codes(forged.report.findings).filter((x) => x === "signature_invalid" || x === "expired"), ["signature_invalid", "expired"]);
  });

  test(`${mode}: a garbage signature of the right length is signature_invalid; a cut one signature_length`, async () => {
    const token = sign({ alg: "RS256", kid: "a" }, claims(), a.privateKey);
    const garbage = await rejected(withSignature(token, mode === "wasm" ? Buffer.alloc(256, 7) : Buffer.alloc(256, 9)), base);
    assert.equal(garbage.code, "signature_invalid");
    const cut = await rejected(withSignature(token, Buffer.alloc(255, 7)), base);
    assert.equal(cut.code, "signature_length");
    assert.deepEqual([cut.finding.detail.expected, cut.finding.detail.actual], [256, 255]);
  });

  test(`${mode}: HS256 signed with the base64-decoded secret: signature_invalid now, secret_encoding_mismatch in the report`, async () => {
    const text = b64u(mode === "wasm" ? "a 32-byte secret for the HS256 …" : "another 32-byte secret for HS256");
    const token = sign({ alg: "HS256" }, claims(), Buffer.from(text, "base64url"));
    const e = await rejected(token, { key: text, algorithms: ["HS256"], now: NOW, crypto: mode });
    assert.equal(e.code, "signature_invalid");
    assert.ok(!codes(e.findings).includes("secret_encoding_mismatch"));
    assert.ok(codes(e.report.findings).includes("secret_encoding_mismatch"));
  });

  test(`${mode}: an HMAC token against the public key is alg_confusion at once; the forgery proof is in the report`, async () => {
    for (const [token, algorithms] of [
      [sign({ alg: "HS256" }, claims(), a.spkiPem), ["RS256"]],
      [sign({ alg: "HS256", kid: "k1" }, claims(), a.spkiPem), ["RS256"]],
      [sign({ alg: "HS256" }, claims(), a.spkiPem), ["RS256", "HS256"]],
    ]) {
      const e = await rejected(token, { key: a.spkiPem, algorithms, now: NOW, crypto: mode });
      assert.equal(e.code, "alg_confusion", JSON.stringify(algorithms));
      assert.equal(e.finding.detail.forged, null, "not proven by the bounded check");
      const proof = e.report.findings.find((f) => f.code === "alg_confusion");
      assert.equal(proof.detail.forged, true);
      assert.match(proof.message, /FORGED/);
    }
  });
}

test("error.report is computed when first read, then kept; it is not an own property before", async () => {
  const e = await rejected(sign({ alg: "RS256", kid: "a" }, claims(), b.privateKey), { jwks: SET, algorithms: ["RS256"], now: NOW });
  assert.ok(!Object.getOwnPropertyNames(e).includes("report"));
  assert.ok(!JSON.stringify(e).includes("verifies_with_other_key"));
  const first = e.report;
  assert.equal(e.report, first);
  assert.equal(first.valid, false);
  e.report = null;
  assert.equal(e.report, null);
});

test("a warning before the error: error.finding is the error, findings[0] the warning", async () => {
  const token = sign({ alg: "HS256" }, claims(), "short");
  const e = await rejected(token, { key: "short-but-other", algorithms: ["HS256"], now: NOW });
  assert.equal(e.findings[0].code, "hmac_secret_short");
  assert.equal(e.code, "signature_invalid");
  assert.equal(e.finding.code, "signature_invalid");
});

// ---------------------------------------------------------------------------------------------
// Configuration errors and createVerifier()
// ---------------------------------------------------------------------------------------------

const BAD_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n";

test("createVerifier() reads the key once and throws JwtConfigError at creation for one that cannot work", () => {
  for (const [key, reason] of [[BAD_PEM, "der"], ["", "empty_secret"]]) {
    assert.throws(() => createVerifier({ key, algorithms: ["RS256", "HS256"] }), (e) => {
      assert.ok(e instanceof JwtConfigError, String(e));
      assert.ok(!(e instanceof JwtError));
      assert.equal(e.kind, "config");
      assert.equal(e.code, "key_invalid");
      assert.equal(e.reason, reason);
      assert.equal(e.transient, false);
      assert.ok(e.finding.hint.length > 0);
      return true;
    });
  }
  assert.throws(() => createVerifier({ jwks: { keys: [{ kty: "RSA", n: "AQAB" }, { kty: "EC" }] }, algorithms: ["RS256"] }), (e) => {
    assert.ok(e instanceof JwtConfigError);
    assert.equal(e.finding.detail.rejected, 2);
    return true;
  });
  assert.throws(() => createVerifier({ key: a.spkiPem }), TypeError);
  // a remote set is fetched on first use; its other options are checked at creation all the same
  const remote = createRemoteJWKSet("https://issuer.example/jwks.json");
  assert.throws(() => createVerifier({ jwks: remote, algorithms: ["RS256"], audiance: "x" }), /did you mean "audience"/);
  assert.throws(() => createVerifier({ jwks: remote, algorithms: ["RS256"], leeway: "5" }), /options\.leeway must be a number of seconds/);
  assert.equal(typeof createVerifier({ jwks: remote, algorithms: ["RS256"] }).verify, "function");
  assert.throws(() => createVerifier({ key: a.spkiPem, algorithms: ["RS256"], audiance: "x" }), /did you mean "audience"/);
});

test("verify() with a key that cannot be read rejects with JwtConfigError, not JwtError", async () => {
  for (const mode of MODES) {
    await assert.rejects(verify(sign({ alg: "RS256" }, claims(), a.privateKey), { key: BAD_PEM, algorithms: ["RS256"], crypto: mode }), (e) => {
      assert.ok(e instanceof JwtConfigError, String(e));
      assert.equal(e.reason, "der");
      return true;
    });
  }
});

test("a created verifier verifies and rejects like verify(); later edits of the options object do not reach it", async () => {
  const options = { jwks: SET, algorithms: ["RS256"], now: NOW };
  const verifier = createVerifier(options);
  assert.ok(Object.isFrozen(verifier.options));
  const good = sign({ alg: "RS256", kid: "b" }, claims(), b.privateKey);
  assert.equal((await verifier.verify(good)).key.kid, "b");
  options.algorithms = ["ES256"];
  options.now = NOW + 7200;
  assert.equal((await verifier.verify(good)).key.kid, "b");
  const e = await verifier.verify(sign({ alg: "RS256", kid: "b" }, claims(), a.privateKey)).catch((x) => x);
  assert.ok(e instanceof JwtError);
  assert.equal(e.code, "signature_invalid");
  assert.ok(codes(e.report.findings).includes("verifies_with_other_key"));
});

// ---------------------------------------------------------------------------------------------
// CryptoKey keys and the Ed25519 algorithm name
// ---------------------------------------------------------------------------------------------

test("a Web Crypto CryptoKey is a key (extractable or not); one that cannot verify is a JwtConfigError", async () => {
  const { subtle } = globalThis.crypto;
  const p256 = keys("p256");
  const es = await subtle.importKey("spki", p256.spkiDer, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const token = sign({ alg: "ES256" }, claims(), p256.privateKey);
  for (const mode of MODES) assert.equal((await verify(token, { key: es, algorithms: ["ES256"], now: NOW, crypto: mode })).payload.sub, "user-1");
  assert.equal(inspect(token, { key: es, now: NOW }).valid, true);

  const hs = await subtle.importKey("raw", Buffer.from("k".repeat(32)), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  assert.equal((await createVerifier({ key: hs, algorithms: ["HS256"], now: NOW }).verify(sign({ alg: "HS256" }, claims(), "k".repeat(32)))).payload.sub, "user-1");

  const rs = await subtle.importKey("spki", a.spkiDer, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
  const rs384 = await rejected(sign({ alg: "RS384" }, claims(), a.privateKey), { key: rs, algorithms: ["RS256", "RS384"], now: NOW });
  assert.equal(rs384.code, "jwk_alg_mismatch", "the CryptoKey is bound to SHA-256");

  const aes = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  for (const [key, what] of [[aes, /AES-GCM/], [pair.privateKey, /usages \(sign\)/]]) {
    assert.throws(() => createVerifier({ key, algorithms: ["ES256"] }), (e) => e instanceof JwtConfigError && e.reason === "crypto_key" && what.test(e.message));
    await assert.rejects(verify(token, { key, algorithms: ["ES256"] }), (e) => e instanceof JwtConfigError && e.reason === "crypto_key");
  }
});

test("Ed25519 (RFC 9864) is an algorithm name of its own, verified by the same keys as EdDSA", async () => {
  const ed = keys("ed");
  const token = sign({ alg: "Ed25519" }, claims(), ed.privateKey, { alg: "EdDSA" });
  for (const mode of MODES) {
    const ok = await verify(token, { key: { ...ed.publicJwk, alg: "EdDSA" }, algorithms: ["Ed25519"], now: NOW, crypto: mode });
    assert.equal(ok.key.alg, "Ed25519");
    const refused = await rejected(token, { key: ed.spkiPem, algorithms: ["EdDSA"], now: NOW, crypto: mode });
    assert.equal(refused.code, "alg_not_allowed");
  }
  const cross = sign({ alg: "EdDSA" }, claims(), ed.privateKey);
  assert.equal((await verify(cross, { key: { ...ed.publicJwk, alg: "Ed25519" }, algorithms: ["EdDSA"], now: NOW })).key.alg, "EdDSA");
});
