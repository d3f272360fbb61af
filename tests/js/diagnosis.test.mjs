// SPEC §1 (GitHub issue 5), what the cases (tests/cases/*.json, run by cases.test.mjs and
// tests/cases.rs) cannot say as data: the invariants every report keeps (checked over all the
// cases' reports), verify()'s outcome for each case and its JwtError, verify() misuse.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignJWT, calculateJwkThumbprint } from "jose";
import { JwtError, inspect as coreInspect } from "jwt-doctor";
import { loadCases } from "./cases-data.mjs";
import {
  NOW, CHECK_ORDER, sign, claims, keys, secret, inspect, verifyOutcome, safeToLogTest, codes, has, firstError,
} from "./diagnosis-helpers.mjs";

const rsa = keys("rsa");
const SECRET = secret("hs256-secret-Zq9!wK3#mP7@vX2$nL5^rT8&yB4*cF6(");

const INFO = ["bearer_prefix", "token_response", "verifies_with_other_key", "secret_encoding_mismatch", "key_repaired", "jwks_stale"];
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

test("every report of the cases (tests/cases/*.json) is well formed: checks, severities, order, valid", () => {
  const failures = [];
  for (const c of loadCases()) {
    try {
      wellFormed(coreInspect(c.token, c.options));
    } catch (err) {
      failures.push(`${c.file}: ${c.name}: ${err.message}`);
    }
  }
  assert.deepEqual(failures, []);
});

/**
 * What verify() must do with a case, from its expectations: resolve when inspect() finds the
 * token valid, else reject with the main error's code. Two documented differences: verify()
 * takes the token as issued (no Bearer prefix stripped, no header line or token response read), and a key it cannot read is a
 * configuration error (JwtConfigError), not a verdict on the token.
 */
function verifyOutcomeOf({ token, expect }) {
  // (nor a `curl -v` header line, nor a whole OAuth token response)
  if (expect.valid && /^(> *authorization: *)?bearer |^\s*\{/i.test(token)) return "malformed_token";
  if (expect.valid) return "ok";
  if (expect.cause === "key_invalid") return "JwtConfigError";
  return expect.explains ?? expect.cause ?? "rejected";
}

test("verify() agrees with inspect() on every case that has a key and an allow-list", async () => {
  const failures = [];
  let n = 0;
  for (const c of loadCases()) {
    const o = c.options;
    if (!((o.key !== undefined || o.jwks !== undefined) && o.algorithms) || c.expect.valid === undefined) continue;
    n++;
    const want = verifyOutcomeOf(c);
    const v = await verifyOutcome(c.token, o);
    const got = v.ok ? "ok" : v.err instanceof JwtError ? v.err.code : v.err.name;
    if (want === "rejected" ? v.ok : got !== want) failures.push(`${c.file}: ${c.name}: verify() ${got}, expected ${want}`);
    if (!v.ok && v.err instanceof JwtError) assert.equal(v.err.code, firstError(v.err.report)?.code, c.name);
  }
  assert.ok(n > 200, `${n} cases`);
  assert.deepEqual(failures, []);
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
  // 30 s late is no evidence of a clock: no clock_skew_suspected (docs/DESIGN.md, "Clock")
  assert.ok(!codes(v.err.report).includes("clock_skew_suspected"));
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

safeToLogTest();
