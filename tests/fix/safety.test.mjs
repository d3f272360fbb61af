// fixFor() never writes code that would make a verifier accept a forged, unsigned, wrongly keyed
// or long-expired token: for every code of the catalogue that is not a verifier setting (and for
// the fixable codes with details that no setting may fix), no snippet allows an HS* algorithm
// next to a public key, turns a check off, sets a leeway above 300 s or widens the algorithms to
// another family; the findings of attacks get guidance (a note) and no snippet at all.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FINDINGS, FIX_STACKS, fixFor, inspect } from "jwt-doctor";
import { nowS, rsaPair, signToken } from "./helpers.mjs";

const FIXABLE = new Set(["algorithms_unpinned", "expired", "not_yet_valid", "issued_in_future", "issuer_mismatch", "audience_mismatch", "alg_not_allowed", "secret_encoding_mismatch", "kid_not_found"]);
const INSECURE = ["alg_confusion", "alg_none", "signature_invalid", "embedded_key_ignored", "private_key_supplied", "key_too_weak", "signature_missing", "psychic_signature"];

const rsa = rsaPair("k1");
const NOW = nowS();
const ISS = "https://auth.example.com/";
const OPTIONS = { key: rsa.publicPem, algorithms: ["RS256"], issuer: ISS, audience: "api" };

const FAMILY = (a) => (/^HS/.test(a) ? "HMAC" : /^(RS|PS)/.test(a) ? "RSA" : /^ES/.test(a) ? a : /^Ed/.test(a) ? "OKP" : a);

/** Fails when a snippet contains anything that would accept a token it must not. */
function assertSafe(entry, what) {
  const s = entry.snippet;
  if (s === null) return;
  const where = `${what} (${entry.stack}):\n${s}`;
  assert.doesNotMatch(s, /\bHS(256|384|512)\b/, `HMAC next to a public key: ${where}`);
  assert.doesNotMatch(s, /verify_signature|ignoreExpiration|ignoreNotBefore|verify_(exp|nbf|iat|aud|iss)|\b(exp|nbf|iat)\s*:\s*false|["']none["']|allow_anon/i, `a check turned off: ${where}`);
  for (const m of s.matchAll(/clockTolerance:\s*(\d+)/g)) {
    const seconds = entry.stack === "fast-jwt" ? Number(m[1]) / 1000 : Number(m[1]);
    assert.ok(seconds <= 300, `leeway ${seconds} s: ${where}`);
  }
  for (const m of s.matchAll(/(?:leeway=|ofSeconds\()(\d+)/g)) assert.ok(Number(m[1]) <= 300, `leeway ${m[1]} s: ${where}`);
  for (const m of s.matchAll(/(?:algorithms[:=]\s*\[|alg:\s*\[?|jws-algorithms=)([^\]\n]*)/g)) {
    const algs = [...m[1].matchAll(/[A-Z][A-Za-z]*\d*/g)].map((x) => x[0]).filter((a) => /^(HS|RS|PS|ES|Ed)/.test(a));
    assert.ok(new Set(algs.map(FAMILY)).size <= 1, `algorithms of several families ${algs}: ${where}`);
  }
}

/** A report with one finding whose detail tempts every unsafe fix. */
function tempting(code) {
  const f = FINDINGS.find((x) => x.code === code);
  const finding = {
    code, severity: f.severity, check: f.check, message: f.description, hint: f.hint,
    detail: { alg: "HS256", allowed: ["RS256"], forged: true, form: "pem", claim: "exp", leewayNeeded: 86400, offsetSeconds: 86399, nearMiss: "host", expected: ISS, actual: "http://localhost:8080/", encoding: "base64", kid: "gone", available: ["k1"] },
  };
  return {
    valid: false, cause: f.severity === "error" ? { ...finding, explains: null } : null,
    header: { alg: "HS256", typ: "JWT", kid: "gone" }, payload: { iss: "http://localhost:8080/", aud: "api", exp: NOW - 86400 },
    signature: { alg: "HS256", verified: false, kid: null, keysTried: 1, thumbprint: null },
    times: { now: new Date(NOW * 1000).toISOString(), exp: null, expiresIn: -86400, nbf: null, iat: null },
    checks: [], findings: [finding],
  };
}

describe("every code of the catalogue", () => {
  for (const { code } of FINDINGS) {
    test(code, () => {
      const report = tempting(code);
      for (const stack of FIX_STACKS) {
        const entries = fixFor(report, stack, { options: { ...OPTIONS, jwks: undefined } });
        for (const e of entries) assertSafe(e, code);
        if (INSECURE.includes(code)) {
          const e = entries.find((x) => x.code === code);
          assert.ok(e, `no guidance for ${code} (${stack})`);
          assert.equal(e.snippet, null, `code for ${code} (${stack}):\n${e.snippet}`);
          assert.ok(e.note.length > 20);
        }
        if (!FIXABLE.has(code)) {
          assert.ok(entries.every((e) => e.snippet === null), `${code} is no verifier setting, yet ${stack} got code`);
        }
      }
    });
  }
});

describe("fixable codes with causes no setting may fix", () => {
  const cases = [
    ["expired long ago (leeway needed 86400 s > 300 s)", "expired"],
    ["issuer of another host", "issuer_mismatch"],
    ["audience of another host", "audience_mismatch"],
    ["alg of another family (HS256, RS256 allowed)", "alg_not_allowed"],
  ];
  for (const [name, code] of cases) {
    test(name, () => {
      const report = tempting(code);
      if (code === "audience_mismatch") report.findings[0].detail.actual = ["http://localhost:8080/api"];
      for (const stack of FIX_STACKS) {
        const [e] = fixFor(report, stack, { options: { ...OPTIONS, audience: "https://api.example.com/api" } });
        assert.ok(e, `${stack}: no entry`);
        assert.equal(e.snippet, null, `${stack}:\n${e.snippet}`);
        assert.ok(e.note.length > 20);
      }
    });
  }
});

describe("real attack tokens", () => {
  const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const claims = { sub: "admin", iss: ISS, aud: "api", exp: NOW + 600 };
  const tokens = {
    // HS256 keyed with the public key's PEM text: the classic algorithm-confusion forgery
    alg_confusion: signToken({ alg: "HS256", typ: "JWT" }, claims, Buffer.from(rsa.publicPem)),
    alg_none: `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`,
    signature_invalid: signToken({ alg: "RS256", typ: "JWT" }, claims, rsaPair("other").privateKey),
  };
  for (const [code, token] of Object.entries(tokens)) {
    test(code, () => {
      for (const options of [OPTIONS, { ...OPTIONS, algorithms: ["RS256", "HS256"] }]) {
        const report = inspect(token, options);
        assert.ok(report.findings.some((f) => f.code === code), report.findings.map((f) => f.code).join(", "));
        for (const stack of FIX_STACKS) {
          const entries = fixFor(report, stack, { options });
          for (const e of entries) assertSafe(e, code);
          const e = entries.find((x) => x.code === code);
          assert.ok(e && e.snippet === null && e.note, `${stack}: ${JSON.stringify(e)}`);
        }
      }
    });
  }
});

test("a forged token with a fixable near miss: the issuer fix never carries HS* or a big leeway", () => {
  const forged = signToken({ alg: "HS256", typ: "JWT" }, { sub: "admin", iss: ISS, aud: "api", exp: NOW - 40 }, Buffer.from(rsa.publicPem));
  const options = { ...OPTIONS, issuer: "https://auth.example.com", algorithms: ["RS256", "HS256"], leeway: 3600 };
  const report = inspect(forged, options);
  for (const stack of FIX_STACKS) {
    const entries = fixFor(report, stack, { options });
    for (const e of entries) assertSafe(e, "forged + near miss");
    assert.equal(entries.find((e) => e.code === "alg_confusion")?.snippet, null);
    const iss = entries.find((e) => e.code === "issuer_mismatch");
    if (iss?.snippet) assert.match(iss.note, /HS\* left out of algorithms.*|leeway of 3600 s is left out/);
  }
});

test("fixFor() misuse is a TypeError", () => {
  const report = inspect("a.b.c", {});
  assert.throws(() => fixFor(report, "express-jwt"), TypeError);
  assert.throws(() => fixFor(null, "jose"), TypeError);
  assert.throws(() => fixFor(report, "jose", 5), TypeError);
  assert.deepEqual(fixFor(report, "jose"), []);
});

describe("leeway advice only where a clock shows, once per token", () => {
  test("an issuer clock 90 s ahead (iat and nbf): one leeway snippet for both, never two", () => {
    const token = signToken({ alg: "RS256", typ: "JWT" }, { sub: "u", iss: ISS, aud: "api", iat: NOW + 90, nbf: NOW + 90, exp: NOW + 3690 }, rsa.privateKey);
    const options = { ...OPTIONS, now: NOW };
    const report = inspect(token, options);
    assert.equal(report.findings.filter((f) => f.code === "clock_skew_suspected").length, 1);
    for (const stack of FIX_STACKS) {
      const snippets = fixFor(report, stack, { options }).filter((e) => e.snippet !== null && /leeway|clockTolerance|clock_skew|ofSeconds|skew/i.test(e.snippet));
      assert.ok(snippets.length <= 1, `${stack}: ${snippets.length} leeway snippets`);
      const texts = fixFor(report, stack, { options }).map((e) => e.snippet).filter(Boolean);
      assert.equal(new Set(texts).size, texts.length, `${stack}: duplicate snippets`);
    }
  });

  test("a token expired 42 s ago: no clock_skew_suspected and no leeway snippet (the usual cause is a late client)", () => {
    const token = signToken({ alg: "RS256", typ: "JWT" }, { sub: "u", iss: ISS, aud: "api", iat: NOW - 600, exp: NOW - 42 }, rsa.privateKey);
    const options = { ...OPTIONS, now: NOW };
    const report = inspect(token, options);
    assert.ok(!report.findings.some((f) => f.code === "clock_skew_suspected"));
    for (const stack of FIX_STACKS) {
      const e = fixFor(report, stack, { options }).find((x) => x.code === "expired");
      assert.equal(e?.snippet, null, `${stack}: ${e?.snippet}`);
      assert.match(e.note, /no leeway/);
    }
  });

  test("a leeway above an hour is a TypeError (milliseconds given for seconds)", () => {
    assert.throws(() => inspect("a.b.c", { ...OPTIONS, leeway: 30000 }), { name: "TypeError", message: /leeway is 30000 s: at most 3600/ });
    assert.doesNotThrow(() => inspect("a.b.c", { ...OPTIONS, leeway: 3600 }));
  });
});

test("an HS256 token the public key does not forge: guidance for a configuration mismatch, no attack wording, no code", () => {
  const token = signToken({ alg: "HS256", typ: "JWT" }, { sub: "u", iss: ISS, aud: "api", exp: NOW + 600 }, Buffer.from("the-issuer-s-shared-secret-0123456789"));
  const options = { ...OPTIONS, algorithms: ["RS256", "HS256"], now: NOW };
  const report = inspect(token, options);
  const f = report.findings.find((x) => x.code === "alg_confusion");
  assert.equal(f.detail.forged, false);
  for (const stack of FIX_STACKS) {
    const e = fixFor(report, stack, { options }).find((x) => x.code === "alg_confusion");
    assert.equal(e.snippet, null);
    assert.match(e.note, /configuration mismatch, not an attack: the issuer signs with a shared secret/);
  }
});
