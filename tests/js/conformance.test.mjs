// The conformance vectors through the built wasm package, so the native and wasm builds cannot
// drift: the 516-case compact JWS index, the RFC examples and the Wycheproof primitives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect, verify, verifySignature } from "jwt-doctor";
import { JWS, STRICTER_THAN_UPSTREAM, VECTORS, algsFor, readJson, readJsonl } from "./vectors.mjs";

const skip = VECTORS ? false : "vectors not found, skipped";

test("compact JWS index: every case gives its expected verdict", { skip }, () => {
  const bySource = new Map();
  const failures = [];
  for (const c of readJsonl("compact_jws_index.jsonl")) {
    if (c.extra?.detached_payload !== undefined) continue; // detached content: optional
    const opts = { algorithms: c.extra?.allowed_algs ?? (JWS.has(c.alg) ? [c.alg] : algsFor(c.key)) };
    if (c.key && typeof c.key === "object" && c.key.keys) opts.jwks = c.key;
    else if (c.key != null) opts.key = c.key;
    const expect = STRICTER_THAN_UPSTREAM.has(c.name) ? "invalid" : c.expect;
    const r = inspect(c.token, opts);
    const ok = expect === "valid" ? r.signature.verified === true : r.valid === false;
    const source = c.name.split("-")[0];
    const s = bySource.get(source) ?? { pass: 0, total: 0 };
    s.total++;
    if (ok) s.pass++;
    else failures.push(`${c.name}: expected ${expect}; findings ${r.findings.map((f) => f.code).join(",")}`);
    bySource.set(source, s);
  }
  for (const [source, s] of bySource) console.log(`compact JWS index, ${source}: ${s.pass}/${s.total}`);
  assert.deepEqual(failures, []);
  const total = [...bySource.values()].reduce((n, s) => n + s.total, 0);
  assert.ok(total >= 500, `only ${total} cases read`);
});

test("verify(): the native and wasm signature paths agree on every case of the index", { skip }, async () => {
  let compared = 0;
  const disagreements = [];
  for (const c of readJsonl("compact_jws_index.jsonl")) {
    if (c.extra?.detached_payload !== undefined || c.key == null) continue;
    const opts = { algorithms: c.extra?.allowed_algs ?? (JWS.has(c.alg) ? [c.alg] : algsFor(c.key)), now: 1_000_000_000 };
    if (typeof c.key === "object" && c.key.keys) opts.jwks = c.key;
    else opts.key = c.key;
    // "accepted", or the rejection code plus whether the signature itself verified (a valid
    // JWS whose payload is not a JWT claims set is rejected for that, not for its signature)
    const outcome = async (crypto) => {
      try {
        await verify(c.token, { ...opts, crypto });
        return "accepted";
      } catch (e) {
        if (e instanceof TypeError) return `TypeError`;
        return `rejected:${e.code}${e.report?.signature?.verified ? ":signature-verified" : ""}`;
      }
    };
    const [native, wasm] = [await outcome("native"), await outcome("wasm")];
    compared++;
    if (native !== wasm) disagreements.push(`${c.name}: native ${native}, wasm ${wasm}`);
    const expect = STRICTER_THAN_UPSTREAM.has(c.name) ? "invalid" : c.expect;
    if (expect === "valid" && native !== "accepted" && !native.endsWith(":signature-verified")) {
      disagreements.push(`${c.name}: expected to verify, got ${native}`);
    }
    if (expect === "invalid" && native === "accepted") disagreements.push(`${c.name}: expected rejection`);
  }
  console.log(`verify() native vs wasm: ${compared} cases compared, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements, []);
  assert.ok(compared >= 500);
});

const hex = (s) => Uint8Array.from(Buffer.from(s, "hex"));

function groupKey(g) {
  for (const f of ["publicKeyJwk", "keyJwk", "jwk"]) if (g[f] && typeof g[f] === "object") return g[f];
  for (const f of ["publicKeyDer", "keyDer"]) if (typeof g[f] === "string") return hex(g[f]);
  return null;
}

const shaAlg = (prefix, sha) => ({ "SHA-256": `${prefix}256`, "SHA-384": `${prefix}384`, "SHA-512": `${prefix}512` })[sha] ?? null;

// algFor(group) → [alg, groupIsValidJws] or null to skip the group.
function runFile(rel, algFor) {
  const file = readJson(rel);
  let pass = 0, fail = 0;
  const notes = [];
  for (const g of file.testGroups) {
    const pick = algFor(g);
    if (!pick) continue;
    const [alg, jwsValid] = pick;
    const hmac = alg.startsWith("HS");
    const key = hmac ? null : groupKey(g);
    const hashLen = { 256: 32, 384: 48, 512: 64 }[alg.slice(2)];
    for (const tc of g.tests) {
      let expect = tc.result;
      if (expect === "valid" && !jwsValid) expect = "invalid";
      // a PSS signature re-made with salt = hash length in a file of another salt length is a
      // well-formed JWS signature: either verdict
      if (expect === "invalid" && !jwsValid && tc.comment === `s_len changed to ${hashLen}`) expect = "acceptable";
      let accepted;
      try {
        accepted = verifySignature(alg, hmac ? hex(tc.key) : key, hex(tc.msg), hex(hmac ? tc.tag : tc.sig));
      } catch (e) {
        accepted = false;
        if (expect === "valid") notes.push(`tcId ${tc.tcId}: key did not import: ${e.message}`);
      }
      const ok = expect === "valid" ? accepted : expect === "invalid" ? !accepted : true;
      if (ok) pass++;
      else {
        fail++;
        if (notes.length < 10) notes.push(`tcId ${tc.tcId} (${tc.comment}): expected ${expect}`);
      }
    }
  }
  console.log(`${rel}: ${pass} passed, ${fail} failed`);
  return { pass, fail, notes };
}

test("Wycheproof primitives through the wasm build", { skip }, () => {
  const results = [];
  const v1 = (f) => `wycheproof/testvectors_v1/${f}`;
  for (const [f, alg] of [["ecdsa_secp256r1_sha256_p1363_test.json", "ES256"], ["ecdsa_secp384r1_sha384_p1363_test.json", "ES384"], ["ecdsa_secp521r1_sha512_p1363_test.json", "ES512"], ["ed25519_test.json", "EdDSA"]]) {
    results.push(runFile(v1(f), () => [alg, true]));
  }
  for (const [f, alg] of [["hmac_sha256_test.json", "HS256"], ["hmac_sha384_test.json", "HS384"], ["hmac_sha512_test.json", "HS512"]]) {
    const full = Number(alg.slice(2));
    results.push(runFile(v1(f), (g) => [alg, g.tagSize === full]));
  }
  for (const bits of [2048, 3072, 4096]) {
    for (const sha of [256, 384, 512]) {
      results.push(runFile(v1(`rsa_signature_${bits}_sha${sha}_test.json`), (g) => { const a = shaAlg("RS", g.sha); return a && [a, true]; }));
    }
  }
  for (const f of ["rsa_pss_2048_sha256_mgf1_0_test.json", "rsa_pss_2048_sha256_mgf1_32_test.json", "rsa_pss_2048_sha384_mgf1_48_test.json", "rsa_pss_3072_sha256_mgf1_32_test.json", "rsa_pss_4096_sha256_mgf1_32_test.json", "rsa_pss_4096_sha384_mgf1_48_test.json", "rsa_pss_4096_sha512_mgf1_32_test.json", "rsa_pss_4096_sha512_mgf1_64_test.json", "rsa_pss_misc_test.json"]) {
    results.push(runFile(v1(f), (g) => {
      const alg = shaAlg("PS", g.sha);
      if (!alg) return null;
      const hashLen = { PS256: 32, PS384: 48, PS512: 64 }[alg];
      return [alg, g.mgf === "MGF1" && g.mgfSha === g.sha && g.sLen === hashLen];
    }));
  }
  results.push(runFile("wycheproof/legacy_v0/ecdsa_webcrypto_test.json", (g) => {
    const alg = { "P-256/SHA-256": "ES256", "P-384/SHA-384": "ES384", "P-521/SHA-512": "ES512" }[`${g.jwk?.crv}/${g.sha}`];
    return alg ? [alg, true] : null;
  }));
  const pass = results.reduce((n, r) => n + r.pass, 0);
  const fail = results.reduce((n, r) => n + r.fail, 0);
  console.log(`Wycheproof total: ${pass} passed, ${fail} failed`);
  assert.deepEqual(results.flatMap((r) => r.notes), []);
  assert.equal(fail, 0);
  assert.ok(pass > 5000, `only ${pass} cases ran`);
});

test("RFC examples verify (RFC 7515 A.1–A.4, RFC 7520 §4.1–4.4, RFC 8037 A.4)", { skip }, () => {
  const names = ["rfc7515_A_1_HS256", "rfc7515_A_2_RS256", "rfc7515_A_3_ES256", "rfc7515_A_4_ES512", "rfc7520_4_1_RS256", "rfc7520_4_2_PS384", "rfc7520_4_3_ES512", "rfc7520_4_4_HS256", "rfc8037_A_4_EdDSA"];
  for (const n of names) {
    const v = readJson(`rfc/${n}.json`);
    const cases = Array.isArray(v) ? v : v.cases ?? [v];
    for (const c of cases) {
      const opts = { algorithms: [c.alg] };
      if (c.key?.keys) opts.jwks = c.key; else opts.key = c.key;
      const r = inspect(c.token, opts);
      assert.equal(r.signature.verified, true, `${n}: ${r.findings.map((f) => f.code)}`);
    }
  }
  // RFC 7515 A.5: the unsecured example is refused, naming alg none
  const none = readJson("rfc/rfc7515_A_5_none.json");
  const c = Array.isArray(none) ? none[0] : none.cases?.[0] ?? none;
  const r = inspect(c.token, { algorithms: ["HS256"], key: "x".repeat(32) });
  assert.equal(r.valid, false);
  assert.ok(r.findings.some((f) => f.code === "alg_none"));
});
