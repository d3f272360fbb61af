// Writes the diagnosis cases of SPEC §1 (tests/cases/<suite>.json), which tests/cases.rs (native
// Rust) and tests/js/cases.test.mjs (the built package) both run. Run by hand when a case
// changes, and commit the JSON:
//
//   node tests/cases/generate.mjs            (every suite)
//   node tests/cases/generate.mjs providers  (only the named suites)
//
// The key pairs are made once and kept in tests/cases/keys/test-keys.json (test keys, used
// nowhere else), so a run rewrites only what depends on randomised signatures (ECDSA, PSS).
//
// A case: { name, spec (the SPEC.md row), token, options (inspect's options as JSON: keys as PEM
// text or JWK objects, jwks as a JWK Set), expect }. `expect` holds only what the case asserts:
//   valid, cause          report.valid and report.cause.code (null: no cause); the cause is
//                         the first error, or the diagnosis (an info) that explains it
//   explains              report.cause.explains: the error an explaining cause explains
//   findings              [{ code, severity?, check?, detail? (members that must be equal),
//                            message? / hint? (substrings), count? (findings of that code) }]
//   absent                codes that must not appear
//   errors                the codes of the error findings, exactly and in order
//   checks                { check: "status" } or { check: "status:code" }
//   report                members of the report that must be equal (objects compared member-wise)
//   hidden                strings the serialised report must not contain (secrets, private key
//                         material, the full token): "safe to log"
// Every finding of every report must also carry a message and a hint.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CompactEncrypt, SignJWT, calculateJwkThumbprint, exportJWK, exportSPKI } from "jose";
import { NOW, b64u, claims, keyForms, privateStrings, sign, sshLine, withSignature } from "./sign.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Keys, kept between runs
// ---------------------------------------------------------------------------------------------

const keyFile = join(here, "keys", "test-keys.json");
const stored = existsSync(keyFile) ? JSON.parse(readFileSync(keyFile, "utf8")) : {};
let storedChanged = false;
/** A value kept in the key file, made by `make` the first time. */
function kept(name, make) {
  if (!(name in stored)) {
    stored[name] = make();
    storedChanged = true;
  }
  return stored[name];
}

const GEN = {
  rsa: () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }),
  rsa1024: () => crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }),
  p256: () => crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }),
  p384: () => crypto.generateKeyPairSync("ec", { namedCurve: "P-384" }),
  p521: () => crypto.generateKeyPairSync("ec", { namedCurve: "P-521" }),
  ed: () => crypto.generateKeyPairSync("ed25519"),
};
const secrets = new Set();
const keyCache = new Map();
/** A key pair by name (`rsa`, `rsa2`, `rsa3`, `rsa1024`, `p256`, `p256b`, `p384`, `p521`, `ed`) in all its forms. */
function keys(name) {
  if (keyCache.has(name)) return keyCache.get(name);
  const kind = Object.keys(GEN).filter((g) => name.startsWith(g)).sort((a, b) => b.length - a.length)[0];
  const pem = kept(name, () => GEN[kind]().privateKey.export({ type: "pkcs8", format: "pem" }));
  const privateKey = crypto.createPrivateKey(pem);
  const k = keyForms({ privateKey, publicKey: crypto.createPublicKey(privateKey) }, name);
  for (const s of privateStrings(k)) secrets.add(s);
  keyCache.set(name, k);
  return k;
}

/** Registers secret material that must never appear in a report; returns it. */
function secret(s) {
  secrets.add(s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

const suites = {};
let suite;
const begin = (name) => (suite = suites[name] = []);

/** Every string in `options`, as given and without whitespace (a PEM body's lines run together). */
function leaves(v, out = []) {
  if (typeof v === "string") out.push(v, v.replace(/\s+/g, ""));
  else if (v && typeof v === "object") for (const x of Object.values(v)) leaves(x, out);
  return out;
}

function add(name, spec, token, options, expect) {
  if (suite.some((c) => c.name === name)) throw new Error(`duplicate case name ${name}`);
  const text = leaves(options);
  const hidden = [...secrets].filter((s) => s.length > 0 && text.some((l) => l.includes(s)));
  if (token.length > 20) hidden.push(token);
  suite.push({ name, spec, token, options, expect: { ...expect, ...(hidden.length && { hidden }) } });
}

/** A finding expectation. */
const f = (code, severity, check, more = {}) => ({ code, ...(severity && { severity }), ...(check && { check }), ...more });
/** An invalid report whose main cause is `cause`. */
const rejected = (cause, more = {}) => ({ valid: false, cause, ...more });
/** The ISO 8601 form of a NumericDate, as the reports write it. */
const iso = (t) => new Date(t * 1000).toISOString().replace(".000Z", "Z");
const CHECKS = ["format", "algorithm", "key", "signature", "exp", "nbf", "iat", "iss", "aud", "sub", "typ", "required", "crit"];

// ---------------------------------------------------------------------------------------------
// core: the report rules and the algorithm rows
// ---------------------------------------------------------------------------------------------

async function core() {
  begin("core");
  const rsa = keys("rsa");
  const rsaOther = keys("rsa2");
  const p256 = keys("p256");
  const SECRET = secret("hs256-secret-Zq9!wK3#mP7@vX2$nL5^rT8&yB4*cF6(");

  add("a good RS256 token: valid, no finding, checks pass, thumbprint as jose computes it", "§3 report: valid",
    sign({ alg: "RS256", kid: "k1", typ: "JWT" }, claims({ iss: "https://issuer.example", aud: "api" }), rsa.privateKey),
    { key: rsa.spkiPem, algorithms: ["RS256"], issuer: "https://issuer.example", audience: "api",
      subject: "user-1", typ: "JWT", requiredClaims: ["sub"], now: NOW },
    { valid: true, cause: null, findings: [],
      checks: { signature: "pass", exp: "pass", iss: "pass", aud: "pass", sub: "pass", typ: "pass", required: "pass", nbf: "skip" },
      report: { findings: [], signature: { verified: true, alg: "RS256", thumbprint: await calculateJwkThumbprint(rsa.publicJwk) },
        times: { now: "2025-01-01T00:00:00Z", exp: "2025-01-01T01:00:00Z", expiresIn: 3600 } } });

  add("valid needs a trusted key: without any key the signature is unchecked and valid is false", "§1 signature_unchecked",
    sign({ alg: "HS256" }, claims(), SECRET), { now: NOW },
    { valid: false, findings: [f("signature_unchecked", "warning", "signature", { message: ["no key"] })], errors: [],
      checks: { signature: "warn" }, report: { signature: { verified: false } } });

  const short = secret("k7#Qx!w2");
  add("warnings and infos never make a token invalid", "§1 severity",
    `Bearer ${sign({ alg: "HS256" }, { sub: "user-1" }, short)}`, { key: short, algorithms: ["HS256"], now: NOW },
    { valid: true, errors: [], findings: [f("bearer_prefix", "info", "format"), f("no_expiry", "warning", "exp"),
      f("hmac_secret_short", "warning", "key")] });

  add("main cause first: bad signature AND expired AND wrong audience → the signature (golang-jwt CVE-2024-51744)", "§1 main cause",
    sign({ alg: "RS256" }, claims({ exp: NOW - 7200, aud: "other" }), rsaOther.privateKey),
    { key: rsa.spkiPem, algorithms: ["RS256"], audience: "api", now: NOW },
    rejected("signature_invalid", { findings: [f("expired", "error", "exp"), f("audience_mismatch", "error", "aud")],
      errors: ["signature_invalid", "expired", "audience_mismatch"], checks: { signature: "fail", exp: "fail" } }));

  const expiredRs = sign({ alg: "RS256" }, claims({ exp: NOW - 10 }), rsa.privateKey);
  add("main cause first: an algorithm failure comes before the expiry", "§1 main cause", expiredRs,
    { key: rsa.spkiPem, algorithms: ["ES256"], now: NOW },
    rejected("alg_not_allowed", { findings: [f("expired", "error", "exp")] }));
  add("main cause first: a key failure (kid not in the set) comes before the expiry", "§1 main cause",
    sign({ alg: "RS256", kid: "gone" }, claims({ exp: NOW - 10 }), rsa.privateKey),
    { jwks: { keys: [{ ...rsa.publicJwk, kid: "k1" }] }, algorithms: ["RS256"], now: NOW },
    rejected("verifies_with_other_key", { explains: "kid_not_found", findings: [f("expired", "error", "exp")] }));
  add("no key and expired: valid false, the expiry is the only error", "§3 report: valid", expiredRs, { now: NOW },
    { valid: false, errors: ["expired"] });

  add("checks: fail / warn / pass / skip / unchecked, each with its code", "§3 report: checks",
    sign({ alg: "ES256", typ: "at+jwt" }, { sub: "user-2", iss: "https://a.example", iat: NOW - 10, exp: NOW + 60 * 60 * 48 }, p256.privateKey),
    { key: p256.publicJwk, algorithms: ["ES256"], subject: "user-1", now: NOW },
    { checks: { sub: "fail:subject_mismatch", exp: "warn:long_lifetime", signature: "pass", aud: "skip", typ: "unchecked", iss: "unchecked" } });
  add("checks: an undecodable token still has the complete checklist, all but format skipped", "§3 report: checks",
    "not-a-token", { now: NOW },
    { checks: Object.fromEntries(CHECKS.map((c) => [c, c === "format" ? "fail" : "skip"])) });

  // algorithm rows
  add("alg_not_allowed: RS256 token, verifier allows only HS256", "§1 alg_not_allowed",
    sign({ alg: "RS256" }, claims(), rsa.privateKey), { key: rsa.spkiPem, algorithms: ["HS256"], now: NOW },
    rejected("alg_not_allowed", { findings: [f("alg_not_allowed", "error", "algorithm",
      { detail: { alg: "RS256", allowed: ["HS256"] }, message: ["RS256"] })] }));
  add("alg_not_allowed: any alg outside the allow-list (PS256 token, RS256 allowed)", "§1 alg_not_allowed",
    sign({ alg: "PS256" }, claims(), rsa.privateKey), { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW },
    rejected("alg_not_allowed", { findings: [f("alg_not_allowed", null, null, { detail: { alg: "PS256" } })] }));
  add("alg_key_mismatch: an RSA key cannot verify an ES256 token", "§1 alg_key_mismatch",
    sign({ alg: "ES256" }, claims(), p256.privateKey), { key: rsa.spkiPem, algorithms: ["ES256"], now: NOW },
    rejected("alg_key_mismatch", { findings: [f("alg_key_mismatch", "error", "algorithm", { detail: { alg: "ES256", keyType: "RSA key" } })],
      absent: ["signature_invalid"] }));
  add("alg_key_mismatch: a P-256 key cannot verify an ES384 token", "§1 alg_key_mismatch",
    sign({ alg: "ES384" }, claims(), keys("p384").privateKey), { key: p256.spkiPem, algorithms: ["ES384"], now: NOW },
    rejected("alg_key_mismatch", { findings: [f("alg_key_mismatch", "error", "algorithm", { detail: { alg: "ES384", keyType: "P-256 EC key" } })] }));

  for (const alg of ["none", "None", "NONE", "nOnE"]) {
    const token = `${b64u(JSON.stringify({ alg, typ: "JWT" }))}.${b64u(JSON.stringify(claims()))}.`;
    for (const [what, options] of [
      ["an HS256 secret and allow-list", { key: SECRET, algorithms: ["HS256"], now: NOW }],
      ["an RSA key", { key: rsa.spkiPem, now: NOW }],
      ["no key", { now: NOW }],
    ]) {
      add(`alg_none: alg ${JSON.stringify(alg)} is unsecured, with ${what}`, "§1 alg_none", token, options,
        rejected("alg_none", { findings: [f("alg_none", "error", "algorithm", { detail: { alg } })], report: { signature: { verified: false } } }));
    }
  }
  add("alg_none with a non-empty signature is still unsecured", "§1 alg_none",
    sign({ alg: "HS256" }, claims(), SECRET).replace(/^[^.]+/, b64u('{"alg":"none"}')),
    { key: SECRET, algorithms: ["HS256"], now: NOW },
    rejected("alg_none", { checks: { algorithm: "fail", signature: "fail" } }));

  const hs = sign({ alg: "HS256" }, claims(), SECRET);
  add("signature_missing: an HS256 token with an empty signature (CVE-2020-28042 null signature)", "§1 signature_missing",
    hs.slice(0, hs.lastIndexOf(".") + 1), { key: SECRET, algorithms: ["HS256"], now: NOW },
    rejected("signature_missing", { findings: [f("signature_missing", "error", "signature")] }));

  const rs = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const [h, , s] = rs.split(".");
  const rsOpts = { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW };
  add("signature_invalid: a tampered payload with the right key", "§1 signature_invalid",
    `${h}.${b64u(JSON.stringify(claims({ sub: "admin" })))}.${s}`, rsOpts,
    rejected("signature_invalid", { findings: [f("signature_invalid", "error", "signature")] }));
  add("signature_invalid: the untampered token verifies with the same key", "§1 signature_invalid", rs, rsOpts, { valid: true });
  add("signature_invalid: a signature of the right length that is simply wrong", "§1 signature_invalid",
    withSignature(rs, Buffer.alloc(256, 1)), rsOpts, rejected("signature_invalid"));

  const long = secret("a-65-byte-secret-for-HS512-Rr1!Tt2#Yy3$Uu4%Ii5^Oo6&Pp7*Aa8(Ss9)Dd");
  const pairs = {
    HS256: [SECRET, SECRET], HS384: [long, long], HS512: [long, long],
    RS256: [rsa.privateKey, rsa.spkiPem], RS384: null, RS512: null, PS256: null, PS384: null, PS512: null,
    ES256: [p256.privateKey, p256.publicJwk], ES384: [keys("p384").privateKey, keys("p384").spkiPem],
    ES512: [keys("p521").privateKey, keys("p521").publicJwk], EdDSA: [keys("ed").privateKey, keys("ed").spkiPem],
  };
  for (const alg of Object.keys(pairs)) {
    const [signKey, verifyKey] = pairs[alg] ?? pairs.RS256;
    const joseKey = typeof signKey === "string" ? new TextEncoder().encode(signKey) : signKey;
    add(`every algorithm verifies a token jose signed: ${alg}`, "§6 algorithms",
      await new SignJWT(claims()).setProtectedHeader({ alg }).sign(joseKey),
      { key: verifyKey, algorithms: [alg], now: NOW }, { valid: true, report: { findings: [] } });
  }
}

// ---------------------------------------------------------------------------------------------
// claims: clock skew, expiry, lifetimes, iss/aud near misses, sub, typ, required, crit
// ---------------------------------------------------------------------------------------------

function claimRows() {
  begin("claims");
  const SECRET = secret("claims-secret-Gg4!Hh7#Jj1$Kk8%Ll2^Mm5&Nn9*");
  const tok = (payload, header = {}) => sign({ alg: "HS256", typ: "JWT", ...header }, payload, SECRET);
  const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
  /** The time finding's evidence: claim, value, ISO 8601 time. */
  const timeFinding = (code, claim, value, more = {}) => f(code, "error", claim, { detail: { claim, value, at: iso(value) }, ...more });
  /** Exactly `needed` seconds of leeway accept the token; one second less does not. */
  const leewayBoundary = (name, spec, token, needed, code) => {
    add(`${name}: a leeway of ${needed} s accepts it`, spec, token, opts({ leeway: needed }),
      { valid: true, absent: [code, "clock_skew_suspected"] });
    add(`${name}: a leeway of ${needed - 1} s does not`, spec, token, opts({ leeway: needed - 1 }),
      { valid: false, findings: [f(code)] });
  };

  // An exp missed by a little is no evidence of a clock (most often a client that sent the token
  // late): expired, with no clock_skew_suspected and no leeway advice (docs/DESIGN.md, "Clock").
  let name = "exp missed by 42 s";
  let token = tok({ sub: "u", iat: NOW - 600, exp: NOW - 42 });
  add(`${name}: expired, no clock_skew_suspected (a late client is the usual cause)`, "§1 clock skew", token, opts(),
    rejected("expired", { findings: [timeFinding("expired", "exp", NOW - 42, { message: ["42 s ago"] })],
      absent: ["clock_skew_suspected"] }));
  leewayBoundary(name, "§1 clock skew", token, 43, "expired");

  name = "exp == now";
  token = tok({ sub: "u", iat: NOW - 600, exp: NOW });
  add(`${name}: expired, no clock_skew_suspected`, "§1 clock skew", token, opts(),
    rejected("expired", { absent: ["clock_skew_suspected"] }));
  leewayBoundary(name, "§1 clock skew", token, 1, "expired");

  name = "exp missed by a fractional 30.5 s";
  token = tok({ sub: "u", iat: NOW - 600, exp: NOW - 30.5 });
  leewayBoundary(name, "§1 clock skew", token, 31, "expired");

  name = "an issuer clock 90 s ahead: iat and nbf both in the future";
  token = tok({ sub: "u", iat: NOW + 90, nbf: NOW + 90, exp: NOW + 3690 });
  add(`${name}: one clock_skew_suspected for both claims (leeway 90)`, "§1 clock skew", token, opts(),
    rejected("not_yet_valid", { findings: [f("not_yet_valid"), f("issued_in_future"),
      f("clock_skew_suspected", "warning", null, { count: 1, detail: { claims: ["nbf", "iat"], offsetSeconds: 90, leewayNeeded: 90 }, message: ["nbf and iat", "90 s"] })] }));

  name = "clock skew on nbf, not valid for another 90 s";
  token = tok({ sub: "u", nbf: NOW + 90, exp: NOW + 3600 });
  add(`${name}: not_yet_valid + clock_skew_suspected (offset 90, leeway 90)`, "§1 clock skew", token, opts(),
    rejected("not_yet_valid", { findings: [timeFinding("not_yet_valid", "nbf", NOW + 90, { message: ["in 1 min 30 s"] }),
      f("clock_skew_suspected", "warning", "nbf", { detail: { offsetSeconds: 90, leewayNeeded: 90 } })] }));
  leewayBoundary(name, "§1 clock skew", token, 90, "not_yet_valid");

  name = "clock skew on iat, issued 120 s in the future";
  token = tok({ sub: "u", iat: NOW + 120, exp: NOW + 3600 });
  add(`${name}: issued_in_future + clock_skew_suspected (leeway 120)`, "§1 clock skew", token, opts(),
    rejected("issued_in_future", { findings: [timeFinding("issued_in_future", "iat", NOW + 120),
      f("clock_skew_suspected", "warning", "iat", { detail: { offsetSeconds: 120, leewayNeeded: 120 } })] }));
  leewayBoundary(name, "§1 clock skew", token, 120, "issued_in_future");

  add("clock skew window: iat 300 s ahead is skew", "§1 clock skew", tok({ sub: "u", iat: NOW + 300, exp: NOW + 3600 }), opts(),
    { findings: [f("clock_skew_suspected", "warning", "iat")] });
  add("clock skew window: iat 301 s ahead is not skew", "§1 clock skew", tok({ sub: "u", iat: NOW + 301, exp: NOW + 3600 }), opts(),
    { findings: [f("issued_in_future")], absent: ["clock_skew_suspected"] });
  add("clock skew window: nbf 300 s ahead is skew", "§1 clock skew", tok({ sub: "u", nbf: NOW + 300, exp: NOW + 3600 }), opts(),
    { findings: [f("clock_skew_suspected", "warning", "nbf")] });
  add("clock skew window: nbf 301 s ahead is not skew", "§1 clock skew", tok({ sub: "u", nbf: NOW + 301, exp: NOW + 3600 }), opts(),
    { absent: ["clock_skew_suspected"] });

  const exp = NOW - (3 * 3600 + 12 * 60);
  add("expired long ago: ISO 8601 time and \"expired 3 h 12 min ago\", no clock skew warning", "§1 expired",
    sign({ alg: "HS256" }, { sub: "u", iat: exp - 3600, exp }, SECRET), opts(),
    rejected("expired", { findings: [timeFinding("expired", "exp", exp, { detail: { claim: "exp", value: exp, at: "2024-12-31T20:48:00Z" },
      message: ["expired 3 h 12 min ago", "2024-12-31T20:48:00Z"] })], absent: ["clock_skew_suspected"],
    report: { times: { exp: "2024-12-31T20:48:00Z", expiresIn: -11520 } }, checks: { exp: "fail" } }));

  const nbf = NOW + 2 * 86400;
  add("not yet valid for two days: the ISO time and \"in 2 d\", no clock skew warning", "§1 not_yet_valid",
    tok({ sub: "u", nbf, exp: nbf + 3600 }), opts(),
    rejected("not_yet_valid", { findings: [timeFinding("not_yet_valid", "nbf", nbf, { message: ["in 2 d", "2025-01-03T00:00:00Z"] })],
      absent: ["clock_skew_suspected"] }));

  token = tok({ sub: "u", iat: NOW - 7200, exp: NOW + 3600 });
  add("token_too_old: issued 2 h ago with maxTokenAge 1 h (check iat)", "§1 token_too_old", token, opts({ maxTokenAge: 3600 }),
    rejected("token_too_old", { findings: [f("token_too_old", "error", "iat",
      { detail: { claim: "iat", value: NOW - 7200, at: iso(NOW - 7200), maxTokenAge: 3600 }, message: ["2 h"] })] }));
  add("token_too_old: issued 2 h ago with maxTokenAge 2 h is fine", "§1 token_too_old", token, opts({ maxTokenAge: 7200 }), { valid: true });
  add("maxTokenAge without iat in the token: claim_missing under iat", "§1 token_too_old",
    tok({ sub: "u", exp: NOW + 3600 }), opts({ maxTokenAge: 3600 }),
    rejected("claim_missing", { findings: [f("claim_missing", "error", "iat", { detail: { claim: "iat" } })] }));

  for (const claim of ["exp", "nbf", "iat"]) {
    const ms = (NOW + (claim === "exp" ? 3600 : -60)) * 1000;
    add(`timestamp_milliseconds: ${claim} in milliseconds`, "§1 timestamp_milliseconds",
      tok({ sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: ms }), opts(),
      rejected("timestamp_milliseconds", { findings: [f("timestamp_milliseconds", "error", claim,
        { detail: { claim, value: ms, seconds: ms / 1000 }, message: ["milliseconds"] })], absent: ["expired", "not_yet_valid"] }));
    const value = String(NOW + (claim === "exp" ? 3600 : -60));
    add(`claim_type_invalid: ${claim} as a numeric string`, "§1 claim_type_invalid",
      tok({ sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: value }), opts(),
      rejected("claim_type_invalid", { findings: [f("claim_type_invalid", "error", claim, { detail: { claim, value }, hint: ["string", value] })] }));
  }

  add("no_expiry: no exp at all is a warning under exp", "§1 no_expiry", tok({ sub: "u", iat: NOW }), opts(),
    { valid: true, findings: [f("no_expiry", "warning", "exp")], checks: { exp: "warn" } });
  add("short_lifetime: exp − iat = 40 s is a warning under exp", "§1 short_lifetime", tok({ sub: "u", iat: NOW - 10, exp: NOW + 30 }), opts(),
    { valid: true, findings: [f("short_lifetime", "warning", "exp", { detail: { lifetimeSeconds: 40 } })] });
  add("long_lifetime: exp − iat = 30 days is a warning under exp", "§1 long_lifetime",
    tok({ sub: "u", iat: NOW - 10, exp: NOW - 10 + 30 * 86400 }), opts(),
    { valid: true, findings: [f("long_lifetime", "warning", "exp", { detail: { lifetimeSeconds: 30 * 86400 } })] });
  add("a 1 h lifetime gets neither lifetime warning", "§1 short_lifetime", tok({ sub: "u", iat: NOW - 10, exp: NOW + 3590 }), opts(),
    { report: { findings: [] } });
  add("without iat the lifetime counts from nbf", "§1 short_lifetime", tok({ sub: "u", nbf: NOW - 10, exp: NOW + 20 }), opts(),
    { findings: [f("short_lifetime", "warning", "exp")] });

  const NEAR = [
    ["trailing_slash", "https://auth.example.com/", "https://auth.example.com"],
    ["trailing_slash", "https://auth.example.com", "https://auth.example.com/"],
    ["case", "https://Auth.Example.com", "https://auth.example.com"],
    ["scheme", "http://auth.example.com", "https://auth.example.com"],
    ["host", "http://localhost:8080/realms/app", "https://auth.example.com/realms/app"],
    ["host", "https://auth.staging.example.com/realms/app", "https://auth.example.com/realms/app"],
  ];
  for (const [kind, actual, expected] of NEAR) {
    add(`issuer_mismatch nearMiss ${kind}: iss ${actual} vs expected ${expected}`, "§1 issuer_mismatch",
      tok(claims({ iss: actual })), opts({ issuer: expected }),
      rejected("issuer_mismatch", { findings: [f("issuer_mismatch", "error", "iss",
        { detail: { nearMiss: kind, expected, actual }, message: [actual, expected] })] }));
    const aud = ["account", actual];
    add(`audience_mismatch nearMiss ${kind}: aud array [account, ${actual}] vs expected ${expected}`, "§1 audience_mismatch",
      tok(claims({ aud })), opts({ audience: expected }),
      rejected("audience_mismatch", { findings: [f("audience_mismatch", "error", "aud", { detail: { nearMiss: kind, actual: aud, expected } })] }));
  }
  add("aud array: nearMiss is the kind of the first element that is a near miss", "§1 audience_mismatch",
    tok(claims({ aud: ["account", "http://api.example.com", "https://api.example.com/"] })), opts({ audience: "https://api.example.com" }),
    { findings: [f("audience_mismatch", "error", "aud", { detail: { nearMiss: "scheme" } })] });
  add("issuer_mismatch with no near miss: nearMiss is null", "§1 issuer_mismatch",
    tok(claims({ iss: "https://evil.example/x" })), opts({ issuer: "https://auth.example.com/y" }),
    { findings: [f("issuer_mismatch", "error", "iss", { detail: { nearMiss: null } })] });
  add("one of several expected issuers matches: iss passes", "§1 issuer_mismatch",
    tok(claims({ iss: "https://b.example" })), opts({ issuer: ["https://a.example", "https://b.example"] }),
    { valid: true, checks: { iss: "pass" } });
  add("audience_mismatch: an aud array that does not contain the expected value", "§1 audience_mismatch",
    tok(claims({ aud: ["api-a", "api-b"] })), opts({ audience: "api-c" }),
    rejected("audience_mismatch", { findings: [f("audience_mismatch", "error", "aud",
      { detail: { actual: ["api-a", "api-b"], nearMiss: null }, message: ["api-c"] })] }));
  add("audience: an aud array that contains the expected value", "§1 audience_mismatch",
    tok(claims({ aud: ["api-a", "api-c"] })), opts({ audience: "api-c" }), { valid: true });
  add("audience: one of several expected audiences matches", "§1 audience_mismatch",
    tok(claims({ aud: "api-c" })), opts({ audience: ["api-x", "api-c"] }), { valid: true });
  add("audience expected but aud absent, issuer expected but iss absent: claim_missing under each", "§1 claim_missing",
    tok(claims()), opts({ audience: "api", issuer: "https://a.example" }),
    { findings: [f("claim_missing", null, "iss", { detail: { claim: "iss" } }), f("claim_missing", null, "aud", { detail: { claim: "aud" } }),
      f("claim_missing", null, null, { count: 2 })] });

  add("subject_mismatch: expected sub differs", "§1 subject_mismatch", tok(claims({ sub: "user-2" })), opts({ subject: "user-1" }),
    rejected("subject_mismatch", { findings: [f("subject_mismatch", "error", "sub", { detail: { expected: "user-1", actual: "user-2" } })] }));
  add("typ_mismatch: an ID token (typ JWT) where an access token (at+jwt) is expected", "§1 typ_mismatch",
    tok(claims(), { typ: "JWT" }), opts({ typ: "at+jwt" }),
    rejected("typ_mismatch", { findings: [f("typ_mismatch", "error", "typ", { detail: { expected: "at+jwt", actual: "JWT" } })] }));
  add("typ: the application/ prefix and case are ignored", "§1 typ_mismatch",
    tok(claims(), { typ: "application/AT+JWT" }), opts({ typ: "at+jwt" }), { valid: true });
  add("typ_mismatch: no typ at all where one is expected", "§1 typ_mismatch",
    sign({ alg: "HS256" }, claims(), SECRET), opts({ typ: "at+jwt" }),
    { findings: [f("typ_mismatch", "error", "typ", { detail: { actual: null } })] });
  add("claim_missing: required claims absent (check required)", "§1 claim_missing",
    tok(claims()), opts({ requiredClaims: ["sub", "email", "roles"] }),
    rejected("claim_missing", { findings: [f("claim_missing", null, "required", { detail: { claim: "email" } }),
      f("claim_missing", null, "required", { detail: { claim: "roles" } }), f("claim_missing", null, null, { count: 2 })],
    checks: { required: "fail" } }));
  add("requiredClaims [\"exp\"] and no exp: claim_missing, not only the no_expiry warning", "§1 claim_missing",
    tok({ sub: "u", iat: NOW }), opts({ requiredClaims: ["exp"] }),
    rejected("claim_missing", { findings: [f("claim_missing", null, null, { detail: { claim: "exp" } })] }));

  add("crit_unsupported: crit lists an extension jwt-doctor does not implement", "§1 crit_unsupported",
    tok(claims(), { crit: ["http://example.invalid/ext"], "http://example.invalid/ext": true }), opts(),
    rejected("crit_unsupported", { findings: [f("crit_unsupported", "error", "crit", { detail: { crit: ["http://example.invalid/ext"] } })],
      checks: { crit: "fail" } }));
  add("crit_unsupported: b64 false (RFC 7797) with crit [\"b64\"]", "§1 crit_unsupported",
    tok(claims(), { b64: false, crit: ["b64"] }), opts(),
    rejected("crit_unsupported", { findings: [f("crit_unsupported", "error", "crit", { detail: { crit: ["b64"], b64: false } })] }));
  add("crit_unsupported: b64 false without crit", "§1 crit_unsupported", tok(claims(), { b64: false }), opts(),
    rejected("crit_unsupported", { findings: [f("crit_unsupported", "error", "crit", { detail: { b64: false } })] }));
  add("claim failure with a good signature: the claim is the main cause", "§1 main cause",
    tok(claims({ iss: "https://auth.example.com/" })), opts({ issuer: "https://auth.example.com" }),
    rejected("issuer_mismatch", { errors: ["issuer_mismatch"], findings: [f("issuer_mismatch", null, null, { detail: { nearMiss: "trailing_slash" } })] }));
  const rsa = keys("rsa");
  add("RS256 with claims checked the same way as HS256 (key as a JWK)", "§1 audience_mismatch",
    sign({ alg: "RS256" }, claims({ aud: "api" }), rsa.privateKey), { key: rsa.publicJwk, algorithms: ["RS256"], audience: "api", now: NOW },
    { valid: true });
}

// ---------------------------------------------------------------------------------------------
// cve: each bug other JWT libraries shipped, as a case jwt-doctor does not have it (issue 5)
// ---------------------------------------------------------------------------------------------

function cveRows() {
  begin("cve");
  const rsa = keys("rsa");
  const p256 = keys("p256");
  const ed = keys("ed");
  const SECRET = secret("cve-secret-Zz1!Xx4#Cc7$Vv0%Bb3^Nn6&Mm9*Ll");
  const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
  const tok = (payload, header = {}) => sign({ alg: "HS256", ...header }, payload, SECRET);

  add("CVE-2024-51744 (golang-jwt): signature invalid AND expired AND not yet valid → the signature is the first error",
    "§1 main cause",
    sign({ alg: "HS256" }, { sub: "u", exp: NOW - 10, nbf: NOW + 10, iat: NOW + 10 }, secret("wrong-secret-Aq1!Sw2#De3$Fr4%Gt5^")), opts(),
    rejected("signature_invalid", { errors: ["signature_invalid", "expired", "not_yet_valid", "issued_in_future"] }));

  for (const claim of ["exp", "nbf", "iat"]) {
    for (const [what, value] of [["the string \"1\"", "1"], ["true", true], ["null", null], ["an array", [NOW + 3600]], ["an object", { t: NOW }]]) {
      const token = tok({ sub: "u", iat: NOW - 60, exp: NOW + 3600, [claim]: value });
      add(`CVE-2026-25537 (jsonwebtoken): ${claim} = ${what} → claim_type_invalid, never treated as absent`, "§1 claim_type_invalid",
        token, opts(), rejected("claim_type_invalid", { findings: [f("claim_type_invalid", "error", claim, { detail: { claim, value } })],
          absent: ["no_expiry", "claim_missing"] }));
      add(`CVE-2026-25537 (jsonwebtoken): ${claim} = ${what}, ${claim} required → claim_type_invalid, not claim_missing`,
        "§1 claim_type_invalid", token, opts({ requiredClaims: [claim] }), rejected("claim_type_invalid", { absent: ["claim_missing"] }));
    }
  }

  add("CVE-2025-30144 (fast-jwt): iss as an array containing the expected issuer → claim_type_invalid, not a match", "§1 claim_type_invalid",
    tok(claims({ iss: ["https://auth.example.com", "https://evil.example"] })), opts({ issuer: "https://auth.example.com" }),
    rejected("claim_type_invalid", { findings: [f("claim_type_invalid", "error", "iss", { detail: { claim: "iss" } })] }));
  add("CVE-2025-30144 (fast-jwt): iss as a one-element array → claim_type_invalid", "§1 claim_type_invalid",
    tok(claims({ iss: ["https://auth.example.com"] })), opts({ issuer: "https://auth.example.com" }), rejected("claim_type_invalid"));

  for (const [iss, expected] of [
    ["auth.example", "https://auth.example.com"],
    ["https://auth.example.com", "https://auth.example.com.evil.example"],
    ["_abc_", "__abc__"],
    ["", "https://auth.example.com"],
  ]) {
    const token = tok(claims({ iss }));
    add(`CVE-2024-53861 (PyJWT): iss ${JSON.stringify(iss)} is only a substring of ${JSON.stringify(expected)} → issuer_mismatch`,
      "§1 issuer_mismatch", token, opts({ issuer: expected }), rejected("issuer_mismatch", { findings: [f("issuer_mismatch", "error", "iss")] }));
    add(`CVE-2024-53861 (PyJWT): iss ${JSON.stringify(iss)} against a list of issuers holding ${JSON.stringify(expected)} → issuer_mismatch`,
      "§1 issuer_mismatch", token, opts({ issuer: [expected, "https://x.example"] }), rejected("issuer_mismatch"));
  }
  add("CVE-2024-53861 (PyJWT): an issuer given as a string is never searched as a sequence of characters", "§1 issuer_mismatch",
    tok(claims({ iss: "a" })), opts({ issuer: "abc" }), rejected("issuer_mismatch"));

  const forge = (hmacKey) => sign({ alg: "HS256", typ: "JWT" }, claims({ sub: "admin" }), hmacKey);
  const forgedBy = (name, key, hmacKey, form, algorithms = ["RS256", "HS256"], more = []) =>
    add(name, "§1 alg_confusion", forge(hmacKey), { key, algorithms, now: NOW },
      rejected("alg_confusion", { findings: [f("alg_confusion", "error", "algorithm", { detail: { forged: true, form } }), ...more] }));

  forgedBy("CVE-2023-48223 (fast-jwt): a PKCS#1 \"BEGIN RSA PUBLIC KEY\" PEM is never an HMAC secret (MAC keyed with it)",
    rsa.pkcs1Pem, rsa.pkcs1Pem, "pem");
  forgedBy("CVE-2023-48223 (fast-jwt): a PKCS#1 PEM is never an HMAC secret (MAC keyed with the SPKI PEM)",
    rsa.pkcs1Pem, rsa.spkiPem, "spki_pem");
  for (const [what, key] of [["leading whitespace", `   \n\t${rsa.spkiPem}`], ["a comment line", `# issuer key, rotated 2024-02\n${rsa.spkiPem}`],
    ["a byte order mark", `\uFEFF${rsa.spkiPem}`], ["garbage around it", `junk${rsa.spkiPem}more junk`]]) {
    forgedBy(`CVE-2026-34950 (fast-jwt): a PEM with ${what} is still a public key (MAC keyed with the text as given)`, key, key, "pem");
    forgedBy(`CVE-2026-34950 (fast-jwt): a PEM with ${what} is still a public key (MAC keyed with the SPKI PEM)`, key, rsa.spkiPem, "spki_pem");
  }
  const jwkText = JSON.stringify(p256.publicJwk);
  forgedBy("CVE-2022-29217 (PyJWT): a public JWK as JSON text is never an HMAC secret", jwkText, jwkText, "jwk_json", ["ES256", "HS256"]);
  for (const [what, pub] of [["ssh-ed25519", ed.publicKey], ["ecdsa-sha2-nistp256", p256.publicKey], ["ssh-rsa", rsa.publicKey]]) {
    const line = sshLine(pub);
    forgedBy(`CVE-2022-29217 (PyJWT): an OpenSSH ${what} line is never an HMAC secret`, line, line, "ssh",
      ["EdDSA", "ES256", "RS256", "HS256"], [f("key_repaired", "info", "key")]);
  }
  for (const [kname, k] of [["RSA", rsa], ["EC", p256], ["OKP", ed]]) {
    for (const [form, key] of [["a PEM", k.spkiPem], ["a JWK", k.publicJwk], ["JWK JSON text", JSON.stringify(k.publicJwk)]]) {
      add(`an ${kname} key as ${form} is never an HMAC key, even when algorithms allows only HS256`, "§1 alg_confusion",
        forge(k.spkiPem), { key, algorithms: ["HS256"], now: NOW }, rejected("alg_confusion", { report: { signature: { verified: false } } }));
    }
  }
  add("a private key is never an HMAC key either: its public half is no HMAC secret", "§1 alg_confusion",
    forge(rsa.spkiPem), { key: rsa.pkcs8Pem, algorithms: ["HS256"], now: NOW },
    rejected("alg_confusion", { findings: [f("alg_confusion", null, null, { detail: { forged: true } })] }));

  add("algorithm mismatch, not confusion: a genuine HS256 token (signed with a real shared secret) checked against an RSA public key is named a configuration mismatch",
    "§1 alg_confusion", sign({ alg: "HS256", typ: "JWT" }, claims({ sub: "user-1" }), secret("issuer-shared-secret-Zx9!Cv8#Bn7$Mm6%")),
    { key: rsa.spkiPem, algorithms: ["RS256", "HS256"], now: NOW },
    rejected("alg_confusion", { findings: [f("alg_confusion", "error", "algorithm", { detail: { forged: false },
      message: ["algorithm mismatch", "configuration mismatch, not an attack"], hint: ["shared secret", "RS256"] })] }));
  add("a JWKS URL pasted as the key is no HMAC secret: key_invalid naming the JWKS URL", "§1 key_invalid",
    sign({ alg: "RS256" }, claims(), rsa.privateKey), { key: "https://issuer.example/.well-known/jwks.json", algorithms: ["RS256"], now: NOW },
    rejected("key_invalid", { findings: [f("key_invalid", "error", "key", { detail: { reason: "url_not_key" }, message: ["URL", "JWKS URL"] })] }));

  const jwks = { keys: [{ ...p256.publicJwk, kid: "ec" }, { ...rsa.publicJwk, kid: "rsa" }] };
  const canonicalRsa = JSON.stringify({ e: rsa.publicJwk.e, kty: "RSA", n: rsa.publicJwk.n });
  for (const [what, header] of [["with kid", { kid: "rsa" }], ["without kid", {}]]) {
    add(`algorithm confusion against a JWK Set of public keys, ${what}: one finding naming the RSA key`, "§1 alg_confusion",
      sign({ alg: "HS256", ...header }, claims({ sub: "admin" }), canonicalRsa), { jwks, algorithms: ["RS256", "ES256", "HS256"], now: NOW },
      rejected("alg_confusion", { findings: [f("alg_confusion", null, null, { count: 1, detail: { forged: true, form: "jwk_canonical", kid: "rsa" } })] }));
  }

  const octSet = { keys: [{ kty: "oct", kid: "k1", k: b64u(SECRET) }] };
  add("CVE-2025-65945 (node-jws): unknown kid + MAC with an empty key → kid_not_found, never verified", "§1 kid_not_found",
    sign({ alg: "HS256", kid: "nope" }, claims(), ""), { jwks: octSet, algorithms: ["HS256"], now: NOW },
    rejected("kid_not_found", { absent: ["verifies_with_other_key"], report: { signature: { verified: false } } }));
  add("CVE-2025-65945 (node-jws): unknown kid signed with the set's only secret → still kid_not_found (info names the key)", "§1 kid_not_found",
    sign({ alg: "HS256", kid: "nope" }, claims(), SECRET), { jwks: octSet, algorithms: ["HS256"], now: NOW },
    rejected("verifies_with_other_key", { explains: "kid_not_found",
      findings: [f("verifies_with_other_key", "info", "signature", { detail: { kid: "k1", thumbprint: null } })] }));
  const emptyMac = sign({ alg: "HS256", kid: "k" }, claims(), "");
  add("CVE-2025-65945 (node-jws): an empty key set → kid_not_found, nothing available", "§1 kid_not_found",
    emptyMac, { jwks: { keys: [] }, algorithms: ["HS256"], now: NOW },
    rejected("kid_not_found", { findings: [f("kid_not_found", null, null, { detail: { available: [] } })] }));
  add("CVE-2025-65945 (node-jws): a set whose only secret is empty → key_invalid empty_secret", "§1 key_invalid",
    emptyMac, { jwks: { keys: [{ kty: "oct", kid: "k", k: "" }] }, algorithms: ["HS256"], now: NOW },
    { valid: false, findings: [f("key_invalid", "error", "key", { detail: { reason: "empty_secret" } })] });
  add("CVE-2025-65945 (node-jws): an empty secret → key_invalid empty_secret", "§1 key_invalid",
    emptyMac, { key: "", algorithms: ["HS256"], now: NOW },
    { valid: false, findings: [f("key_invalid", "error", "key", { detail: { reason: "empty_secret" } })] });

  const token = tok(claims());
  const sig = token.split(".")[2];
  for (const bad of ["!", "*", "$", "\u00e9"]) {
    add(`CVE-2022-25898 (jsrsasign): a signature segment with ${JSON.stringify(bad)} is rejected (part, offset)`, "§1 invalid_base64url",
      `${token.slice(0, token.lastIndexOf(".") + 1)}${sig.slice(0, 10)}${bad}${sig.slice(10)}`, opts(),
      { valid: false, findings: [f("invalid_base64url", "error", "format", { detail: { part: "signature", offset: 10 } })] });
  }
  add("CVE-2022-25898 (jsrsasign): a signature segment with a \".\" makes four parts", "§1 malformed_token",
    `${token.slice(0, token.lastIndexOf(".") + 1)}${sig.slice(0, 10)}.${sig.slice(10)}`, opts(),
    { valid: false, findings: [f("malformed_token")] });
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  if (sig.length !== 43) throw new Error("an HS256 signature is 43 characters: the last carries 2 unused bits");
  for (const flip of [1, 2, 3]) {
    const mangled = token.slice(0, -1) + alphabet[alphabet.indexOf(sig.at(-1)) ^ flip];
    if (!Buffer.from(mangled.split(".")[2], "base64url").equals(Buffer.from(sig, "base64url"))) throw new Error("loose decoding differs");
    add(`CVE-2022-25898 (jsrsasign): non-canonical trailing bits in an HS256 signature (xor ${flip}) are rejected`, "§1 invalid_base64url",
      mangled, opts(), rejected("invalid_base64url", { findings: [f("invalid_base64url", "error", "format", { detail: { part: "signature", offset: 42 } })],
        report: { signature: { verified: false } } }));
  }
  const rs = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const rsSig = rs.split(".")[2];
  if (rsSig.length !== 342) throw new Error("an RS256 signature of 2048 bits is 342 characters");
  add("CVE-2022-25898 (jsrsasign): an RSA signature with a non-canonical last character is rejected", "§1 invalid_base64url",
    rs.slice(0, -1) + alphabet[alphabet.indexOf(rsSig.at(-1)) ^ 1], { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW },
    rejected("invalid_base64url", { report: { signature: { verified: false } } }));
  add("CVE-2022-25898 (jsrsasign): the same RSA token, canonical, verifies without a finding", "§1 invalid_base64url",
    rs, { key: rsa.spkiPem, algorithms: ["RS256"], now: NOW }, { report: { findings: [] } });
}

// ---------------------------------------------------------------------------------------------
// format: transit corruption, structure, base64url and JSON errors, duplicates, limits
// ---------------------------------------------------------------------------------------------

async function formatRows() {
  begin("format");
  const SECRET = secret("format-secret-Qq3!Ww6#Ee9$Rr2%Tt5^Yy8&Uu1*");
  const OTHER = secret("format-other-secret-Ii4!Oo7#Pp0$Aa3%Ss6^");
  const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
  const good = sign({ alg: "HS256", typ: "JWT" }, claims(), SECRET);
  const wrongKey = sign({ alg: "HS256", typ: "JWT" }, claims(), OTHER);
  const corruption = (code, repairedVerifies, severity = "error") => f(code, severity, "format", { detail: { repairedVerifies } });

  add("bearer_prefix: a single leading \"Bearer \" is stripped silently (info); the token is valid", "§1 bearer_prefix",
    `Bearer ${good}`, opts(), { valid: true, findings: [corruption("bearer_prefix", true, "info")],
      report: { token: { repaired: ["bearer_prefix"], bytes: good.length + 7 } } });
  add("bearer_prefix: the scheme is case-insensitive", "§1 bearer_prefix", `bearer ${good}`, opts(), { valid: true });

  const CORRUPTIONS = [
    ["double_bearer", "Bearer Bearer", `Bearer Bearer ${good}`],
    ["url_encoded", "%2E", good.replace(/\./g, "%2E")],
    ["url_encoded", "Bearer%20", `Bearer%20${good}`],
    ["quoted_token", "double quotes", `"${good}"`],
    ["quoted_token", "single quotes", `'${good}'`],
    ["whitespace_in_token", "line breaks", `${good.slice(0, 40)}\n${good.slice(40, 90)}\r\n${good.slice(90)}`],
    ["whitespace_in_token", "a space", `${good.slice(0, 30)} ${good.slice(30)}`],
    ["base64_padding", "a trailing =", `${good}=`],
  ];
  for (const [code, what, received] of CORRUPTIONS) {
    add(`${code} (${what}) is an error; the repaired token verifies`, `§1 ${code}`, received, opts(),
      rejected(code, { findings: [corruption(code, true)],
        report: { signature: { verified: true }, token: { bytes: Buffer.byteLength(received) } } }));
    const bad = received.split(good).join(wrongKey);
    if (bad !== received) {
      add(`${code} (${what}) of a token signed with another key: repairedVerifies false`, `§1 ${code}`, bad, opts(),
        { findings: [corruption(code, false)] });
    }
  }
  add("url_encoded names the escapes seen (%2E, %3D, %20)", "§1 url_encoded",
    `Bearer%20${good.replace(/\./g, "%2E")}%3D`, opts(),
    { findings: [f("url_encoded", "error", "format", { detail: { repairedVerifies: true, sequences: ["%20", "%2E", "%3D"] } }),
      f("base64_padding", "error", "format")] });
  add("whitespace_in_token gives the byte offset of the first whitespace", "§1 whitespace_in_token",
    `${good.slice(0, 50)}\n${good.slice(50)}`, opts(), { findings: [f("whitespace_in_token", null, null, { detail: { offset: 50 } })] });

  add("whitespace_in_token: one space is \"1 space\"", "§1 whitespace_in_token",
    `${good.slice(0, 30)} ${good.slice(30)}`, opts(), { findings: [f("whitespace_in_token", null, null, { message: ["contains 1 space ("] })] });

  // common pastes: a `curl -v` request line, an OAuth token response
  add("a `curl -v` request header line (\"> Authorization: Bearer …\") is a header paste: bearer_prefix, no whitespace finding",
    "§1 bearer_prefix", `> Authorization: Bearer ${good}`, opts(),
    { valid: true, findings: [f("bearer_prefix", "info", "format", { detail: { authorizationHeader: true } })], absent: ["whitespace_in_token"] });
  const response = JSON.stringify({ access_token: good, token_type: "Bearer", expires_in: 3600, scope: "read" }, null, 2);
  add("an OAuth token response pasted whole: its access_token is read, and the report says so", "§1 transit corruption",
    response, opts(), { valid: true, findings: [f("token_response", "info", "format", { detail: { field: "access_token" }, message: ["access_token"] })],
      absent: ["invalid_base64url", "malformed_token"] });
  // a signature cut short: one message in characters, wherever the cut falls
  for (const cut of [1, 2, 3, 4, 10]) {
    const [hh, pp, ss] = good.split(".");
    add(`a signature cut ${cut} character${cut === 1 ? "" : "s"} short: "the signature is ${cut} character${cut === 1 ? "" : "s"} short"`,
      "§1 signature_length", `${hh}.${pp}.${ss.slice(0, ss.length - cut)}`, opts(),
      rejected("signature_length", { findings: [f("signature_length", "error", "signature", { count: 1, detail: { missingChars: cut, expectedChars: 43 },
        message: [`the signature is ${cut} character${cut === 1 ? "" : "s"} short`] })], absent: ["invalid_base64url", "signature_invalid"] }));
  }

  let plusSlash;
  for (let i = 0; !plusSlash; i++) {
    const t = sign({ alg: "HS256" }, claims({ n: i }), SECRET);
    if (/[-_]/.test(t.split(".")[2])) plusSlash = t;
  }
  const [h, p, s] = plusSlash.split(".");
  add("not_base64url: standard base64 ('+' '/') instead of base64url, in the part that has them", "§1 not_base64url",
    `${h}.${p}.${s.replace(/-/g, "+").replace(/_/g, "/")}`, opts(),
    rejected("not_base64url", { findings: [f("not_base64url", "error", "format", { detail: { repairedVerifies: true, part: "signature" } })],
      report: { signature: { verified: true } } }));
  add("several corruptions at once are each named", "§1 transit corruption", `"Bearer Bearer ${good}="`, opts(),
    { findings: ["double_bearer", "quoted_token", "base64_padding"].map((c) => corruption(c, true)) });

  for (const [what, token, parts] of [
    ["two parts", good.slice(0, good.lastIndexOf(".")), 2],
    ["four parts", `${good}.AAAA`, 4],
    ["one part", "eyJhbGciOiJIUzI1NiJ9", 1],
  ]) {
    add(`malformed_token: ${what}`, "§1 malformed_token", token, opts(),
      rejected("malformed_token", { findings: [f("malformed_token", "error", "format", { detail: { parts } })], report: { header: null } }));
  }
  add("malformed_token: an empty string", "§1 malformed_token", "", opts(), rejected("malformed_token"));

  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims())))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(new Uint8Array(32).fill(7));
  if (jwe.split(".").length !== 5) throw new Error("a compact JWE has five parts");
  add("encrypted_token: a real compact JWE (five parts) is recognised, not called malformed", "§1 encrypted_token", jwe, opts(),
    rejected("encrypted_token", { findings: [f("encrypted_token", "error", "format", { hint: ["decrypt"] })], absent: ["malformed_token"] }));

  for (const [part, index] of [["header", 0], ["payload", 1], ["signature", 2]]) {
    const parts = good.split(".");
    parts[index] = `${parts[index].slice(0, 5)}!${parts[index].slice(6)}`;
    add(`invalid_base64url in the ${part}: detail.part and byte offset`, "§1 invalid_base64url", parts.join("."), opts(),
      rejected("invalid_base64url", { findings: [f("invalid_base64url", "error", "format",
        { detail: { part, offset: 5, tokenOffset: parts.slice(0, index).join(".").length + (index ? 1 : 0) + 5 } })] }));
  }
  const text = '{"alg":"HS256",}';
  add("invalid_json in the header: detail.part header and the byte offset of the error", "§1 invalid_json",
    `${b64u(text)}.${b64u(JSON.stringify(claims()))}.${good.split(".")[2]}`, opts(),
    rejected("invalid_json", { findings: [f("invalid_json", "error", "format", { detail: { part: "header", offset: text.indexOf("}") } })] }));
  add("invalid_json in the payload (not UTF-8)", "§1 invalid_json",
    `${good.split(".")[0]}.${b64u(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))}.${good.split(".")[2]}`, opts(),
    { findings: [f("invalid_json", "error", "format", { detail: { part: "payload" } })] });
  for (const [what, payload] of [["an array", "[1,2]"], ["a string", '"sub"'], ["a number", "1735689600"]]) {
    add(`payload_not_object: the payload is ${what}`, "§1 payload_not_object", sign({ alg: "HS256" }, payload, SECRET), opts(),
      rejected("payload_not_object", { findings: [f("payload_not_object", "error", "format", { detail: { part: "payload", offset: 0 } })] }));
  }

  const header = '{"alg":"HS256","typ":"JWT","alg":"none"}';
  add("duplicate_member in the header (alg twice): part header, member, byte offset", "§1 duplicate_member",
    sign(header, claims(), SECRET, { alg: "HS256" }), opts(),
    rejected("duplicate_member", { findings: [f("duplicate_member", "error", "format",
      { detail: { part: "header", member: "alg" } })] }));
  add("duplicate_member in the payload (sub twice)", "§1 duplicate_member",
    sign({ alg: "HS256" }, `{"sub":"user-1","exp":${NOW + 60},"sub":"admin"}`, SECRET), opts(),
    rejected("duplicate_member", { findings: [f("duplicate_member", "error", "format", { detail: { part: "payload", member: "sub" } })] }));
  add("duplicate_member nested in the payload", "§1 duplicate_member",
    sign({ alg: "HS256" }, `{"sub":"u","exp":${NOW + 60},"ctx":{"role":"user","role":"admin"}}`, SECRET), opts(),
    { findings: [f("duplicate_member", null, null, { detail: { member: "role" } })] });

  const big = sign({ alg: "HS256" }, claims({ pad: "x".repeat(17 * 1024) }), SECRET);
  add("token_too_large: over 16 KiB by default", "§1 token_too_large", big, opts(),
    rejected("token_too_large", { findings: [f("token_too_large", "error", "format", { detail: { bytes: big.length, limit: 16 * 1024 } })] }));
  add("token_too_large: maxTokenBytes moves the limit", "§1 token_too_large", big, opts({ maxTokenBytes: 32 * 1024 }), { valid: true });
  add("token_too_large: a token exactly at the limit is fine", "§1 token_too_large", good, opts({ maxTokenBytes: good.length }), { valid: true });
  add("token_too_large: a Bearer prefix counts (bytes as received)", "§1 token_too_large", `Bearer ${good}`, opts({ maxTokenBytes: good.length }),
    rejected("token_too_large"));

  const nest = (depth) => {
    let v = 1;
    for (let i = 1; i < depth; i++) v = i % 2 ? { a: v } : [v];
    return v;
  };
  const at = (depth) => `{"sub":"u","exp":${NOW + 60},"n":${JSON.stringify(nest(depth))}}`;
  add("json_too_deep: a payload nested 32 deep is fine", "§1 json_too_deep", sign({ alg: "HS256" }, at(32), SECRET), opts(),
    { valid: true, absent: ["json_too_deep"] });
  add("json_too_deep: a payload nested 33 deep (objects and arrays) is too deep", "§1 json_too_deep", sign({ alg: "HS256" }, at(33), SECRET), opts(),
    rejected("json_too_deep", { findings: [f("json_too_deep", "error", "format", { detail: { part: "payload" } })] }));
  add("json_too_deep in the header", "§1 json_too_deep",
    sign(`{"alg":"HS256","x":${"[".repeat(40)}${"]".repeat(40)}}`, claims(), SECRET), opts(),
    rejected("json_too_deep", { findings: [f("json_too_deep", null, null, { detail: { part: "header" } })], errors: ["json_too_deep"],
      checks: { format: "fail" } }));
}

// ---------------------------------------------------------------------------------------------
// keys: rotation, algorithm confusion forms, private / repaired / unreadable keys, weak keys,
// JWK use and alg, embedded keys, suspicious kids, secret encodings, signature shape
// ---------------------------------------------------------------------------------------------

async function keyRows() {
  begin("keys");
  const rsa = keys("rsa");
  const rsa2 = keys("rsa2");
  const rsa3 = keys("rsa3");
  const p256 = keys("p256");
  const ed = keys("ed");
  const SECRET = secret("hs-secret-for-keys-Vb7!Lm2#Qw9$Zx4%Rt6^Yp1&");
  const rsaJwk = (k, kid, extra = {}) => ({ ...k.publicJwk, kid, ...extra });
  const rsOpts = (extra = {}) => ({ algorithms: ["RS256"], now: NOW, ...extra });

  let jwks = { keys: [rsaJwk(rsa2, "key-2024-03"), rsaJwk(rsa3, "key-2024-04")] };
  let token = sign({ alg: "RS256", kid: "key-2024-02" }, claims(), rsa.privateKey);
  add("kid_not_found: the token's kid is not in the JWKS, and the message lists the kids that are", "§1 kid_not_found", token, rsOpts({ jwks }),
    rejected("kid_not_found", { findings: [f("kid_not_found", "error", "key", { detail: { kid: "key-2024-02", available: ["key-2024-03", "key-2024-04"] },
      message: ["key-2024-02", "key-2024-03"], hint: ["rotat"] })], absent: ["verifies_with_other_key"] }));
  add("kid_not_found: the same with the JWK Set given as JSON text", "§1 kid_not_found", token, rsOpts({ jwks: JSON.stringify(jwks) }),
    { findings: [f("kid_not_found", null, null, { detail: { available: ["key-2024-03", "key-2024-04"] } })] });

  const thumb = await calculateJwkThumbprint(rsa.publicJwk);
  add("kid A not in the set but the token verifies with key C: kid_not_found + info verifies_with_other_key naming C", "§1 verifies_with_other_key",
    sign({ alg: "RS256", kid: "A" }, claims(), rsa.privateKey), rsOpts({ jwks: { keys: [rsaJwk(rsa2, "B"), rsaJwk(rsa, "C")] } }),
    rejected("verifies_with_other_key", { explains: "kid_not_found",
      findings: [f("verifies_with_other_key", "info", "signature", { detail: { kid: "C", thumbprint: thumb }, message: ['"C"'] })] }));
  token = sign({ alg: "RS256", kid: "A" }, claims(), rsa.privateKey);
  add("kid A is in the set but the token verifies with key B: signature_invalid + verifies_with_other_key naming B", "§1 verifies_with_other_key",
    token, rsOpts({ jwks: { keys: [rsaJwk(rsa2, "A"), rsaJwk(rsa, "B")] } }),
    rejected("verifies_with_other_key", { explains: "signature_invalid",
      findings: [f("verifies_with_other_key", "info", "signature", { detail: { kid: "B", thumbprint: thumb } })] }));
  add("rotation with a wrong kid and no key that verifies: no verifies_with_other_key", "§1 verifies_with_other_key",
    token, rsOpts({ jwks: { keys: [rsaJwk(rsa2, "A"), rsaJwk(rsa3, "B")] } }), rejected("signature_invalid", { absent: ["verifies_with_other_key"] }));
  add("a token without kid is tried against every compatible key of the set", "§1 kid_not_found",
    sign({ alg: "RS256" }, claims(), rsa.privateKey), rsOpts({ jwks: { keys: [rsaJwk(rsa2, "A"), { ...p256.publicJwk, kid: "E" }, rsaJwk(rsa, "B")] } }),
    { valid: true, report: { signature: { kid: "B", keysTried: 2 } } });

  // algorithm confusion
  const canonical = (jwk) =>
    jwk.kty === "RSA" ? JSON.stringify({ e: jwk.e, kty: "RSA", n: jwk.n })
      : jwk.kty === "EC" ? JSON.stringify({ crv: jwk.crv, kty: "EC", x: jwk.x, y: jwk.y })
        : JSON.stringify({ crv: jwk.crv, kty: "OKP", x: jwk.x });
  const forge = (hmacKey, alg = "HS256") => sign({ alg, typ: "JWT" }, claims({ sub: "admin" }), hmacKey);
  const forged = (form) => rejected("alg_confusion", { findings: [f("alg_confusion", "error", "algorithm",
    { detail: { forged: true, form }, message: ["FORGED"] })], report: { signature: { verified: false } } });

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
    token = forge(hmacKey);
    for (const [allowed, algorithms] of [["RS256 allowed", ["RS256"]], ["RS256 and HS256 allowed", ["RS256", "HS256"]], ["no allow-list", undefined]]) {
      add(`alg_confusion forged: HS256 MAC keyed with the RSA public key's ${what}, ${allowed} → form ${form}`, "§1 alg_confusion",
        token, { key, ...(algorithms && { algorithms }), now: NOW }, forged(form));
    }
  }
  for (const alg of ["HS384", "HS512"]) {
    add(`alg_confusion forged with ${alg}`, "§1 alg_confusion", forge(rsa.spkiPem, alg), { key: rsa.spkiPem, now: NOW }, forged("pem"));
  }
  add("alg_confusion forged against a P-256 public key PEM", "§1 alg_confusion", forge(p256.spkiPem),
    { key: p256.spkiPem, algorithms: ["ES256"], now: NOW }, forged("pem"));
  add("alg_confusion forged against a P-256 JWK (canonical JSON)", "§1 alg_confusion", forge(canonical(p256.publicJwk)),
    { key: p256.publicJwk, algorithms: ["ES256"], now: NOW }, forged("jwk_canonical"));
  add("alg_confusion forged against an Ed25519 PEM (SPKI DER)", "§1 alg_confusion", forge(ed.spkiDer),
    { key: ed.spkiPem, algorithms: ["EdDSA"], now: NOW }, forged("spki_der"));
  add("alg_confusion forged against an Ed25519 JWK (JSON text)", "§1 alg_confusion", forge(JSON.stringify(ed.publicJwk)),
    { key: ed.publicJwk, algorithms: ["EdDSA"], now: NOW }, forged("jwk_json"));
  add("alg_confusion, not forged: an HS256 token (MAC with some other secret) against an RSA public key", "§1 alg_confusion",
    forge(secret("unrelated-secret-Hh3!Kk8#Nn2$Pp5%")), { key: rsa.spkiPem, algorithms: ["RS256", "HS256"], now: NOW },
    rejected("alg_confusion", { findings: [f("alg_confusion", "error", "algorithm", { detail: { forged: false, form: null } })], absent: ["signature_invalid"] }));
  const p384 = keys("p384");
  const josePem = await exportSPKI(p384.publicKey);
  const joseJwk = await exportJWK(p384.publicKey);
  add("alg_confusion with jose's exportSPKI", "§1 alg_confusion", forge(josePem), { key: josePem, algorithms: ["ES384"], now: NOW }, forged("pem"));
  add("alg_confusion with jose's exportJWK", "§1 alg_confusion", forge(JSON.stringify(joseJwk)), { key: joseJwk, algorithms: ["ES384"], now: NOW },
    forged("jwk_json"));

  // private, repaired, unreadable keys
  const rsToken = sign({ alg: "RS256" }, claims(), rsa.privateKey);
  const esToken = sign({ alg: "ES256" }, claims(), p256.privateKey);
  const edToken = sign({ alg: "EdDSA" }, claims(), ed.privateKey);
  for (const [what, key, tk, alg, format] of [
    ["PKCS#8 PEM (RSA)", rsa.pkcs8Pem, rsToken, "RS256", "PKCS#8"],
    ["PKCS#8 PEM (EC)", p256.pkcs8Pem, esToken, "ES256", "PKCS#8"],
    ["PKCS#8 PEM (Ed25519)", ed.pkcs8Pem, edToken, "EdDSA", "PKCS#8"],
    ["BEGIN RSA PRIVATE KEY (PKCS#1)", rsa.pkcs1PrivatePem, rsToken, "RS256", "PKCS#1 RSA PRIVATE KEY"],
    ["BEGIN EC PRIVATE KEY (SEC1)", p256.sec1Pem, esToken, "ES256", "SEC1 EC PRIVATE KEY"],
    ["JWK with d (RSA)", rsa.privateJwk, rsToken, "RS256", "JWK with d"],
    ["JWK with d (EC), as JSON text", JSON.stringify(p256.privateJwk), esToken, "ES256", "JWK with d"],
  ]) {
    add(`private_key_supplied: ${what} is a warning; its public half verifies`, "§1 private_key_supplied", tk,
      { key, algorithms: [alg], now: NOW },
      { valid: true, errors: [], findings: [f("private_key_supplied", "warning", "key", { detail: { format } })], report: { signature: { verified: true } } });
  }
  const bodyOf = (pem) => pem.split("\n").filter((l) => l && !l.startsWith("-----")).join("\n");
  for (const [what, key, tk, alg, reason] of [
    ["literal \\n from an environment variable", rsa.spkiPem.trimEnd().replace(/\n/g, "\\n"), rsToken, "RS256", "escaped_newlines"],
    ["missing BEGIN/END lines (RSA)", bodyOf(rsa.spkiPem), rsToken, "RS256", "missing_armor"],
    ["missing BEGIN/END lines (EC, one line)", bodyOf(p256.spkiPem).replace(/\n/g, ""), esToken, "ES256", "missing_armor"],
    ["an OpenSSH ssh-rsa line", sshLine(rsa.publicKey), rsToken, "RS256", "openssh"],
    ["an OpenSSH ecdsa-sha2-nistp256 line", sshLine(p256.publicKey), esToken, "ES256", "openssh"],
    ["an OpenSSH ssh-ed25519 line", sshLine(ed.publicKey), edToken, "EdDSA", "openssh"],
  ]) {
    add(`key_repaired (${reason}): ${what} is accepted with an info`, "§1 key_repaired", tk, { key, algorithms: [alg], now: NOW },
      { valid: true, findings: [f("key_repaired", "info", "key", { detail: { reason } })] });
  }
  add("PKCS#1 RSA PUBLIC KEY PEM is a normal format: accepted silently", "§6 key formats", rsToken, rsOpts({ key: rsa.pkcs1Pem }),
    { valid: true, report: { findings: [] } });
  const cert = kept("rsa-certificate", () => {
    const dir = mkdtempSync(join(tmpdir(), "jwt-doctor-cert-"));
    try {
      writeFileSync(join(dir, "key.pem"), rsa.pkcs8Pem, { mode: 0o600 });
      return execFileSync("openssl", ["req", "-x509", "-new", "-key", join(dir, "key.pem"), "-subj", "/CN=issuer.example",
        "-days", "36500", "-sha256"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  add("an X.509 certificate instead of the key is a normal format: accepted silently", "§6 key formats", rsToken, rsOpts({ key: cert }),
    { valid: true, report: { findings: [] } });

  const otherPublic = (name, make) => kept(name, () => make().publicKey.export({ type: "spki", format: "pem" }));
  for (const [what, key, reason] of [
    ["PEM whose base64 body is broken", rsa.spkiPem.replace(/\n(.{10})/, "\n!!!!$1"), "pem_base64"],
    ["BEGIN without a matching END line", rsa.spkiPem.replace("-----END PUBLIC KEY-----", ""), "pem_armor"],
    ["a JWK without n", { kty: "RSA", e: "AQAB" }, "jwk_missing_member"],
    ["a JWK of an unknown kty", { kty: "XYZ", x: "AA" }, "jwk_kty"],
    ["an EC JWK whose point is not on the curve", { ...p256.publicJwk, y: p256.publicJwk.x }, "point_not_on_curve"],
    ["a secp256k1 key", otherPublic("secp256k1-public", () => crypto.generateKeyPairSync("ec", { namedCurve: "secp256k1" })), "unsupported_curve"],
    ["an encrypted private key", kept("rsa-encrypted-private",
      () => rsa.privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-128-cbc", passphrase: "pw-Ee4!" })), "encrypted_private_key"],
    ["an X25519 key-agreement key", otherPublic("x25519-public", () => crypto.generateKeyPairSync("x25519")), "unsupported_key_type"],
  ]) {
    add(`key_invalid: ${what} → detail.reason ${reason}`, "§1 key_invalid", rsToken, rsOpts({ key }),
      rejected("key_invalid", { findings: [f("key_invalid", "error", "key", { detail: { reason } })], report: { signature: { verified: false } } }));
  }

  // weak keys, JWK use / alg
  const weak = keys("rsa1024");
  add("key_too_weak: an RSA key of 1024 bits is an error, even though the signature verifies", "§1 key_too_weak",
    sign({ alg: "RS256" }, claims(), weak.privateKey), rsOpts({ key: weak.spkiPem }),
    rejected("key_too_weak", { findings: [f("key_too_weak", "error", "key", { detail: { bits: 1024, minimum: 2048 } })] }));
  const s16 = secret("sixteen-bytes-#1");
  add("hmac_secret_short: a 16-byte secret for HS256 is a warning", "§1 hmac_secret_short",
    sign({ alg: "HS256" }, claims(), s16), { key: s16, algorithms: ["HS256"], now: NOW },
    { valid: true, findings: [f("hmac_secret_short", "warning", "key", { detail: { bytes: 16, minimum: 32 } })] });
  const s40 = secret("forty-bytes-of-secret-Aa1!Bb2@Cc3#Dd4$Ee");
  add("hmac_secret_short: a 40-byte secret for HS512 (minimum 64)", "§1 hmac_secret_short",
    sign({ alg: "HS512" }, claims(), s40), { key: s40, algorithms: ["HS512"], now: NOW },
    { findings: [f("hmac_secret_short", "warning", "key", { detail: { minimum: 64 } })] });
  add("hmac_secret_short: a 40-byte secret is long enough for HS256", "§1 hmac_secret_short",
    sign({ alg: "HS256" }, claims(), s40), { key: s40, algorithms: ["HS256"], now: NOW }, { absent: ["hmac_secret_short"] });
  add("jwk_use_mismatch: a JWK with use \"enc\"", "§1 jwk_use_mismatch", rsToken, rsOpts({ jwks: { keys: [rsaJwk(rsa, "k", { use: "enc" })] } }),
    rejected("jwk_use_mismatch", { findings: [f("jwk_use_mismatch", "error", "key", { detail: { use: "enc" } })] }));
  add("jwk_use_mismatch: key_ops without \"verify\"", "§1 jwk_use_mismatch", rsToken,
    rsOpts({ key: rsaJwk(rsa, "k", { key_ops: ["encrypt", "wrapKey"] }) }),
    rejected("jwk_use_mismatch", { findings: [f("jwk_use_mismatch", "error", "key", { detail: { keyOps: ["encrypt", "wrapKey"] } })] }));
  add("jwk_alg_mismatch: the JWK says RS512, the token RS256", "§1 jwk_alg_mismatch",
    sign({ alg: "RS256", kid: "k" }, claims(), rsa.privateKey),
    { jwks: { keys: [rsaJwk(rsa, "k", { alg: "RS512" })] }, algorithms: ["RS256", "RS512"], now: NOW },
    rejected("jwk_alg_mismatch", { findings: [f("jwk_alg_mismatch", "error", "key", { detail: { jwkAlg: "RS512", alg: "RS256" } })] }));

  // embedded keys and suspicious kids
  for (const member of ["jwk", "jku", "x5u", "x5c"]) {
    const value = {
      jwk: rsa2.publicJwk, jku: "https://attacker.example/jwks.json", x5u: "https://attacker.example/cert.pem",
      x5c: [bodyOf(rsa2.spkiPem).replace(/\n/g, "")],
    }[member];
    const embedded = f("embedded_key_ignored", "warning", "key", { detail: { members: [member] } });
    add(`embedded_key_ignored: a header ${member} is never trusted (signed by the key it brings)`, "§1 embedded_key_ignored",
      sign({ alg: "RS256", [member]: value }, claims(), rsa2.privateKey), rsOpts({ key: rsa.spkiPem }),
      rejected("signature_invalid", { findings: [embedded] }));
    add(`embedded_key_ignored: a header ${member} with the right key is only a warning`, "§1 embedded_key_ignored",
      sign({ alg: "RS256", [member]: value }, claims(), rsa.privateKey), rsOpts({ key: rsa.spkiPem }),
      { valid: true, findings: [f("embedded_key_ignored", "warning", "key")] });
  }
  for (const kid of ["../../../../etc/passwd", "/dev/null", "x' OR '1'='1", "key|whoami", "$(curl evil)", "k; rm -rf /", "a`id`"]) {
    add(`kid_suspicious: kid ${JSON.stringify(kid)} (warning, check key)`, "§1 kid_suspicious",
      sign({ alg: "HS256", kid }, claims(), SECRET), { key: SECRET, algorithms: ["HS256"], now: NOW },
      { valid: true, findings: [f("kid_suspicious", "warning", "key", { detail: { kid } })] });
  }
  for (const kid of ["key-2024-02", "a1b2c3d4e5f6", "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"]) {
    add(`an ordinary kid is not suspicious: ${kid}`, "§1 kid_suspicious",
      sign({ alg: "HS256", kid }, claims(), SECRET), { key: SECRET, algorithms: ["HS256"], now: NOW }, { absent: ["kid_suspicious"] });
  }

  // secret encodings, both directions: 32 bytes whose base64 has '+' or '/'
  let RAW;
  for (let i = 0; !RAW; i++) {
    const b = crypto.createHash("sha256").update(`seed-${i}`).digest();
    if (/[+/]/.test(b.toString("base64"))) RAW = b;
  }
  for (const enc of ["base64", "base64url", "hex"]) secret(RAW.toString(enc));
  for (const enc of ["base64", "base64url", "hex"]) {
    const text = RAW.toString(enc);
    token = sign({ alg: "HS256" }, claims(), RAW);
    add(`secret_encoding_mismatch: secret given as ${enc} text, signer used the decoded bytes → detail.encoding ${enc}`,
      "§1 secret_encoding_mismatch", token, { key: text, algorithms: ["HS256"], now: NOW },
      rejected("secret_encoding_mismatch", { explains: "signature_invalid", findings: [f("secret_encoding_mismatch", "info", "signature",
        { detail: { encoding: enc }, message: [`${enc}-decoded`] })] }));
    add(`secret_encoding_mismatch: the advice works (secretEncoding ${enc})`, "§1 secret_encoding_mismatch", token,
      { key: text, secretEncoding: enc, algorithms: ["HS256"], now: NOW }, { valid: true });
  }
  const b64text = RAW.toString("base64");
  token = sign({ alg: "HS256" }, claims(), b64text);
  add("secret_encoding_mismatch, other direction: secretEncoding base64 set, but the signer used the base64 text itself",
    "§1 secret_encoding_mismatch", token, { key: b64text, secretEncoding: "base64", algorithms: ["HS256"], now: NOW },
    rejected("secret_encoding_mismatch", { explains: "signature_invalid", findings: [f("secret_encoding_mismatch", "info", "signature", { detail: { encoding: "base64_encoded" }, message: ["encoded"] })] }));
  add("secret_encoding_mismatch, other direction: the same token with the text as the secret verifies", "§1 secret_encoding_mismatch",
    token, { key: b64text, algorithms: ["HS256"], now: NOW }, { valid: true });
  const oct = { kty: "oct", k: RAW.toString("base64url") };
  add("secret_encoding_mismatch, other direction: secret given as bytes (JWK k), signer used its base64url text", "§1 secret_encoding_mismatch",
    sign({ alg: "HS256" }, claims(), oct.k), { key: oct, algorithms: ["HS256"], now: NOW },
    rejected("secret_encoding_mismatch", { explains: "signature_invalid",
      findings: [f("secret_encoding_mismatch", "info", "signature", { detail: { encoding: "base64url_encoded" } })] }));
  add("no secret_encoding_mismatch when no encoding of the secret verifies", "§1 secret_encoding_mismatch",
    sign({ alg: "HS256" }, claims(), secret("a-different-secret-Jj5!Uu7#Oo3$Ii9%")), { key: b64text, algorithms: ["HS256"], now: NOW },
    rejected("signature_invalid", { absent: ["secret_encoding_mismatch"] }));

  // signature shape
  const esOpts = { key: p256.spkiPem, algorithms: ["ES256"], now: NOW };
  token = sign({ alg: "ES256" }, claims(), p256.privateKey, { der: true });
  const derLength = (t) => Buffer.from(t.split(".")[2], "base64url").length;
  add("signature_der_encoded: an ES256 signature in DER, and it verifies once converted", "§1 signature_der_encoded", token, esOpts,
    rejected("signature_der_encoded", { findings: [f("signature_der_encoded", "error", "signature",
      { detail: { expected: 64, actual: derLength(token), verifiesOnceConverted: true } })] }));
  add("signature_der_encoded: a DER signature by another key does not verify once converted", "§1 signature_der_encoded",
    sign({ alg: "ES256" }, claims(), keys("p256b").privateKey, { der: true }), esOpts,
    rejected("signature_der_encoded", { findings: [f("signature_der_encoded", null, null, { detail: { verifiesOnceConverted: false } })] }));
  add("signature_der_encoded for ES384 too", "§1 signature_der_encoded",
    sign({ alg: "ES384" }, claims(), p384.privateKey, { der: true }), { key: p384.publicJwk, algorithms: ["ES384"], now: NOW },
    { findings: [f("signature_der_encoded", "error", "signature", { detail: { expected: 96, verifiesOnceConverted: true } })] });
  add("signature_length: a 63-byte ES256 signature (expected 64)", "§1 signature_length",
    withSignature(esToken, Buffer.from(esToken.split(".")[2], "base64url").subarray(0, 63)), esOpts,
    rejected("signature_length", { findings: [f("signature_length", "error", "signature", { detail: { expected: 64, actual: 63 } })] }));
  const p521 = keys("p521");
  add("signature_length: an ES512 token carrying an ES256-sized signature", "§1 signature_length",
    withSignature(sign({ alg: "ES512" }, claims(), p521.privateKey), Buffer.alloc(64, 7)), { key: p521.spkiPem, algorithms: ["ES512"], now: NOW },
    { findings: [f("signature_length", "error", "signature", { detail: { expected: 132, actual: 64 } })] });
  add("signature_length: an RSA signature cut short (expected = modulus length, 256 bytes)", "§1 signature_length",
    withSignature(rsToken, Buffer.from(rsToken.split(".")[2], "base64url").subarray(0, 255)), rsOpts({ key: rsa.spkiPem }),
    rejected("signature_length", { findings: [f("signature_length", "error", "signature", { detail: { expected: 256, actual: 255 } })] }));
  for (const [what, sig] of [
    ["r = 0 and s = 0", Buffer.alloc(64)],
    ["r = 0", Buffer.concat([Buffer.alloc(32), Buffer.alloc(32, 0x11)])],
    ["s = 0", Buffer.concat([Buffer.alloc(32, 0x11), Buffer.alloc(32)])],
  ]) {
    add(`psychic_signature: ES256 with ${what} (CVE-2022-21449)`, "§1 psychic_signature", withSignature(esToken, sig), esOpts,
      rejected("psychic_signature", { findings: [f("psychic_signature", "error", "signature")], absent: ["signature_invalid"] }));
  }
  add("psychic_signature: r = s = 0 in DER (MAYCAQACAQA) is named as the attack, not only as DER", "§1 psychic_signature",
    withSignature(esToken, Buffer.from("MAYCAQACAQA", "base64url")), esOpts,
    { valid: false, findings: [f("psychic_signature", "error", "signature"),
      f("signature_der_encoded", null, null, { detail: { verifiesOnceConverted: false } })] });
  add("a bad signature is filed under signature; the key check passes", "§3 report: checks",
    withSignature(rsToken, Buffer.alloc(256, 1)), rsOpts({ key: rsa.spkiPem }), { checks: { signature: "fail", key: "pass" } });
  add("a weak key is filed under key", "§3 report: checks", rsToken, rsOpts({ key: weak.spkiPem }),
    { checks: { key: "fail" }, findings: [f("key_too_weak", null, "key")] });
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// providers: every provider of the catalogue (src/provider/catalogue.rs) in its documented
// shape: a correctly configured token is valid with no error, and each mix-up is named with its
// fix, and the fix (the fixed options, or the right token with the same options) is accepted
// ---------------------------------------------------------------------------------------------

function providerRows() {
  begin("providers");
  const rsa = keys("rsa");
  const p256 = keys("p256");
  const RS = (payload, header = {}) => sign({ alg: "RS256", kid: "k1", typ: "JWT", ...header }, claims(payload), rsa.privateKey);
  const opts = (extra = {}) => ({ key: rsa.spkiPem, algorithms: ["RS256"], now: NOW, ...extra });
  /** A correctly configured token: valid, no error, the provider and kind named. */
  const control = (name, token, options, id, kind, more = {}) =>
    add(`${name}: valid, no error, token.provider ${id}, token.kind ${kind}`, "issue 33 provider", token, options,
      { valid: true, errors: [], report: { token: { provider: { id, ...more }, kind } } });
  /** A mix-up named with its fix; then the fix accepted. */
  const mixUp = (name, token, options, code, provider, nearMiss, hint, fix) => {
    add(`${name}: ${code} with ${provider} ${nearMiss}`, "issue 33 mix-up", token, options,
      { valid: false, findings: [f(code, "error", null, { detail: { provider, nearMiss }, hint: [hint] })] });
    add(`${name}: fixed (${fix.what})`, "issue 33 mix-up fixed", fix.token ?? token, fix.options ?? options,
      { valid: true, errors: [] });
  };

  // Microsoft Entra ID
  const TID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const APP = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
  const CLIENT = "0b9f3a4c-1d2e-4f5a-8b7c-6d5e4f3a2b1c";
  const V1 = `https://sts.windows.net/${TID}/`;
  const V2 = `https://login.microsoftonline.com/${TID}/v2.0`;
  const entraAt = RS({ iss: V2, aud: APP, tid: TID, scp: "orders.read", azp: CLIENT, ver: "2.0" });
  control("Entra ID v2 access token", entraAt, opts({ issuer: V2, audience: APP }), "entra", "access", { name: "Microsoft Entra ID (v2 issuer)" });
  control("Entra ID v1 app-only access token", RS({ iss: V1, aud: `api://${APP}`, tid: TID, roles: ["Orders.Read"], ver: "1.0" }),
    opts({ issuer: V1, audience: `api://${APP}` }), "entra", "access", { name: "Microsoft Entra ID (v1 issuer)" });
  control("Entra ID US Government cloud", RS({ iss: `https://login.microsoftonline.us/${TID}/v2.0`, aud: APP, tid: TID, scp: "x" }),
    opts({ issuer: `https://login.microsoftonline.us/${TID}/v2.0`, audience: APP }), "entra", "access");
  control("Entra ID China cloud", RS({ iss: `https://login.partner.microsoftonline.cn/${TID}/v2.0`, aud: APP, tid: TID, scp: "x" }),
    opts({ issuer: `https://login.partner.microsoftonline.cn/${TID}/v2.0`, audience: APP }), "entra", "access");
  control("Azure AD B2C on b2clogin.com", RS({ iss: `https://contoso.b2clogin.com/${TID}/v2.0/`, aud: CLIENT, tfp: "B2C_1_signin", nonce: "n" }),
    opts({ issuer: `https://contoso.b2clogin.com/${TID}/v2.0/`, audience: CLIENT }), "entra", "id", { name: "Azure AD B2C" });
  control("Azure AD B2C on login.microsoftonline.com/tfp", RS({ iss: `https://login.microsoftonline.com/tfp/${TID}/b2c_1_signin/v2.0/`, aud: CLIENT, tfp: "B2C_1_signin" }),
    opts({ issuer: `https://login.microsoftonline.com/tfp/${TID}/b2c_1_signin/v2.0/`, audience: CLIENT }), "entra", "id");
  control("Entra External ID on ciamlogin.com", RS({ iss: `https://${TID}.ciamlogin.com/${TID}/v2.0`, aud: APP, scp: "x" }),
    opts({ issuer: `https://${TID}.ciamlogin.com/${TID}/v2.0`, audience: APP }), "entra", "access", { name: "Microsoft Entra External ID" });
  mixUp("Entra ID v1 token where v2 is expected", RS({ iss: V1, aud: `api://${APP}`, tid: TID, scp: "x" }), opts({ issuer: V2, audience: `api://${APP}` }),
    "issuer_mismatch", "entra", "entra_v1_v2", "accessTokenAcceptedVersion", { what: "accept both issuers", options: opts({ issuer: [V1, V2], audience: `api://${APP}` }) });
  mixUp("Entra ID multi-tenant: the {tenantid} placeholder as the issuer", entraAt, opts({ issuer: "https://login.microsoftonline.com/{tenantid}/v2.0", audience: APP }),
    "issuer_mismatch", "entra", "entra_tenant_placeholder", TID, { what: "the tenant's issuer", options: opts({ issuer: V2, audience: APP }) });
  mixUp("Entra ID multi-tenant: the common endpoint as the issuer", entraAt, opts({ issuer: "https://login.microsoftonline.com/common/v2.0", audience: APP }),
    "issuer_mismatch", "entra", "entra_tenant_placeholder", TID, { what: "the tenant's issuer", options: opts({ issuer: V2, audience: APP }) });
  mixUp("Entra ID: an ID token where the API's access token belongs", RS({ iss: V2, aud: CLIENT, tid: TID, nonce: "n-1", ver: "2.0" }), opts({ issuer: V2, audience: APP }),
    "audience_mismatch", "entra", "entra_id_token", "api://<app id>/.default", { what: "the access token, same options", token: entraAt });
  mixUp("Entra ID: a Microsoft Graph token", RS({ iss: V2, aud: "00000003-0000-0000-c000-000000000000", tid: TID, scp: "User.Read" }), opts({ issuer: V2, audience: APP }),
    "audience_mismatch", "entra", "entra_graph_token", "api://<app id>/.default", { what: "a token for this API, same options", token: entraAt });
  mixUp("Entra ID: client id against the App ID URI", entraAt, opts({ issuer: V2, audience: `api://${APP}` }),
    "audience_mismatch", "entra", "entra_app_id_uri", "expect both", { what: "both audiences", options: opts({ issuer: V2, audience: [APP, `api://${APP}`] }) });

  // Google
  const GCLIENT = "1234567890-abc123def456.apps.googleusercontent.com";
  const googleId = RS({ iss: "https://accounts.google.com", aud: GCLIENT, azp: GCLIENT, email: "a@example.com", email_verified: true });
  const googleOpts = opts({ issuer: ["accounts.google.com", "https://accounts.google.com"], audience: GCLIENT });
  control("Google ID token", googleId, googleOpts, "google", "id", { name: "Google" });
  mixUp("Google: accounts.google.com without its scheme", RS({ iss: "accounts.google.com", aud: GCLIENT }), opts({ issuer: "https://accounts.google.com", audience: GCLIENT }),
    "issuer_mismatch", "google", "google_scheme", "accept both issuers", { what: "both issuers", options: googleOpts });
  mixUp("Google: an opaque OAuth access token (ya29.…)", "ya29.a0AfB_byC1x2y3z4w5v6u7t8s9r0q", googleOpts,
    "malformed_token", "google", "google_access_token", "send the ID token", { what: "the ID token, same options", token: googleId });
  const IAP_AUD = "/projects/123456789/global/backendServices/987654321";
  const iap = sign({ alg: "ES256", kid: "iap1", typ: "JWT" }, claims({ iss: "https://cloud.google.com/iap", aud: IAP_AUD, email: "a@example.com", hd: "example.com" }), p256.privateKey);
  const bothKeys = { keys: [{ ...p256.publicJwk, kid: "iap1", alg: "ES256" }, { ...rsa.publicJwk, kid: "k1", alg: "RS256" }] };
  const iapOpts = { jwks: bothKeys, algorithms: ["ES256", "RS256"], issuer: "https://cloud.google.com/iap", audience: IAP_AUD, now: NOW };
  control("Google IAP assertion", iap, iapOpts, "google", "iap", { name: "Google Identity-Aware Proxy" });
  mixUp("Google: an IAP assertion checked as a Google ID token", iap, { ...iapOpts, issuer: "https://accounts.google.com", audience: GCLIENT },
    "issuer_mismatch", "google", "google_iap_assertion", "https://www.gstatic.com/iap/verify/public_key-jwk", { what: "IAP's issuer and audience", options: iapOpts });
  mixUp("Google: the user's ID token where the IAP assertion belongs", googleId, iapOpts,
    "issuer_mismatch", "google", "google_id_token", "x-goog-iap-jwt-assertion", { what: "the IAP assertion, same options", token: iap });

  // Firebase
  const FB = "https://securetoken.google.com/my-project";
  const FB_COOKIE = "https://session.firebase.google.com/my-project";
  const fbId = RS({ iss: FB, aud: "my-project", user_id: "u1", auth_time: NOW - 100, firebase: { sign_in_provider: "password" } });
  const fbOpts = opts({ issuer: FB, audience: "my-project" });
  control("Firebase ID token", fbId, fbOpts, "firebase", "id", { name: "Firebase Auth" });
  const fbCookie = RS({ iss: FB_COOKIE, aud: "my-project", user_id: "u1", auth_time: NOW - 100 });
  control("Firebase session cookie", fbCookie, opts({ issuer: FB_COOKIE, audience: "my-project" }), "firebase", "session_cookie");
  mixUp("Firebase: another project's ID token", RS({ iss: "https://securetoken.google.com/other-project", aud: "other-project" }), fbOpts,
    "issuer_mismatch", "firebase", "firebase_project", "aud the project id", { what: "that project's issuer and audience", options: opts({ issuer: "https://securetoken.google.com/other-project", audience: "other-project" }) });
  mixUp("Firebase: a session cookie where the ID token is expected", fbCookie, fbOpts,
    "issuer_mismatch", "firebase", "firebase_session_cookie", "verifySessionCookie", { what: "the session cookie's issuer", options: opts({ issuer: FB_COOKIE, audience: "my-project" }) });
  mixUp("Firebase: an ID token where the session cookie is expected", fbId, opts({ issuer: FB_COOKIE, audience: "my-project" }),
    "issuer_mismatch", "firebase", "firebase_id_token", "createSessionCookie", { what: "the session cookie, same options", token: fbCookie });
  const SA = "firebase-adminsdk-abc12@my-project.iam.gserviceaccount.com";
  mixUp("Firebase: a custom token sent to the API", RS({ iss: SA, sub: SA, aud: "https://identitytoolkit.googleapis.com/google.identity.identitytoolkit.v1.IdentityToolkit", uid: "u1" }), fbOpts,
    "issuer_mismatch", "firebase", "firebase_custom_token", "signInWithCustomToken", { what: "the ID token, same options", token: fbId });

  // Amazon Cognito
  const POOL = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
  const CID = "3n4b5urk1ft4fl3mg5e62d9ado";
  const cogAt = RS({ iss: POOL, token_use: "access", client_id: CID, scope: "openid orders/read", username: "alice" });
  const cogId = RS({ iss: POOL, token_use: "id", aud: CID, "cognito:username": "alice", email: "a@example.com" });
  const cogOpts = opts({ issuer: POOL, requiredClaims: ["client_id"] });
  control("Cognito access token", cogAt, cogOpts, "cognito", "access", { name: "Amazon Cognito" });
  control("Cognito ID token", cogId, opts({ issuer: POOL, audience: CID }), "cognito", "id");
  const UPDATED = "https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123";
  control("Cognito access token, updated issuer", RS({ iss: UPDATED, token_use: "access", client_id: CID }), opts({ issuer: UPDATED }), "cognito", "access");
  mixUp("Cognito: an access token checked for an audience", cogAt, opts({ issuer: POOL, audience: CID }),
    "claim_missing", "cognito", "cognito_client_id", "client_id", { what: "client_id required, no audience", options: cogOpts });
  mixUp("Cognito: an ID token where the access token belongs", cogId, cogOpts,
    "claim_missing", "cognito", "cognito_id_token", "AccessToken", { what: "the access token, same options", token: cogAt });
  mixUp("Cognito: another user pool", RS({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other", token_use: "access", client_id: CID }), cogOpts,
    "issuer_mismatch", "cognito", "cognito_user_pool", "user pool id", { what: "the pool's issuer", options: opts({ issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other", requiredClaims: ["client_id"] }) });
  mixUp("Cognito: the updated issuer where the original is expected", RS({ iss: UPDATED, token_use: "access", client_id: CID }), cogOpts,
    "issuer_mismatch", "cognito", "cognito_issuer_configuration", "issuer configuration", { what: "both issuers", options: opts({ issuer: [POOL, UPDATED], requiredClaims: ["client_id"] }) });
  const S3 = "https://cognito-idp.eu-west-1.amazonaws.com.s3.amazonaws.com/eu-west-1_AbCdEf123";
  add("Cognito look-alike: an S3 bucket host named like Cognito's is not Cognito (no provider, no Cognito advice)", "issue 33 look-alike",
    RS({ iss: S3, token_use: "access", client_id: CID }), cogOpts,
    { valid: false, findings: [f("issuer_mismatch", "error", "iss", { detail: { provider: null } })], report: { token: { provider: null, kind: null } } });
  add("Cognito look-alike: with its own issuer expected, valid and not named Cognito", "issue 33 look-alike",
    RS({ iss: S3, token_use: "access", client_id: CID }), opts({ issuer: S3 }),
    { valid: true, errors: [], report: { token: { provider: null, kind: null } } });

  // Auth0
  const T = "https://acme.eu.auth0.com/";
  const API = "https://api.example.com";
  const A0C = "Xq2r9TnB8vK3mP5sL7wQ1zY4uJ6hF0dA";
  const a0At = RS({ iss: T, aud: [API, `${T}userinfo`], azp: A0C, scope: "openid profile read:orders" });
  const a0Opts = opts({ issuer: T, audience: API });
  control("Auth0 access token", a0At, a0Opts, "auth0", "access", { name: "Auth0" });
  const a0Id = RS({ iss: T, aud: A0C, nonce: "n-0S6", sid: "s1", name: "Alice" });
  control("Auth0 ID token checked by its client", a0Id, opts({ issuer: T, audience: A0C }), "auth0", "id");
  mixUp("Auth0: an access token for the API (and /userinfo) checked against the client id", a0At, opts({ issuer: T, audience: A0C }),
    "audience_mismatch", "auth0", "auth0_access_token", "never the client id", { what: "the API identifier as audience", options: a0Opts });
  mixUp("Auth0: a /userinfo-only access token", RS({ iss: T, aud: `${T}userinfo`, azp: A0C, scope: "openid" }), a0Opts,
    "audience_mismatch", "auth0", "auth0_userinfo", `audience=${API}`, { what: "the access token for the API, same options", token: a0At });
  mixUp("Auth0: an ID token where the access token belongs", a0Id, a0Opts,
    "audience_mismatch", "auth0", "auth0_id_token", "audience=<this API's identifier>", { what: "the access token, same options", token: a0At });
  mixUp("Auth0: the issuer without its trailing slash", a0At, opts({ issuer: "https://acme.eu.auth0.com", audience: API }),
    "issuer_mismatch", "auth0", "trailing_slash", "https://acme.eu.auth0.com/", { what: "the issuer with its slash", options: a0Opts });
  mixUp("Auth0: a custom domain's token where the tenant domain is expected", RS({ iss: "https://login.example.com/", aud: [API], scope: "read" }), a0Opts,
    "issuer_mismatch", "auth0", "auth0_custom_domain", "accept both issuers", { what: "both issuers", options: opts({ issuer: [T, "https://login.example.com/"], audience: API }) });
  const A0_SECRET = secret("auth0-client-secret-0123456789abcdefghijklmnopqrstuv");
  const a0Hs = sign({ alg: "HS256", typ: "JWT" }, claims({ iss: T, aud: A0C, nonce: "n-1", sid: "s1" }), A0_SECRET);
  mixUp("Auth0: an HS256 ID token (signed with the client secret) checked with the tenant's keys", a0Hs, opts({ issuer: T, audience: A0C }),
    "alg_not_allowed", "auth0", "auth0_hs256_id_token", "client secret", { what: "the client secret and HS256", options: { key: A0_SECRET, algorithms: ["HS256"], issuer: T, audience: A0C, now: NOW } });

  // Okta
  const ORG = "https://acme.okta.com";
  const AS = `${ORG}/oauth2/default`;
  const oktaAt = RS({ iss: AS, aud: "api://default", cid: "0oa1b2c3d4", uid: "00u1", scp: ["orders.read"], ver: 1 });
  const oktaOpts = opts({ issuer: AS, audience: "api://default" });
  control("Okta custom authorization server access token", oktaAt, oktaOpts, "okta", "access", { name: "Okta (custom authorization server)" });
  control("Okta on okta-emea.com", RS({ iss: "https://acme.okta-emea.com/oauth2/default", aud: "api://default", cid: "c", scp: ["x"] }),
    opts({ issuer: "https://acme.okta-emea.com/oauth2/default", audience: "api://default" }), "okta", "access");
  control("Okta on a custom URL domain", RS({ iss: "https://id.example.com/oauth2/default", aud: "api://default", cid: "c", uid: "u", ver: 1 }),
    opts({ issuer: "https://id.example.com/oauth2/default", audience: "api://default" }), "okta", "access", { name: "Okta (custom authorization server, custom URL domain)" });
  mixUp("Okta: the org authorization server's token where a custom server's is expected", RS({ iss: ORG, aud: ORG, cid: "0oa1b2c3d4", uid: "00u1", ver: 1 }), oktaOpts,
    "issuer_mismatch", "okta", "okta_authorization_server", "its own JWKS", { what: "the org server's issuer and audience", options: opts({ issuer: ORG, audience: ORG }) });
  mixUp("Okta: an ID token where the access token belongs", RS({ iss: AS, aud: "0oa1b2c3d4", idp: "00o1", amr: ["pwd"], nonce: "n", ver: 1 }), oktaOpts,
    "audience_mismatch", "okta", "okta_id_token", "api://default", { what: "the access token, same options", token: oktaAt });

  // Keycloak
  const KC = "https://sso.example.com/realms/shop";
  const kcAt = RS({ iss: KC, typ: "Bearer", azp: "web", aud: ["orders-api", "account"], scope: "openid" });
  const kcOpts = opts({ issuer: KC, audience: "orders-api" });
  control("Keycloak access token", kcAt, kcOpts, "keycloak", "access", { name: "Keycloak" });
  control("Keycloak before 17, under /auth", RS({ iss: "https://sso.example.com/auth/realms/shop", typ: "Bearer", aud: "orders-api" }),
    opts({ issuer: "https://sso.example.com/auth/realms/shop", audience: "orders-api" }), "keycloak", "access", { name: "Keycloak (/auth path)" });
  const KC_SECRET = secret("keycloak-realm-hmac-key-0123456789abcdefghijklmnopqrstuvwxyz0123456789ab");
  mixUp("Keycloak: a refresh token sent as the access token", sign({ alg: "HS512", typ: "JWT" }, claims({ iss: KC, aud: KC, typ: "Refresh", azp: "web", sid: "s1" }), KC_SECRET), kcOpts,
    "alg_not_allowed", "keycloak", "keycloak_refresh_token", "access token", { what: "the access token, same options", token: kcAt });
  mixUp("Keycloak: an ID token where the access token belongs", RS({ iss: KC, typ: "ID", azp: "web", aud: "web", nonce: "n" }), kcOpts,
    "audience_mismatch", "keycloak", "keycloak_id_token", "audience mapper", { what: "the access token, same options", token: kcAt });
  mixUp("Keycloak: the client (azp) expected as the audience", RS({ iss: KC, typ: "Bearer", azp: "web", aud: "account" }), opts({ issuer: KC, audience: "web" }),
    "audience_mismatch", "keycloak", "azp", "audience mapper", { what: "a token with the audience mapper, same options", token: RS({ iss: KC, typ: "Bearer", azp: "web", aud: ["web", "account"] }) });
  mixUp("Keycloak: another realm", RS({ iss: "https://sso.example.com/realms/admin", typ: "Bearer", aud: "orders-api" }), kcOpts,
    "issuer_mismatch", "keycloak", "keycloak_realm", "another realm", { what: "the shop realm's token, same options", token: kcAt });
  mixUp("Keycloak: the internal host (no frontend URL set)", RS({ iss: "http://keycloak:8080/realms/shop", typ: "Bearer", aud: "orders-api" }), kcOpts,
    "issuer_mismatch", "keycloak", "host", "KC_HOSTNAME", { what: "the token issued at the external URL, same options", token: kcAt });

  // GitHub Actions
  const GH = "https://token.actions.githubusercontent.com";
  const ghClaims = { repository: "octo-org/app", repository_owner: "octo-org", ref: "refs/heads/main", event_name: "push", runner_environment: "github-hosted" };
  const ghSub = "repo:octo-org/app:ref:refs/heads/main";
  const gh = RS({ iss: GH, aud: "sts.amazonaws.com", sub: ghSub, ...ghClaims });
  const ghOpts = opts({ issuer: GH, audience: "sts.amazonaws.com", subject: ghSub });
  control("GitHub Actions OIDC token, custom audience", gh, ghOpts, "github", "oidc", { name: "GitHub Actions OIDC" });
  mixUp("GitHub Actions: the default audience where a custom one is expected", RS({ iss: GH, aud: "https://github.com/octo-org", sub: ghSub, ...ghClaims }), ghOpts,
    "audience_mismatch", "github", "github_default_audience", "core.getIDToken('sts.amazonaws.com')", { what: "the token requested with the audience, same options", token: gh });
  mixUp("GitHub Actions: an enterprise's unique issuer", RS({ iss: `${GH}/octo-enterprise`, aud: "sts.amazonaws.com", sub: ghSub, ...ghClaims }), ghOpts,
    "issuer_mismatch", "github", "github_enterprise_issuer", `${GH}/octo-enterprise`, { what: "the enterprise issuer", options: { ...ghOpts, issuer: `${GH}/octo-enterprise` } });
  const envSub = "repo:octo-org/app:environment:production";
  mixUp("GitHub Actions: a job with an environment gets the environment sub", RS({ iss: GH, aud: "sts.amazonaws.com", sub: envSub, environment: "production", ...ghClaims }), ghOpts,
    "subject_mismatch", "github", "github_sub_environment", "environment form", { what: "the environment sub", options: { ...ghOpts, subject: envSub } });
  mixUp("GitHub Actions: a pull_request job's sub", RS({ iss: GH, aud: "sts.amazonaws.com", sub: "repo:octo-org/app:pull_request", ...ghClaims }), ghOpts,
    "subject_mismatch", "github", "github_sub_pull_request", "pull_request", { what: "the pull_request sub", options: { ...ghOpts, subject: "repo:octo-org/app:pull_request" } });

  // GitLab CI
  const GL = "https://gitlab.com";
  const glClaims = { namespace_id: "72", namespace_path: "group", project_id: "20", project_path: "group/project", pipeline_id: "1", pipeline_source: "push", ref: "main", ref_type: "branch", ref_protected: "true", user_login: "alice" };
  const glSub = "project_path:group/project:ref_type:branch:ref:main";
  const gl = RS({ iss: GL, aud: "https://vault.example.com", sub: glSub, ...glClaims });
  const glOpts = opts({ issuer: GL, audience: "https://vault.example.com" });
  control("GitLab CI ID token", gl, glOpts, "gitlab", "id", { name: "GitLab CI ID token" });
  control("GitLab CI ID token, self-managed", RS({ iss: "https://gitlab.example.com", aud: "https://vault.example.com", sub: glSub, ...glClaims }),
    opts({ issuer: "https://gitlab.example.com", audience: "https://vault.example.com" }), "gitlab", "id", { name: "GitLab CI ID token (self-managed)" });
  mixUp("GitLab CI: an ID token for another audience", RS({ iss: GL, aud: "https://gitlab.com", sub: glSub, ...glClaims }), glOpts,
    "audience_mismatch", "gitlab", "gitlab_id_token_audience", "id_tokens", { what: "the ID token declared with the audience, same options", token: gl });
  mixUp("GitLab CI: the removed CI_JOB_JWT", RS({ iss: "gitlab.com", sub: "job_1", ...glClaims }), glOpts,
    "issuer_mismatch", "gitlab", "gitlab_ci_job_jwt", "id_tokens", { what: "an ID token, same options", token: gl });

  // Kubernetes
  const K = "https://kubernetes.default.svc.cluster.local";
  const sa = { namespace: "shop", serviceaccount: { name: "orders", uid: "d1b7c0a2-1111-2222-3333-444455556666" }, pod: { name: "orders-7f9c", uid: "a1b2c3d4-1111-2222-3333-444455556666" } };
  const k8s = RS({ iss: K, aud: ["https://vault.example.com"], sub: "system:serviceaccount:shop:orders", nbf: NOW - 60, "kubernetes.io": sa });
  const k8sOpts = opts({ issuer: K, audience: "https://vault.example.com" });
  control("Kubernetes bound service-account token", k8s, k8sOpts, "kubernetes", "bound", { name: "Kubernetes (bound service-account token)" });
  mixUp("Kubernetes: a bound token for the API server's audience", RS({ iss: K, aud: [K], sub: "system:serviceaccount:shop:orders", "kubernetes.io": sa }), k8sOpts,
    "audience_mismatch", "kubernetes", "kubernetes_audience", "serviceAccountToken.audience", { what: "a projected token with the audience, same options", token: k8s });
  const legacy = sign({ alg: "RS256", kid: "k1" }, { iss: "kubernetes/serviceaccount", sub: "system:serviceaccount:shop:orders",
    "kubernetes.io/serviceaccount/namespace": "shop", "kubernetes.io/serviceaccount/secret.name": "orders-token-x7k2p",
    "kubernetes.io/serviceaccount/service-account.name": "orders", "kubernetes.io/serviceaccount/service-account.uid": "d1b7c0a2-1111-2222-3333-444455556666" }, rsa.privateKey);
  mixUp("Kubernetes: a legacy Secret-based token", legacy, k8sOpts,
    "issuer_mismatch", "kubernetes", "kubernetes_legacy_token", "projected service-account token", { what: "a bound token, same options", token: k8s });

  // Sign in with Apple
  const APPLE = "https://appleid.apple.com";
  const apple = RS({ iss: APPLE, aud: "com.example.app", sub: "001234.abcdef.0123", email: "x@privaterelay.appleid.com", nonce_supported: true });
  const appleOpts = { jwks: bothKeys, algorithms: ["RS256", "ES256"], issuer: APPLE, audience: "com.example.app", now: NOW };
  control("Sign in with Apple identity token", apple, appleOpts, "apple", "id", { name: "Sign in with Apple" });
  mixUp("Apple: the web's Services ID where the bundle ID is expected", RS({ iss: APPLE, aud: "com.example.web", sub: "001234.abcdef.0123" }), appleOpts,
    "audience_mismatch", "apple", "apple_audience", "Services ID", { what: "both client ids", options: { ...appleOpts, audience: ["com.example.app", "com.example.web"] } });
  mixUp("Apple: the client secret sent where the identity token belongs",
    sign({ alg: "ES256", kid: "iap1" }, { iss: "ABCDE12345", iat: NOW - 60, exp: NOW + 3600, aud: APPLE, sub: "com.example.app" }, p256.privateKey), appleOpts,
    "issuer_mismatch", "apple", "apple_client_secret", "id_token Apple returned", { what: "the identity token, same options", token: apple });

  // Supabase
  const SB = "https://abcdefghijklmnop.supabase.co/auth/v1";
  const SB_SECRET = secret("supabase-jwt-secret-0123456789abcdefghijklmnopqrstuv");
  const HS = (payload) => sign({ alg: "HS256", typ: "JWT" }, payload, SB_SECRET);
  const sbAt = HS(claims({ iss: SB, aud: "authenticated", role: "authenticated", sub: "8d0fd2b3-9ca7-4d9e-a95f-9e13dded323e", session_id: "s1", aal: "aal1" }));
  const sbOpts = { key: SB_SECRET, algorithms: ["HS256"], issuer: SB, audience: "authenticated", now: NOW };
  control("Supabase user access token", sbAt, sbOpts, "supabase", "access", { name: "Supabase" });
  mixUp("Supabase: the anon key sent as the user's token", HS({ iss: "supabase", ref: "abcdefghijklmnop", role: "anon", iat: NOW - 60, exp: NOW + 3600 }), sbOpts,
    "issuer_mismatch", "supabase", "supabase_anon_key", "session.access_token", { what: "the user's access token, same options", token: sbAt });
  mixUp("Supabase: the service_role key sent as the user's token", HS({ iss: "supabase", ref: "abcdefghijklmnop", role: "service_role", iat: NOW - 60, exp: NOW + 3600 }), sbOpts,
    "issuer_mismatch", "supabase", "supabase_service_role_key", "on the server", { what: "the user's access token, same options", token: sbAt });

  // Clerk
  const CLERK = "https://clerk.example.com";
  const CLERK_DEV = "https://happy-cat-12.clerk.accounts.dev";
  const clerk = RS({ iss: CLERK, azp: "https://example.com", sid: "sess_2abc", sub: "user_2xyz", v: 2, fva: [0, -1] });
  const clerkDev = RS({ iss: CLERK_DEV, azp: "http://localhost:3000", sid: "sess_2abc", sub: "user_2xyz" });
  control("Clerk session token, production instance", clerk, opts({ issuer: CLERK }), "clerk", "session", { name: "Clerk (production instance)" });
  control("Clerk session token, development instance", clerkDev, opts({ issuer: CLERK_DEV }), "clerk", "session", { name: "Clerk (development instance)" });
  mixUp("Clerk: a session token checked for an audience", clerk, opts({ issuer: CLERK, audience: "https://example.com" }),
    "claim_missing", "clerk", "clerk_session_token", "authorizedParties", { what: "no audience (azp checked by the app)", options: opts({ issuer: CLERK }) });
  mixUp("Clerk: a development instance's token where production is expected", clerkDev, opts({ issuer: CLERK }),
    "issuer_mismatch", "clerk", "clerk_instance", "production instance", { what: "the development issuer", options: opts({ issuer: CLERK_DEV }) });
}

await core();
claimRows();
cveRows();
await formatRows();
await keyRows();
providerRows();
// `node tests/cases/generate.mjs providers` writes only the named suites
const only = process.argv.slice(2);
for (const [name, cases] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  writeFileSync(join(here, `${name}.json`), `${JSON.stringify(cases, null, 1)}\n`);
  console.log(`tests/cases/${name}.json: ${cases.length} cases`);
}
if (storedChanged) {
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${JSON.stringify(stored, null, 1)}\n`);
  console.log(`${keyFile}: written`);
}
