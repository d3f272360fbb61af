// SPEC §1 (GitHub issue 5), claim rows: clock skew and its leeway, long-expired tokens,
// maxTokenAge, milliseconds and strings as timestamps, lifetimes, iss/aud near misses, sub, typ,
// required claims, crit and b64.
import { test } from "node:test";
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import {
  NOW, sign, claims, keys, secret, inspect, verifyOutcome, safeToLogTest,
  codes, errors, finding, has, lacks, rejectedFor, status,
} from "./diagnosis-helpers.mjs";

const SECRET = secret("claims-secret-Gg4!Hh7#Jj1$Kk8%Ll2^Mm5&Nn9*");
const tok = (payload, header = {}) => sign({ alg: "HS256", typ: "JWT", ...header }, payload, SECRET);
const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/;

/** Asserts the time finding's evidence: claim, value, ISO 8601 time. */
function timeFinding(r, code, claim, value, check = claim) {
  const f = has(r, code, "error", check);
  assert.equal(f.detail.claim, claim);
  assert.equal(f.detail.value, value);
  assert.match(f.detail.at, ISO);
  assert.equal(f.detail.at, new Date(value * 1000).toISOString().replace(".000Z", "Z"));
  return f;
}

/** Asserts that exactly `needed` seconds of leeway accept the token and one second less does not. */
function leewayBoundary(token, needed, code, extra = {}) {
  const ok = inspect(token, opts({ leeway: needed, ...extra }));
  assert.equal(ok.valid, true, `leeway ${needed}: ${JSON.stringify(codes(ok))}`);
  lacks(ok, code);
  lacks(ok, "clock_skew_suspected");
  const ko = inspect(token, opts({ leeway: needed - 1, ...extra }));
  assert.equal(ko.valid, false, `leeway ${needed - 1}`);
  finding(ko, code);
}

// ---------------------------------------------------------------------------------------------
// clock skew
// ---------------------------------------------------------------------------------------------

test("clock skew on exp: expired 42 s ago → expired + warning clock_skew_suspected (offset 42, leeway 43)", async () => {
  const token = tok({ sub: "u", iat: NOW - 600, exp: NOW - 42 });
  const r = inspect(token, opts());
  rejectedFor(r, "expired");
  const e = timeFinding(r, "expired", "exp", NOW - 42);
  assert.match(e.message, /42 s ago/);
  const w = has(r, "clock_skew_suspected", "warning", "exp");
  assert.equal(w.detail.offsetSeconds, 42);
  assert.equal(w.detail.leewayNeeded, 43, "exp passes iff now < exp + leeway");
  assert.match(w.message, /43 s/);
  leewayBoundary(token, w.detail.leewayNeeded, "expired");
  const v = await verifyOutcome(token, opts({ leeway: 43 }));
  assert.equal(v.ok, true);
});

test("clock skew on exp: exp == now is expired; a leeway of 1 s accepts it", () => {
  const token = tok({ sub: "u", iat: NOW - 600, exp: NOW });
  const r = inspect(token, opts());
  rejectedFor(r, "expired");
  const w = has(r, "clock_skew_suspected", "warning", "exp");
  assert.equal(w.detail.offsetSeconds, 0);
  assert.equal(w.detail.leewayNeeded, 1);
  leewayBoundary(token, 1, "expired");
});

test("clock skew on exp with a fractional miss: 30.5 s → leewayNeeded 31", () => {
  const token = tok({ sub: "u", iat: NOW - 600, exp: NOW - 30.5 });
  const w = has(inspect(token, opts()), "clock_skew_suspected", "warning", "exp");
  assert.equal(w.detail.offsetSeconds, 30.5);
  assert.equal(w.detail.leewayNeeded, 31);
  leewayBoundary(token, 31, "expired");
});

test("clock skew on nbf: not valid for another 90 s → not_yet_valid + clock_skew_suspected (offset 90, leeway 90)", () => {
  const token = tok({ sub: "u", nbf: NOW + 90, exp: NOW + 3600 });
  const r = inspect(token, opts());
  rejectedFor(r, "not_yet_valid");
  const e = timeFinding(r, "not_yet_valid", "nbf", NOW + 90);
  assert.match(e.message, /in 1 min 30 s/);
  const w = has(r, "clock_skew_suspected", "warning", "nbf");
  assert.equal(w.detail.offsetSeconds, 90);
  assert.equal(w.detail.leewayNeeded, 90, "nbf passes iff now >= nbf - leeway");
  leewayBoundary(token, 90, "not_yet_valid");
});

test("clock skew on iat: issued 120 s in the future → issued_in_future (error) + clock_skew_suspected (leeway 120)", () => {
  const token = tok({ sub: "u", iat: NOW + 120, exp: NOW + 3600 });
  const r = inspect(token, opts());
  rejectedFor(r, "issued_in_future");
  timeFinding(r, "issued_in_future", "iat", NOW + 120);
  const w = has(r, "clock_skew_suspected", "warning", "iat");
  assert.equal(w.detail.offsetSeconds, 120);
  assert.equal(w.detail.leewayNeeded, 120, "iat fails iff iat > now + leeway");
  leewayBoundary(token, 120, "issued_in_future");
});

test("clock skew window: a miss of exactly 300 s is skew, 301 s is not", () => {
  has(inspect(tok({ sub: "u", iat: NOW - 900, exp: NOW - 300 }), opts()), "clock_skew_suspected", "warning", "exp");
  const r = inspect(tok({ sub: "u", iat: NOW - 900, exp: NOW - 301 }), opts());
  finding(r, "expired");
  lacks(r, "clock_skew_suspected");
  has(inspect(tok({ sub: "u", nbf: NOW + 300, exp: NOW + 3600 }), opts()), "clock_skew_suspected", "warning", "nbf");
  lacks(inspect(tok({ sub: "u", nbf: NOW + 301, exp: NOW + 3600 }), opts()), "clock_skew_suspected");
});

// ---------------------------------------------------------------------------------------------
// long expired, not yet valid, too old
// ---------------------------------------------------------------------------------------------

test("expired long ago: ISO 8601 time and \"expired 3 h 12 min ago\", no clock skew warning", async () => {
  const exp = NOW - (3 * 3600 + 12 * 60);
  const token = await new SignJWT({ sub: "u" }).setProtectedHeader({ alg: "HS256" }).setIssuedAt(exp - 3600)
    .setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));
  const r = inspect(token, opts());
  rejectedFor(r, "expired");
  const f = timeFinding(r, "expired", "exp", exp);
  assert.equal(f.detail.at, "2024-12-31T20:48:00Z");
  assert.match(f.message, /expired 3 h 12 min ago/);
  assert.match(f.message, /2024-12-31T20:48:00Z/);
  lacks(r, "clock_skew_suspected");
  assert.equal(r.times.exp, "2024-12-31T20:48:00Z");
  assert.equal(r.times.expiresIn, -11520);
  assert.equal(status(r, "exp"), "fail");
});

test("not yet valid for two days: not_yet_valid with the ISO time and \"in 2 d\", no clock skew warning", () => {
  const nbf = NOW + 2 * 86400;
  const r = inspect(tok({ sub: "u", nbf, exp: nbf + 3600 }), opts());
  rejectedFor(r, "not_yet_valid");
  const f = timeFinding(r, "not_yet_valid", "nbf", nbf);
  assert.match(f.message, /in 2 d/);
  assert.match(f.message, /2025-01-03T00:00:00Z/);
  lacks(r, "clock_skew_suspected");
});

test("token_too_old: issued 2 h ago with maxTokenAge 1 h (check iat)", () => {
  const token = tok({ sub: "u", iat: NOW - 7200, exp: NOW + 3600 });
  const r = inspect(token, opts({ maxTokenAge: 3600 }));
  rejectedFor(r, "token_too_old");
  const f = has(r, "token_too_old", "error", "iat");
  assert.equal(f.detail.claim, "iat");
  assert.equal(f.detail.value, NOW - 7200);
  assert.match(f.detail.at, ISO);
  assert.equal(f.detail.maxTokenAge, 3600);
  assert.match(f.message, /2 h/);
  assert.equal(inspect(token, opts({ maxTokenAge: 7200 })).valid, true);
});

test("maxTokenAge without iat in the token: claim_missing under iat", () => {
  const r = inspect(tok({ sub: "u", exp: NOW + 3600 }), opts({ maxTokenAge: 3600 }));
  rejectedFor(r, "claim_missing");
  assert.equal(has(r, "claim_missing", "error", "iat").detail.claim, "iat");
});

// ---------------------------------------------------------------------------------------------
// milliseconds and strings
// ---------------------------------------------------------------------------------------------

for (const claim of ["exp", "nbf", "iat"]) {
  test(`timestamp_milliseconds: ${claim} in milliseconds`, () => {
    const ms = (NOW + (claim === "exp" ? 3600 : -60)) * 1000;
    const payload = { sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: ms };
    const r = inspect(tok(payload), opts());
    rejectedFor(r, "timestamp_milliseconds");
    const f = has(r, "timestamp_milliseconds", "error", claim);
    assert.equal(f.detail.claim, claim);
    assert.equal(f.detail.value, ms);
    assert.equal(f.detail.seconds, ms / 1000);
    assert.match(f.message, /milliseconds/);
    lacks(r, "expired");
    lacks(r, "not_yet_valid");
  });

  test(`claim_type_invalid: ${claim} as a numeric string`, () => {
    const value = String(NOW + (claim === "exp" ? 3600 : -60));
    const r = inspect(tok({ sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: value }), opts());
    rejectedFor(r, "claim_type_invalid");
    const f = has(r, "claim_type_invalid", "error", claim);
    assert.equal(f.detail.claim, claim);
    assert.equal(f.detail.value, value);
    assert.match(f.hint, /string/);
    assert.match(f.hint, new RegExp(value));
  });
}

// ---------------------------------------------------------------------------------------------
// lifetimes (filed under exp)
// ---------------------------------------------------------------------------------------------

test("no_expiry: no exp at all is a warning under exp", () => {
  const r = inspect(tok({ sub: "u", iat: NOW }), opts());
  has(r, "no_expiry", "warning", "exp");
  assert.equal(r.valid, true);
  assert.equal(status(r, "exp"), "warn");
});

test("short_lifetime: exp − iat = 40 s is a warning under exp", () => {
  const r = inspect(tok({ sub: "u", iat: NOW - 10, exp: NOW + 30 }), opts());
  assert.equal(has(r, "short_lifetime", "warning", "exp").detail.lifetimeSeconds, 40);
  assert.equal(r.valid, true);
});

test("long_lifetime: exp − iat = 30 days is a warning under exp", () => {
  const r = inspect(tok({ sub: "u", iat: NOW - 10, exp: NOW - 10 + 30 * 86400 }), opts());
  assert.equal(has(r, "long_lifetime", "warning", "exp").detail.lifetimeSeconds, 30 * 86400);
  assert.equal(r.valid, true);
});

test("a 1 h lifetime gets neither lifetime warning; without iat the lifetime counts from nbf", () => {
  const r = inspect(tok({ sub: "u", iat: NOW - 10, exp: NOW + 3590 }), opts());
  assert.deepEqual(r.findings, []);
  has(inspect(tok({ sub: "u", nbf: NOW - 10, exp: NOW + 20 }), opts()), "short_lifetime", "warning", "exp");
});

// ---------------------------------------------------------------------------------------------
// iss / aud near misses
// ---------------------------------------------------------------------------------------------

const NEAR = [
  ["trailing_slash", "https://auth.example.com/", "https://auth.example.com"],
  ["trailing_slash", "https://auth.example.com", "https://auth.example.com/"],
  ["case", "https://Auth.Example.com", "https://auth.example.com"],
  ["scheme", "http://auth.example.com", "https://auth.example.com"],
  ["host", "http://localhost:8080/realms/app", "https://auth.example.com/realms/app"],
  ["host", "https://auth.staging.example.com/realms/app", "https://auth.example.com/realms/app"],
];

for (const [kind, actual, expected] of NEAR) {
  test(`issuer_mismatch nearMiss ${kind}: iss ${actual} vs expected ${expected}`, () => {
    const r = inspect(tok(claims({ iss: actual })), opts({ issuer: expected }));
    rejectedFor(r, "issuer_mismatch");
    const f = has(r, "issuer_mismatch", "error", "iss");
    assert.equal(f.detail.nearMiss, kind);
    assert.equal(f.detail.expected, expected);
    assert.equal(f.detail.actual, actual);
    assert.ok(f.message.includes(actual) && f.message.includes(expected), f.message);
  });

  test(`audience_mismatch nearMiss ${kind}: aud array [other, ${actual}] vs expected ${expected}`, () => {
    const aud = ["account", actual];
    const r = inspect(tok(claims({ aud })), opts({ audience: expected }));
    rejectedFor(r, "audience_mismatch");
    const f = has(r, "audience_mismatch", "error", "aud");
    assert.equal(f.detail.nearMiss, kind);
    assert.deepEqual(f.detail.actual, aud, "the array as given");
    assert.equal(f.detail.expected, expected);
  });
}

test("aud array: nearMiss is the kind of the first element that is a near miss", () => {
  const aud = ["account", "http://api.example.com", "https://api.example.com/"];
  const r = inspect(tok(claims({ aud })), opts({ audience: "https://api.example.com" }));
  assert.equal(has(r, "audience_mismatch", "error", "aud").detail.nearMiss, "scheme");
});

test("issuer_mismatch with no near miss: nearMiss is null; one of several expected issuers matches → pass", () => {
  const r = inspect(tok(claims({ iss: "https://evil.example/x" })), opts({ issuer: "https://auth.example.com/y" }));
  assert.equal(has(r, "issuer_mismatch", "error", "iss").detail.nearMiss, null);
  const ok = inspect(tok(claims({ iss: "https://b.example" })), opts({ issuer: ["https://a.example", "https://b.example"] }));
  assert.equal(ok.valid, true);
  assert.equal(status(ok, "iss"), "pass");
});

test("audience_mismatch: an aud array that does not contain the expected value", () => {
  const r = inspect(tok(claims({ aud: ["api-a", "api-b"] })), opts({ audience: "api-c" }));
  rejectedFor(r, "audience_mismatch");
  const f = has(r, "audience_mismatch", "error", "aud");
  assert.deepEqual(f.detail.actual, ["api-a", "api-b"]);
  assert.equal(f.detail.nearMiss, null);
  assert.match(f.message, /api-c/);
  assert.equal(inspect(tok(claims({ aud: ["api-a", "api-c"] })), opts({ audience: "api-c" })).valid, true);
  assert.equal(inspect(tok(claims({ aud: "api-c" })), opts({ audience: ["api-x", "api-c"] })).valid, true);
});

test("audience expected but aud absent: claim_missing under aud; issuer expected but iss absent: claim_missing under iss", () => {
  const r = inspect(tok(claims()), opts({ audience: "api", issuer: "https://a.example" }));
  const missing = r.findings.filter((f) => f.code === "claim_missing");
  assert.deepEqual(missing.map((f) => [f.check, f.detail.claim]), [["iss", "iss"], ["aud", "aud"]]);
});

// ---------------------------------------------------------------------------------------------
// sub, typ, required claims
// ---------------------------------------------------------------------------------------------

test("subject_mismatch: expected sub differs", () => {
  const r = inspect(tok(claims({ sub: "user-2" })), opts({ subject: "user-1" }));
  rejectedFor(r, "subject_mismatch");
  const f = has(r, "subject_mismatch", "error", "sub");
  assert.deepEqual([f.detail.expected, f.detail.actual], ["user-1", "user-2"]);
});

test("typ_mismatch: an ID token (typ JWT) where an access token (at+jwt) is expected; application/ prefix and case ignored", () => {
  const r = inspect(tok(claims(), { typ: "JWT" }), opts({ typ: "at+jwt" }));
  rejectedFor(r, "typ_mismatch");
  const f = has(r, "typ_mismatch", "error", "typ");
  assert.deepEqual([f.detail.expected, f.detail.actual], ["at+jwt", "JWT"]);
  assert.equal(inspect(tok(claims(), { typ: "application/AT+JWT" }), opts({ typ: "at+jwt" })).valid, true);
  const none = inspect(sign({ alg: "HS256" }, claims(), SECRET), opts({ typ: "at+jwt" }));
  assert.equal(has(none, "typ_mismatch", "error", "typ").detail.actual, null);
});

test("claim_missing: a required claim is absent (check required)", () => {
  const r = inspect(tok(claims()), opts({ requiredClaims: ["sub", "email", "roles"] }));
  rejectedFor(r, "claim_missing");
  const missing = r.findings.filter((f) => f.code === "claim_missing");
  assert.deepEqual(missing.map((f) => f.detail.claim), ["email", "roles"]);
  for (const f of missing) assert.equal(f.check, "required");
  assert.equal(status(r, "required"), "fail");
});

test("requiredClaims [\"exp\"] and no exp: claim_missing, not only the no_expiry warning", () => {
  const r = inspect(tok({ sub: "u", iat: NOW }), opts({ requiredClaims: ["exp"] }));
  rejectedFor(r, "claim_missing");
  assert.equal(finding(r, "claim_missing").detail.claim, "exp");
});

// ---------------------------------------------------------------------------------------------
// crit and b64
// ---------------------------------------------------------------------------------------------

test("crit_unsupported: crit lists an extension jwt-doctor does not implement", () => {
  const r = inspect(tok(claims(), { crit: ["http://example.invalid/ext"], "http://example.invalid/ext": true }), opts());
  rejectedFor(r, "crit_unsupported");
  assert.deepEqual(has(r, "crit_unsupported", "error", "crit").detail.crit, ["http://example.invalid/ext"]);
  assert.equal(status(r, "crit"), "fail");
});

test("crit_unsupported: b64 false (RFC 7797) with crit [\"b64\"], and b64 false without crit", () => {
  const r = inspect(tok(claims(), { b64: false, crit: ["b64"] }), opts());
  rejectedFor(r, "crit_unsupported");
  const f = has(r, "crit_unsupported", "error", "crit");
  assert.deepEqual(f.detail.crit, ["b64"]);
  assert.equal(f.detail.b64, false);
  const r2 = inspect(tok(claims(), { b64: false }), opts());
  rejectedFor(r2, "crit_unsupported");
  assert.equal(has(r2, "crit_unsupported", "error", "crit").detail.b64, false);
});

test("claim failures with a good signature: the claim is the main cause and verify() names it", async () => {
  const token = tok(claims({ iss: "https://auth.example.com/" }));
  const v = await verifyOutcome(token, opts({ issuer: "https://auth.example.com" }));
  assert.equal(v.ok, false);
  assert.equal(v.err.code, "issuer_mismatch");
  assert.equal(finding(v.err.report, "issuer_mismatch").detail.nearMiss, "trailing_slash");
  assert.deepEqual(errors(v.err.report), ["issuer_mismatch"]);
});

test("RS256 with claims checked the same way as HS256 (keys are independent of claims)", async () => {
  const rsa = keys("rsa");
  const token = await new SignJWT(claims({ aud: "api" })).setProtectedHeader({ alg: "RS256" }).sign(rsa.privateKey);
  const r = inspect(token, { key: rsa.publicJwk, algorithms: ["RS256"], audience: "api", now: NOW });
  assert.equal(r.valid, true, JSON.stringify(codes(r)));
});

safeToLogTest();
