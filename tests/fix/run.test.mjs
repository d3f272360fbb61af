// Proof by execution: for each fixable cause, a token signed with real keys, its report from
// inspect(), the fix from fixFor(), and the fix RUN in the real library (jose, jsonwebtoken,
// fast-jwt, hono/jwt in Node; PyJWT in python3): the fixed verifier accepts the token, and the
// library configured with the options used (the baseline, written here independently) rejects it.
// Spring is checked as text against its documented property names.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, randomBytes } from "node:crypto";
import { inspect, fixFor } from "jwt-doctor";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { createVerifier } from "fast-jwt";
import { Hono } from "hono";
import { jwt as honoJwt } from "hono/jwt";
import { cleanup, jwksServer, nowS, rsaPair, runJs, runPy, signToken } from "./helpers.mjs";

const ISS = "https://auth.example.com/";
const AUD = "api";
const rsa1 = rsaPair("k1");
const rsa2 = rsaPair("k2");
const NOW = nowS();

function rs(claims = {}, { alg = "RS256", kid = "k1", key = rsa1.privateKey } = {}) {
  return signToken({ alg, typ: "JWT", kid }, { sub: "user-1", iss: ISS, aud: AUD, iat: NOW - 10, exp: NOW + 600, ...claims }, key);
}
function hs(secretBytes, claims = {}) {
  return signToken({ alg: "HS256", typ: "JWT" }, { sub: "user-1", iss: ISS, aud: AUD, iat: NOW - 10, exp: NOW + 600, ...claims }, secretBytes);
}

const pemKey = { pem: rsa1.publicPem };
const base = { key: rsa1.publicPem, algorithms: ["RS256"], issuer: ISS, audience: AUD };
const b64Secret = randomBytes(32).toString("base64");
const textSecret = randomBytes(24).toString("base64"); // the signer uses this text as is
const hexSecret = randomBytes(32).toString("hex");
const phrase = `correct horse battery staple ${randomBytes(8).toString("hex")}!`;

let server;
/**
 * Each scenario: the token, the options the user's verifier has (for inspect and the baseline),
 * the key as the user's code holds it (userKey), the finding code fixed, and per stack what is
 * expected when no code is right ("note": no snippet; "note-accepts": no snippet because the
 * library already accepts the token, which the baseline then proves).
 */
const SCENARIOS = [
  // an exp missed by a little is no sign of a clock (a late client): guidance, no leeway
  { name: "expired 40 s ago (no clock evidence)", code: "expired", token: rs({ exp: NOW - 40, iat: NOW - 340 }),
    options: { ...base, now: NOW + 5 }, userKey: pemKey,
    expect: { hono: "note", jose: "note", jsonwebtoken: "note", "fast-jwt": "note", pyjwt: "note" } },
  { name: "nbf 30 s ahead (clock skew)", code: "not_yet_valid", token: rs({ nbf: NOW + 30 }),
    options: base, userKey: pemKey, expect: { hono: "note" } },
  { name: "iat 30 s ahead (clock skew)", code: "issued_in_future", token: rs({ iat: NOW + 30 }),
    options: base, userKey: pemKey,
    expect: { hono: "note", jose: "note-accepts", jsonwebtoken: "note-accepts", "fast-jwt": "note-accepts" } },
  { name: "issuer differs by a trailing slash", code: "issuer_mismatch", token: rs(),
    options: { ...base, issuer: "https://auth.example.com" }, userKey: pemKey },
  { name: "issuer differs in letter case", code: "issuer_mismatch", token: rs({ iss: "https://Auth.Example.com/" }),
    options: base, userKey: pemKey },
  { name: "audience array holds the audience with a trailing slash", code: "audience_mismatch",
    token: rs({ aud: ["https://api.example.com/", "other"] }),
    options: { ...base, audience: "https://api.example.com" }, userKey: pemKey },
  { name: "PS256 token, only RS256 allowed (same RSA key)", code: "alg_not_allowed", token: rs({}, { alg: "PS256" }),
    options: base, userKey: pemKey },
  { name: "secret base64-decoded by the signer, used as text here", code: "secret_encoding_mismatch",
    token: hs(Buffer.from(b64Secret, "base64")), secret: b64Secret,
    options: { key: b64Secret, algorithms: ["HS256"], issuer: ISS, audience: AUD }, userKey: { secret: Buffer.from(b64Secret) } },
  { name: "secret used as text by the signer, base64-decoded here", code: "secret_encoding_mismatch",
    token: hs(Buffer.from(textSecret)), secret: textSecret,
    options: { key: textSecret, secretEncoding: "base64", algorithms: ["HS256"], issuer: ISS, audience: AUD },
    userKey: { secret: Buffer.from(textSecret, "base64") } },
  { name: "secret hex-decoded by the signer, used as text here", code: "secret_encoding_mismatch",
    token: hs(Buffer.from(hexSecret, "hex")), secret: hexSecret,
    options: { key: hexSecret, algorithms: ["HS256"], issuer: ISS, audience: AUD }, userKey: { secret: Buffer.from(hexSecret) } },
  { name: "the signer keys with the base64 text of the secret", code: "secret_encoding_mismatch",
    token: hs(Buffer.from(Buffer.from(phrase).toString("base64"))), secret: phrase,
    options: { key: phrase, algorithms: ["HS256"], issuer: ISS, audience: AUD }, userKey: { secret: Buffer.from(phrase) } },
  // hardening: jose, jsonwebtoken and fast-jwt accept the token unpinned too; PyJWT and
  // hono/jwt need an algorithm, so there the baseline rejects
  { name: "algorithms not pinned", code: "algorithms_unpinned", valid: true, token: rs(),
    options: { key: rsa1.publicPem, issuer: ISS, audience: AUD }, userKey: pemKey,
    expect: { jose: "hardening", jsonwebtoken: "hardening", "fast-jwt": "hardening" } },
  { name: "rotated key: kid not in the copy of the set", code: "kid_not_found", jwks: true,
    token: rs({}, { kid: "k2", key: rsa2.privateKey }),
    options: { jwks: { keys: [rsa1.jwk] }, algorithms: ["RS256"], issuer: ISS, audience: AUD }, userKey: pemKey },
];

// --- the baseline: each library configured with the options used --------------------------------
const inspectOnly = (o) => { const { key: _k, jwks: _j, secretEncoding: _e, now: _n, ...rest } = o; return rest; };
const BASELINE = {
  async jose(token, k, o) {
    const key = k.pem ? createPublicKey(k.pem) : new Uint8Array(k.secret);
    await jose.jwtVerify(token, key, { issuer: o.issuer, audience: o.audience, algorithms: o.algorithms, clockTolerance: o.leeway });
  },
  async jsonwebtoken(token, k, o) {
    jsonwebtoken.verify(token, k.pem ?? k.secret, { algorithms: o.algorithms, issuer: o.issuer, audience: o.audience, clockTolerance: o.leeway });
  },
  async "fast-jwt"(token, k, o) {
    createVerifier({ key: k.pem ?? k.secret, algorithms: o.algorithms, allowedIss: o.issuer, allowedAud: o.audience, clockTolerance: (o.leeway ?? 0) * 1000 })(token);
  },
  async hono(token, k, o) {
    const app = new Hono();
    const secret = k.pem ?? { kty: "oct", k: k.secret.toString("base64url"), alg: "HS256" };
    app.use("/api/*", honoJwt({ secret, alg: o.algorithms?.[0], verification: { iss: o.issuer, aud: o.audience } }));
    app.get("/api/check", (c) => c.text("ok"));
    const res = await app.request("/api/check", { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`hono answered ${res.status}`);
  },
  async pyjwt(token, k, o) {
    const key = k.pem ? "" : `key = bytes.fromhex(${JSON.stringify(k.secret.toString("hex"))})\n`;
    const args = [`issuer=${JSON.stringify(o.issuer)}`, `audience=${JSON.stringify(o.audience)}`];
    if (o.algorithms) args.push(`algorithms=${JSON.stringify(o.algorithms)}`);
    if (o.leeway) args.push(`leeway=${o.leeway}`);
    const r = await runPy(`import jwt\n${key}payload = jwt.decode(token, key, ${args.join(", ")})`, { token, keyText: k.pem ?? "" });
    if (!r.ok) throw new Error(r.out);
  },
};

async function baselineAccepts(stack, s) {
  try {
    await BASELINE[stack](s.token, s.userKey, inspectOnly(s.options));
    return true;
  } catch {
    return false;
  }
}

/** Runs the fix: the snippet verbatim, with token, key (as the user's code has it) and secret. */
function runFix(stack, snippet, s) {
  if (stack === "pyjwt") return runPy(snippet, { token: s.token, keyText: s.userKey.pem ?? "", secret: s.secret });
  const keyExpr = stack === "jose" && s.userKey.pem ? '(await import("node:crypto")).createPublicKey(process.env.FIX_KEY)' : "process.env.FIX_KEY";
  return runJs(snippet, { token: s.token, keyText: s.userKey.pem ?? "", keyExpr, secret: s.secret, hono: stack === "hono" });
}

before(async () => {
  server = await jwksServer({ keys: [rsa1.jwk, rsa2.jwk] });
});
after(async () => {
  await server?.close();
  cleanup();
});

const STACKS = ["jose", "jsonwebtoken", "fast-jwt", "hono", "pyjwt"];

for (const s of SCENARIOS) {
  describe(s.name, { concurrency: STACKS.length }, () => {
    let report;
    let context;
    before(() => {
      report = inspect(s.token, s.options);
      context = { options: s.options, ...(s.jwks ? { jwksUrl: server.url } : {}) };
    });

    test(`inspect() finds ${s.code}`, () => {
      assert.equal(report.valid, s.valid === true);
      assert.ok(report.findings.some((f) => f.code === s.code), report.findings.map((f) => f.code).join(", "));
    });

    for (const stack of STACKS) {
      test(stack, async () => {
        const entry = fixFor(report, stack, context).find((e) => e.code === s.code);
        assert.ok(entry, `no fix entry for ${s.code} in ${stack}`);
        assert.equal(entry.stack, stack);
        assert.equal(entry.language, stack === "pyjwt" ? "python" : "javascript");
        assert.equal(typeof entry.note, "string");
        const accepted = await baselineAccepts(stack, s);
        const want = s.expect?.[stack];
        if (want === "note" || want === "note-accepts") {
          assert.equal(entry.snippet, null, `${stack} should give a note only, got:\n${entry.snippet}`);
          assert.ok(entry.note.length > 10);
          assert.equal(accepted, want === "note-accepts", `the baseline ${accepted ? "accepts" : "rejects"} the token`);
          return;
        }
        assert.equal(typeof entry.snippet, "string", `no snippet: ${entry.note}`);
        assert.equal(accepted, want === "hardening", `the unfixed ${stack} verifier ${accepted ? "accepts" : "rejects"} the token`);
        const run = await runFix(stack, entry.snippet, s);
        assert.ok(run.ok && /ACCEPTED user-1/.test(run.out), `the fixed ${stack} verifier rejected the token:\n${entry.snippet}\n--- output:\n${run.out}`);
      });
    }

    test("spring (text)", () => {
      const entry = fixFor(report, "spring", context).find((e) => e.code === s.code);
      assert.ok(entry);
      if (entry.snippet === null) return assert.ok(entry.note.length > 10);
      if (entry.language === "java") {
        assert.match(entry.snippet, /JwtTimestampValidator\(Duration\.ofSeconds\(\d+\)\)|NimbusJwtDecoder\.withSecretKey\(new SecretKeySpec\(/);
        return;
      }
      assert.equal(entry.language, "properties");
      // Spring Boot's documented resource-server properties (OAuth2ResourceServerProperties.Jwt)
      const documented = /^spring\.security\.oauth2\.resourceserver\.jwt\.(issuer-uri|jwk-set-uri|audiences|jws-algorithms|public-key-location|principal-claim-name|authorities-claim-name|authorities-claim-delimiter|authority-prefix)=\S+$/;
      const lines = entry.snippet.split("\n").filter((l) => l && !l.startsWith("#"));
      assert.ok(lines.length > 0);
      for (const l of lines) assert.match(l, documented);
    });
  });
}
