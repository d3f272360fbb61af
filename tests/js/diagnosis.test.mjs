// SPEC §1 (GitHub issue 5): the report rules and the algorithm rows. Real keys, tokens signed at
// test time, `now` always explicit. The other rows are in diagnosis-*.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignJWT, calculateJwkThumbprint } from "jose";
import { JwtError } from "jwt-doctor";
import {
  NOW, CHECK_ORDER, sign, claims, keys, secret, inspect, verifyOutcome, safeToLogTest,
  codes, errors, finding, has, lacks, firstError, status, rejectedFor, withSignature,
} from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const rsaOther = keys("rsa2");
const p256 = keys("p256");
const SECRET = secret("hs256-secret-Zq9!wK3#mP7@vX2$nL5^rT8&yB4*cF6(");

const INFO = ["bearer_prefix", "verifies_with_other_key", "secret_encoding_mismatch", "key_repaired", "jwks_stale"];
const WARNING = ["clock_skew_suspected", "private_key_supplied", "hmac_secret_short", "embedded_key_ignored",
  "kid_suspicious", "no_expiry", "short_lifetime", "long_lifetime", "signature_unchecked", "algorithms_unpinned",
  "audience_unchecked"];
const expectedSeverity = (code) => (INFO.includes(code) ? "info" : WARNING.includes(code) ? "warning" : "error");

/** Asserts the shape every finding must have, and the SPEC severity of its code. */
function wellFormed(r) {
  assert.deepEqual(r.checks.map((c) => c.check), CHECK_ORDER);
  for (const c of r.checks) assert.ok(["pass", "fail", "warn", "skip", "unchecked"].includes(c.status), c.status);
  for (const f of r.findings) {
    assert.match(f.code, /^[a-z0-9_]+$/);
    assert.equal(f.severity, expectedSeverity(f.code), `${f.code} severity`);
    assert.ok(CHECK_ORDER.includes(f.check), `${f.code} check ${f.check}`);
    assert.ok(f.message.length > 10, `${f.code} message`);
    assert.ok(f.hint.length > 10, `${f.code} hint`);
    assert.equal(typeof f.detail, "object");
    assert.notEqual(f.detail, null);
  }
  // ordered by check, then errors before warnings before infos within a check
  const rank = { error: 0, warning: 1, info: 2 };
  const keyOf = (f) => CHECK_ORDER.indexOf(f.check) * 10 + rank[f.severity];
  for (let i = 1; i < r.findings.length; i++) {
    assert.ok(keyOf(r.findings[i - 1]) <= keyOf(r.findings[i]),
      `order: ${r.findings.map((f) => `${f.check}/${f.severity}/${f.code}`).join(", ")}`);
  }
  // a check's status follows its worst finding; a signature check that a key or algorithm
  // error stopped fails with that error's code (SPEC §3: signature fail, code kid_not_found)
  for (const c of r.checks) {
    const mine = r.findings.filter((f) => f.check === c.check);
    const blocking = r.findings.find((f) => f.severity === "error" && (f.check === "key" || f.check === "algorithm"));
    if (c.check === "signature" && !r.signature.verified && blocking && mine.every((f) => f.severity === "info")) {
      assert.deepEqual([c.status, c.code], ["fail", blocking.code], "signature stopped by a key/algorithm error");
      continue;
    }
    if (mine.some((f) => f.severity === "error")) assert.equal(c.status, "fail", c.check);
    else if (mine.some((f) => f.severity === "warning")) assert.equal(c.status, "warn", c.check);
    else assert.ok(["pass", "skip", "unchecked"].includes(c.status), `${c.check}: ${c.status}`);
  }
  assert.equal(r.valid, r.signature.verified && !r.findings.some((f) => f.severity === "error"));
}

test("a good RS256 token: valid, no finding, every check passes or is skipped, thumbprint as jose computes it", async () => {
  const token = await new SignJWT(claims({ iss: "https://issuer.example", aud: "api" }))
    .setProtectedHeader({ alg: "RS256", kid: "k1", typ: "JWT" }).sign(rsa.privateKey);
  const r = inspect(token, {
    key: rsa.spkiPem, algorithms: ["RS256"], issuer: "https://issuer.example", audience: "api",
    subject: "user-1", typ: "JWT", requiredClaims: ["sub"], now: NOW,
  });
  wellFormed(r);
  assert.equal(r.valid, true);
  assert.deepEqual(r.findings, []);
  assert.equal(r.signature.verified, true);
  assert.equal(r.signature.alg, "RS256");
  assert.equal(r.signature.thumbprint, await calculateJwkThumbprint(rsa.publicJwk));
  for (const c of r.checks) assert.ok(["pass", "skip"].includes(c.status), `${c.check} ${c.status}`);
  for (const c of ["signature", "exp", "iss", "aud", "sub", "typ", "required"]) assert.equal(status(r, c), "pass", c);
  assert.equal(status(r, "nbf"), "skip", "no nbf claim: nothing checked");
  assert.equal(r.times.now, "2025-01-01T00:00:00Z");
  assert.equal(r.times.exp, "2025-01-01T01:00:00Z");
  assert.equal(r.times.expiresIn, 3600);
});

test("valid needs a trusted key: without any key the signature is unchecked (warning) and valid is false", () => {
  const token = sign({ alg: "HS256" }, claims(), SECRET);
  const r = inspect(token, { now: NOW });
  wellFormed(r);
  const f = has(r, "signature_unchecked", "warning", "signature");
  assert.match(f.message, /no key/);
  assert.equal(r.valid, false);
  assert.deepEqual(errors(r), [], "nothing else is wrong");
  assert.equal(r.signature.verified, false);
  assert.equal(status(r, "signature"), "warn");
});

test("warnings and infos never make a token invalid", () => {
  // single Bearer prefix (info), no exp (warning), 8-byte secret (warning)
  const short = secret("k7#Qx!w2");
  const token = sign({ alg: "HS256" }, { sub: "user-1" }, short);
  const r = inspect(`Bearer ${token}`, { key: short, algorithms: ["HS256"], now: NOW });
  wellFormed(r);
  has(r, "bearer_prefix", "info", "format");
  has(r, "no_expiry", "warning", "exp");
  has(r, "hmac_secret_short", "warning", "key");
  assert.deepEqual(errors(r), []);
  assert.equal(r.valid, true);
});

test("main cause first: bad signature AND expired → the first error is the signature one (golang-jwt CVE-2024-51744)", async () => {
  const token = await new SignJWT(claims({ exp: NOW - 7200, aud: "other" }))
    .setProtectedHeader({ alg: "RS256" }).sign(rsaOther.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], audience: "api", now: NOW });
  wellFormed(r);
  rejectedFor(r, "signature_invalid");
  has(r, "expired", "error", "exp");
  has(r, "audience_mismatch", "error", "aud");
  assert.deepEqual(errors(r), ["signature_invalid", "expired", "audience_mismatch"]);
  assert.equal(status(r, "signature"), "fail");
  assert.equal(status(r, "exp"), "fail");
  const v = await verifyOutcome(token, { key: rsa.spkiPem, algorithms: ["RS256"], audience: "api", now: NOW });
  assert.equal(v.ok, false);
  assert.equal(v.err.code, "signature_invalid", "verify() names the signature, not the expiry");
});

test("main cause first: a key or algorithm failure also comes before claim failures", async () => {
  const expired = claims({ exp: NOW - 10 });
  // algorithm: RS256 token, only ES256 allowed
  const t1 = await new SignJWT(expired).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const r1 = inspect(t1, { key: rsa.spkiPem, algorithms: ["ES256"], now: NOW });
  wellFormed(r1);
  rejectedFor(r1, "alg_not_allowed");
  has(r1, "expired", "error", "exp");
  // key: kid not in the set
  const t2 = await new SignJWT(expired).setProtectedHeader({ alg: "RS256", kid: "gone" }).sign(rsa.privateKey);
  const r2 = inspect(t2, { jwks: { keys: [{ ...rsa.publicJwk, kid: "k1" }] }, algorithms: ["RS256"], now: NOW });
  wellFormed(r2);
  rejectedFor(r2, "kid_not_found");
  has(r2, "expired", "error", "exp");
  // signature cannot be checked (no key) and expired: valid false, the expiry is the only error
  const r3 = inspect(t1, { now: NOW });
  assert.equal(r3.valid, false);
  assert.deepEqual(errors(r3), ["expired"]);
});

test("checks: always the same 13 in the fixed order, with fail / warn / pass / skip / unchecked", async () => {
  const token = await new SignJWT({ sub: "user-2", iss: "https://a.example", iat: NOW - 10, exp: NOW + 60 * 60 * 48 })
    .setProtectedHeader({ alg: "ES256", typ: "at+jwt" }).sign(p256.privateKey);
  const r = inspect(token, { key: p256.publicJwk, algorithms: ["ES256"], subject: "user-1", now: NOW });
  wellFormed(r);
  assert.deepEqual(r.checks.map((c) => c.check), CHECK_ORDER);
  assert.equal(status(r, "sub"), "fail");
  assert.equal(r.checks.find((c) => c.check === "sub").code, "subject_mismatch");
  assert.equal(status(r, "exp"), "warn");
  assert.equal(r.checks.find((c) => c.check === "exp").code, "long_lifetime");
  assert.equal(status(r, "signature"), "pass");
  assert.equal(status(r, "aud"), "skip", "no aud claim and none expected");
  assert.equal(status(r, "typ"), "unchecked", "no typ expected: not checked, never a pass");
  assert.equal(status(r, "iss"), "unchecked", "an iss but no issuer expected");
  // an undecodable token: the checklist is still complete
  const bad = inspect("not-a-token", { now: NOW });
  wellFormed(bad);
  assert.equal(status(bad, "format"), "fail");
  for (const c of CHECK_ORDER.slice(1)) assert.equal(status(bad, c), "skip", c);
});

test("verify() resolves with header, payload and the key (kid, alg, thumbprint) on success", async () => {
  const jwks = { keys: [{ ...rsa.publicJwk, kid: "k1", use: "sig" }] };
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "k1" }).sign(rsa.privateKey);
  const v = await verifyOutcome(token, { jwks, algorithms: ["RS256"], now: NOW });
  assert.equal(v.ok, true, v.err?.message);
  assert.equal(v.result.payload.sub, "user-1");
  assert.equal(v.result.header.kid, "k1");
  assert.deepEqual(v.result.key, { kid: "k1", alg: "RS256", thumbprint: await calculateJwkThumbprint(rsa.publicJwk) });
  assert.deepEqual(v.result.findings, []);
});

test("verify() rejects with JwtError: code = the first error finding's code, findings and the full report", async () => {
  const token = await new SignJWT(claims({ exp: NOW - 30 })).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const v = await verifyOutcome(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  assert.equal(v.ok, false);
  assert.ok(v.err instanceof JwtError);
  assert.equal(v.err.name, "JwtError");
  assert.equal(v.err.code, "expired");
  assert.equal(v.err.code, firstError(v.err.report).code);
  assert.match(v.err.message, /expired/);
  wellFormed(v.err.report);
  assert.equal(v.err.report.valid, false);
  assert.deepEqual(v.err.findings.map((f) => f.code), codes(v.err.report));
  has(v.err.report, "clock_skew_suspected", "warning", "exp");
  // the same token through inspect gives the same findings
  assert.deepEqual(codes(inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW })), codes(v.err.report));
});

test("verify() misuse: no key, no algorithms → TypeError (not a JwtError)", async () => {
  const token = sign({ alg: "HS256" }, claims(), SECRET);
  const { verify } = await import("jwt-doctor");
  await assert.rejects(verify(token, { algorithms: ["HS256"], now: NOW }), TypeError);
  await assert.rejects(verify(token, { key: SECRET, now: NOW }), TypeError);
});

test("verify() does not repair transit corruption: a Bearer prefix is rejected", async () => {
  const token = sign({ alg: "HS256" }, claims(), SECRET);
  const v = await verifyOutcome(`Bearer ${token}`, { key: SECRET, algorithms: ["HS256"], now: NOW });
  assert.equal(v.ok, false);
  assert.ok(v.err instanceof JwtError);
  assert.equal(v.err.report.valid, false);
});

// ---------------------------------------------------------------------------------------------
// algorithm rows
// ---------------------------------------------------------------------------------------------

test("alg_not_allowed: RS256 token, verifier allows only HS256", async () => {
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["HS256"], now: NOW });
  wellFormed(r);
  rejectedFor(r, "alg_not_allowed");
  const f = has(r, "alg_not_allowed", "error", "algorithm");
  assert.equal(f.detail.alg, "RS256");
  assert.deepEqual(f.detail.allowed, ["HS256"]);
  assert.match(f.message, /RS256/);
  const v = await verifyOutcome(token, { key: rsa.spkiPem, algorithms: ["HS256"], now: NOW });
  assert.equal(v.err.code, "alg_not_allowed");
});

test("alg_not_allowed: any alg outside the allow-list (PS256 token, RS256 allowed)", () => {
  const token = sign({ alg: "PS256" }, claims(), rsa.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  rejectedFor(r, "alg_not_allowed");
  assert.equal(finding(r, "alg_not_allowed").detail.alg, "PS256");
});

test("alg_key_mismatch: an RSA key cannot verify an ES256 token", () => {
  const token = sign({ alg: "ES256" }, claims(), p256.privateKey);
  const r = inspect(token, { key: rsa.spkiPem, algorithms: ["ES256"], now: NOW });
  wellFormed(r);
  rejectedFor(r, "alg_key_mismatch");
  const f = has(r, "alg_key_mismatch", "error", "algorithm");
  assert.equal(f.detail.alg, "ES256");
  assert.match(f.detail.keyType, /RSA/);
  lacks(r, "signature_invalid");
});

test("alg_key_mismatch: a P-256 key cannot verify an ES384 token", () => {
  const token = sign({ alg: "ES384" }, claims(), keys("p384").privateKey);
  const r = inspect(token, { key: p256.spkiPem, algorithms: ["ES384"], now: NOW });
  wellFormed(r);
  rejectedFor(r, "alg_key_mismatch");
  const f = has(r, "alg_key_mismatch", "error", "algorithm");
  assert.equal(f.detail.alg, "ES384");
  assert.match(f.detail.keyType, /P-256/);
});

for (const alg of ["none", "None", "NONE", "nOnE"]) {
  test(`alg_none: alg ${JSON.stringify(alg)} is unsecured, whatever the key and the allow-list`, async () => {
    const token = `${Buffer.from(JSON.stringify({ alg, typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify(claims())).toString("base64url")}.`;
    for (const options of [
      { key: SECRET, algorithms: ["HS256"], now: NOW },
      { key: rsa.spkiPem, now: NOW },
      { now: NOW },
    ]) {
      const r = inspect(token, options);
      wellFormed(r);
      rejectedFor(r, "alg_none");
      const f = has(r, "alg_none", "error", "algorithm");
      assert.equal(f.detail.alg, alg);
      assert.equal(r.signature.verified, false);
    }
    const v = await verifyOutcome(token, { key: SECRET, algorithms: ["HS256"], now: NOW });
    assert.equal(v.err.code, "alg_none");
  });
}

test("alg_none with a non-empty signature is still unsecured", () => {
  const token = sign({ alg: "HS256" }, claims(), SECRET).replace(/^[^.]+/, Buffer.from('{"alg":"none"}').toString("base64url"));
  const r = inspect(token, { key: SECRET, algorithms: ["HS256"], now: NOW });
  rejectedFor(r, "alg_none");
});

test("signature_missing: an HS256 token with an empty signature (CVE-2020-28042 null signature)", async () => {
  const token = sign({ alg: "HS256" }, claims(), SECRET);
  const stripped = token.slice(0, token.lastIndexOf(".") + 1);
  const r = inspect(stripped, { key: SECRET, algorithms: ["HS256"], now: NOW });
  wellFormed(r);
  rejectedFor(r, "signature_missing");
  has(r, "signature_missing", "error", "signature");
  const v = await verifyOutcome(stripped, { key: SECRET, algorithms: ["HS256"], now: NOW });
  assert.equal(v.err.code, "signature_missing");
});

test("signature_invalid: a tampered payload with the right key", async () => {
  const token = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const [h, , s] = token.split(".");
  const forged = `${h}.${Buffer.from(JSON.stringify(claims({ sub: "admin" }))).toString("base64url")}.${s}`;
  const r = inspect(forged, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW });
  wellFormed(r);
  rejectedFor(r, "signature_invalid");
  has(r, "signature_invalid", "error", "signature");
  // the same key still verifies the original
  assert.equal(inspect(token, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW }).valid, true);
  // and a signature of the right length that is simply wrong
  rejectedFor(inspect(withSignature(token, Buffer.alloc(256, 1)), { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW }), "signature_invalid");
});

test("every algorithm verifies a token jose signed (inspect and verify)", async () => {
  const pairs = {
    HS256: [new TextEncoder().encode(SECRET), SECRET], HS384: null, HS512: null,
    RS256: [rsa.privateKey, rsa.spkiPem], RS384: null, RS512: null, PS256: null, PS384: null, PS512: null,
    ES256: [p256.privateKey, p256.publicJwk], ES384: [keys("p384").privateKey, keys("p384").spkiPem],
    ES512: [keys("p521").privateKey, keys("p521").publicJwk], EdDSA: [keys("ed").privateKey, keys("ed").spkiPem],
  };
  const long = secret("a-65-byte-secret-for-HS512-Rr1!Tt2#Yy3$Uu4%Ii5^Oo6&Pp7*Aa8(Ss9)Dd");
  for (const alg of Object.keys(pairs)) {
    const [signKey, verifyKey] = pairs[alg] ?? (alg.startsWith("HS") ? [new TextEncoder().encode(long), long] : pairs.RS256);
    const token = await new SignJWT(claims()).setProtectedHeader({ alg }).sign(signKey);
    const r = inspect(token, { key: verifyKey, algorithms: [alg], now: NOW });
    assert.equal(r.valid, true, `${alg}: ${JSON.stringify(codes(r))}`);
    assert.deepEqual(r.findings, [], alg);
    const v = await verifyOutcome(token, { key: verifyKey, algorithms: [alg], now: NOW });
    assert.equal(v.ok, true, `${alg}: ${v.err?.code}`);
  }
});

safeToLogTest();
