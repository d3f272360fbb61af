// Properties through the built package (fast-check), with keys generated here by node:crypto:
// - a token signed by a key verifies with that key (inspect, and verify on both crypto paths),
//   and any single-byte change of its header, payload or signature makes it invalid
//   (HS256, RS256, PS256, ES256, EdDSA);
// - every report lists the 13 checks in their fixed order; `valid` implies no error finding;
// - no report (nor a rejection's findings) holds the secret, the private key or the full token,
//   even when the private key is what the caller passed.
//
//   bash scripts/build.sh && node --test tests/js/properties.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fc from "fast-check";
import { inspect, verify } from "jwt-doctor";

const CHECKS = ["format", "algorithm", "key", "signature", "exp", "nbf", "iat", "iss", "aud", "sub", "typ", "required", "crit"];
const NOW = 1_700_000_000;
const b64u = (x) => Buffer.from(x).toString("base64url");

const pair = (type, opts) => crypto.generateKeyPairSync(type, opts);
const rsa = pair("rsa", { modulusLength: 2048 });
const ec = pair("ec", { namedCurve: "P-256" });
const ed = pair("ed25519");
const hmacSecret = crypto.randomBytes(48).toString("base64url");

const pem = (k) => k.export({ type: "pkcs8", format: "pem" });
const ALGS = {
  HS256: { sign: (data) => crypto.createHmac("sha256", hmacSecret).update(data).digest(), key: hmacSecret, secrets: [hmacSecret] },
  RS256: { sign: (data) => crypto.sign("sha256", data, rsa.privateKey), pair: rsa },
  PS256: {
    sign: (data) => crypto.sign("sha256", data, { key: rsa.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
    pair: rsa,
  },
  ES256: { sign: (data) => crypto.sign("sha256", data, { key: ec.privateKey, dsaEncoding: "ieee-p1363" }), pair: ec },
  EdDSA: { sign: (data) => crypto.sign(null, data, ed.privateKey), pair: ed },
};
for (const a of Object.values(ALGS)) {
  if (!a.pair) continue;
  a.key = a.pair.publicKey.export({ format: "jwk" });
  const priv = a.pair.privateKey.export({ format: "jwk" });
  // what must never show up in a report: every private JWK member, and the PKCS#8 body
  a.privateJwk = priv;
  a.secrets = [...Object.entries(priv).filter(([k]) => ["d", "p", "q", "dp", "dq", "qi"].includes(k)).map(([, v]) => v),
    pem(a.pair.privateKey).split("\n")[1]];
}

const claims = fc.record(
  {
    sub: fc.string({ minLength: 1, maxLength: 16 }),
    iss: fc.webUrl(),
    aud: fc.oneof(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 })),
    jti: fc.uuid(),
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  },
  { requiredKeys: ["sub"] },
);

function sign(alg, payload, kid) {
  const header = kid ? { alg, typ: "JWT", kid } : { alg, typ: "JWT" };
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify({ ...payload, iat: NOW - 10, exp: NOW + 600 }))}`;
  return `${input}.${b64u(ALGS[alg].sign(Buffer.from(input)))}`;
}

function wellFormed(report, token, secrets) {
  assert.deepEqual(report.checks.map((c) => c.check), CHECKS);
  if (report.valid) assert.ok(!report.findings.some((f) => f.severity === "error"), JSON.stringify(report.findings));
  const text = JSON.stringify(report);
  for (const s of secrets) assert.ok(!text.includes(s), "the report holds secret material");
  assert.ok(!text.includes(token), "the report holds the full token");
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const change = fc.record({ at: fc.nat(), by: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...B64URL) }, { weight: 1, arbitrary: fc.constantFrom(" ", "+", "/", "=", "%", '"') }) });

function tamper(token, { at, by }) {
  const i = at % token.length;
  if (token[i] === "." || token[i] === by) return null;
  return token.slice(0, i) + by + token.slice(i + 1);
}

for (const alg of Object.keys(ALGS)) {
  test(`${alg}: signed tokens verify; any single-byte change breaks them`, async () => {
    const { key, secrets } = ALGS[alg];
    const options = { key, algorithms: [alg], now: NOW };
    await fc.assert(
      fc.asyncProperty(claims, change, async (payload, ch) => {
        const token = sign(alg, payload);
        const r = inspect(token, options);
        wellFormed(r, token, secrets);
        assert.equal(r.valid, true, JSON.stringify(r.findings));
        for (const crypto of ["native", "wasm"]) {
          const ok = await verify(token, { ...options, crypto });
          assert.ok(!JSON.stringify(ok).includes(token));
        }
        const bad = tamper(token, ch);
        if (bad === null) return;
        const rb = inspect(bad, options);
        wellFormed(rb, bad, secrets);
        assert.equal(rb.valid, false, `byte ${ch.at % token.length} -> ${JSON.stringify(ch.by)} still verifies`);
        for (const crypto of ["native", "wasm"]) {
          const err = await verify(bad, { ...options, crypto }).then(() => assert.fail(`verify(${crypto}) accepted a changed token`), (e) => e);
          assert.equal(err.name, "JwtError", String(err?.stack ?? err));
          const text = JSON.stringify({ findings: err.findings, report: err.report });
          for (const s of secrets) assert.ok(!text.includes(s));
          assert.ok(!text.includes(bad));
        }
      }),
      { numRuns: alg.startsWith("HS") ? 150 : 60 },
    );
  });
}

test("a private key given as the key: verified with its public half, never echoed", () => {
  for (const alg of ["RS256", "ES256", "EdDSA"]) {
    const { pair: p, secrets, privateJwk } = ALGS[alg];
    for (const key of [pem(p.privateKey), privateJwk, JSON.stringify(privateJwk)]) {
      const token = sign(alg, { sub: "x" });
      const r = inspect(token, { key, algorithms: [alg], now: NOW });
      wellFormed(r, token, secrets);
      assert.equal(r.valid, true, `${alg}: ${JSON.stringify(r.findings)}`);
      assert.ok(r.findings.some((f) => f.code === "private_key_supplied"), alg);
    }
  }
});

test("any string gives a well-formed report", () => {
  const options = [
    { key: hmacSecret, algorithms: ["HS256"], now: NOW },
    { key: ALGS.RS256.key, now: NOW },
    { jwks: { keys: [ALGS.ES256.key, ALGS.EdDSA.key, { kty: "oct", k: hmacSecret }] }, now: NOW },
    { now: NOW },
  ];
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^(Bearer )?[A-Za-z0-9_=+/%. -]{0,200}$/), fc.constantFrom(...options.map(() => sign("HS256", { sub: "s" })))),
      fc.nat(options.length - 1),
      (token, i) => {
        const r = inspect(token, options[i]);
        wellFormed(r, token.length >= 24 ? token : "\u0000never", [hmacSecret]);
        if (r.valid) assert.equal(r.signature.verified, true);
      },
    ),
    { numRuns: 2000 },
  );
});
