// The 18 tokens of ../shared/vectors/attacks.json (known attacks from public test suites, plus two
// positive controls): every attack is rejected with an error, and a finding names the attack.
// Vectors: $JWT_DOCTOR_VECTORS, default <repo>/../shared/vectors; absent → skipped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { inspect, verifyOutcome, secret, safeToLogTest, codes, has, firstError } from "./diagnosis-helpers.mjs";

const dir = process.env.JWT_DOCTOR_VECTORS ?? join(fileURLToPath(new URL("../../", import.meta.url)), "../shared/vectors");
const file = join(dir, "attacks.json");
const cases = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;

const ALL_ALGS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
const payloadOf = (token) => JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));

/**
 * What the victim configured and what jwt-doctor must say, by attack class. `runs` lists the
 * verifier configurations (options) to try; `names` the finding that names the attack and its
 * severity; `main` the expected first error; `detail` extra evidence.
 */
function plan(c) {
  const cls = c.extra.attack_class;
  const victimAlgs = (alg) => [alg];
  if (cls.startsWith("alg-confusion RS256->HS256")) {
    return {
      runs: [
        // the RSA key as the JWK the collector gives, and as the PEM the victim had (no trailing newline)
        [{ key: c.key, algorithms: ["RS256"] }, "spki_pem"],
        [{ key: c.extra.rsa_public_key_pem, algorithms: ["RS256"] }, "pem_newline"],
        [{ key: c.extra.rsa_public_key_pem, algorithms: ["RS256", "HS256"] }, "pem_newline"],
      ],
      names: ["alg_confusion", "error"], main: "alg_confusion", forged: true,
    };
  }
  if (cls.startsWith("alg-confusion (public key as HMAC secret)")) {
    // PyJWT CVE-2022-29217: the victim configured the OpenSSH public key and every algorithm
    return {
      runs: [
        [{ key: c.extra.hmac_secret_that_produces_this_mac, algorithms: ALL_ALGS }, "ssh"],
        [{ key: c.extra.hmac_secret_that_produces_this_mac }, "ssh"],
        [{ key: c.key, algorithms: ALL_ALGS }, null],
      ],
      names: ["alg_confusion", "error"], main: "alg_confusion", forged: true,
    };
  }
  if (cls === "jwk header injection") {
    return { runs: [[{ key: c.key, algorithms: ["RS256"] }]], names: ["embedded_key_ignored", "warning"], main: "signature_invalid" };
  }
  if (cls.startsWith("alg none")) {
    return { runs: [[{ key: c.key, algorithms: ["RS256"] }], [{ key: c.key }]], names: ["alg_none", "error"], main: "alg_none" };
  }
  if (cls.startsWith("ECDSA r=s=0")) {
    return { runs: [[{ key: c.key, algorithms: victimAlgs(c.alg) }]], names: ["psychic_signature", "error"], main: "psychic_signature" };
  }
  if (cls === "empty HMAC key") {
    return {
      runs: [[{ key: c.key, algorithms: victimAlgs(c.alg) }], [{ jwks: { keys: [c.key] }, algorithms: victimAlgs(c.alg) }]],
      names: ["key_invalid", "error"], main: "key_invalid", reason: "empty_secret",
    };
  }
  if (cls === "kid path traversal") {
    return { runs: [[{ key: c.key, algorithms: victimAlgs(c.alg) }]], names: ["kid_suspicious", "warning"], main: "signature_invalid" };
  }
  if (cls.startsWith("null/empty signature")) {
    return { runs: [[{ key: c.key, algorithms: victimAlgs(c.alg) }]], names: ["signature_missing", "error"], main: "signature_missing" };
  }
  if (cls.startsWith("control")) return { runs: [[{ key: c.key, algorithms: victimAlgs(c.alg) }]], valid: true };
  return null;
}

test("attacks.json: 18 cases, every attack class has a plan", (t) => {
  if (!cases) {
    t.skip(`vectors not found (${file}), skipped`);
    return;
  }
  assert.equal(cases.length, 18);
  for (const c of cases) assert.ok(plan(c), `no plan for ${c.extra.attack_class}`);
  assert.equal(cases.filter((c) => c.expect === "invalid").length, 16);
});

for (const c of cases ?? []) {
  test(`attack ${c.name}: ${c.extra.attack_class}`, async () => {
    for (const m of [c.key?.k].filter(Boolean)) secret(m);
    const p = plan(c);
    const iat = payloadOf(c.token).iat;
    const now = typeof iat === "number" ? iat + 60 : 1_735_689_600;
    for (const [options, form] of p.runs) {
      const o = { ...options, now };
      const r = inspect(c.token, o);
      const where = `${c.name} with ${JSON.stringify(Object.keys(options))}: ${JSON.stringify(codes(r))}`;
      if (p.valid) {
        assert.equal(c.expect, "valid");
        assert.equal(r.valid, true, where);
        assert.equal(r.signature.verified, true, where);
        continue;
      }
      assert.equal(c.expect, "invalid");
      assert.equal(r.valid, false, where);
      assert.equal(r.signature.verified, false, where);
      const f = has(r, p.names[0], p.names[1]);
      assert.equal(firstError(r)?.code, p.main, `main cause, ${where}`);
      if (p.names[0] === "alg_confusion") {
        assert.equal(f.detail.forged, form !== null, `forged, ${where}`);
        assert.equal(f.detail.form, form, `form, ${where}`);
        if (form) assert.match(f.message, /FORGED/);
      }
      if (p.reason) assert.equal(f.detail.reason, p.reason);
      if (o.algorithms) {
        const v = await verifyOutcome(c.token, o);
        assert.equal(v.ok, false, `verify() ${where}`);
        assert.equal(v.err.code, p.main, `verify() code, ${where}`);
      }
    }
    if (p.valid) {
      const v = await verifyOutcome(c.token, { ...p.runs[0][0], now });
      assert.equal(v.ok, true, v.err?.message);
    }
  });
}

if (cases) safeToLogTest();
