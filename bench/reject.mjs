// What a rejected token costs, against an accepted one (SPEC §6 "fast on success, bounded on
// failure"): per algorithm, in one Node process, a verifier over an 8-key JWK Set (kids k0..k7,
// created once with createVerifier), CPU time per call for
//   valid          signed by k3, kid k3
//   wrong key      signed by k5, kid k3 (the full diagnosis would find k5: verifies_with_other_key)
//   unknown kid    signed by k3, kid "retired"
//   expired        signed by k3, exp an hour ago
//   garbage        kid k3, a signature of random bytes of the right length
// then reads `error.report` of a few rejections to show the full diagnosis is still there
// (verifies_with_other_key, secret_encoding_mismatch, a proven alg_confusion) and what reading it
// costs.
//
//   node bench/reject.mjs           about a minute; writes `reject` into bench/results.json
//   node bench/reject.mjs --quick   a smoke run (CI): the checks, tiny counts, nothing written
import { createHmac, generateKeyPairSync, randomBytes, sign as nodeSign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { createVerifier, JwtError } from "jwt-doctor";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
const DURATION = quick ? 20 : 150; // ms per measurement
const ROUNDS = quick ? 1 : 9; // the best of this many interleaved measurements
const LIMIT = 1.5; // the bound of issue 15: a rejection costs at most 1.5x an acceptance

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const b64u = (x) => Buffer.from(x).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const claims = (extra = {}) => ({ iss: "https://issuer.example.com/", sub: "user-1", iat: now - 10, exp: now + 3600, ...extra });

function check(ok, what) {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}

// A signer and a public JWK per algorithm.
function keyPair(alg) {
  if (alg === "HS256") {
    const secret = randomBytes(32);
    return { jwk: { kty: "oct", k: b64u(secret) }, sign: (input) => createHmac("sha256", secret).update(input).digest() };
  }
  const type = { RS256: "rsa", ES256: "ec", EdDSA: "ed25519" }[alg];
  const { privateKey, publicKey } = generateKeyPairSync(type, { RS256: { modulusLength: 2048 }, ES256: { namedCurve: "P-256" }, EdDSA: {} }[alg]);
  const sign = (input) => alg === "EdDSA" ? nodeSign(null, Buffer.from(input), privateKey)
    : nodeSign("sha256", Buffer.from(input), alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey);
  return { jwk: publicKey.export({ format: "jwk" }), sign };
}

function token(alg, kid, signer, payload = claims()) {
  const input = `${b64u(JSON.stringify({ alg, typ: "JWT", kid }))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${b64u(signer(input))}`;
}

// CPU µs per call of `fn` (a promise that may reject), best of the measurement's rounds.
async function perCall(fn) {
  const warm = performance.now() + DURATION / 5;
  while (performance.now() < warm) await fn().catch(() => {});
  let n = 0;
  const c0 = cpuUs();
  const end = performance.now() + DURATION;
  while (performance.now() < end) {
    for (let i = 0; i < 32; i++) await fn().catch(() => {});
    n += 32;
  }
  return (cpuUs() - c0) / n;
}

const rejection = (promise) => promise.then(() => assert(false, "accepted"), (e) => e);
function assert(ok, what) {
  check(ok, what);
}

const ALGS = ["RS256", "ES256", "EdDSA", "HS256"];
const CASES = ["valid", "wrong key", "unknown kid", "expired", "garbage signature"];
const results = {};

for (const alg of ALGS) {
  const pairs = Array.from({ length: 8 }, () => keyPair(alg));
  const jwks = { keys: pairs.map((p, i) => ({ ...p.jwk, kid: `k${i}` })) };
  const verifier = createVerifier({ jwks, algorithms: [alg], issuer: "https://issuer.example.com/" });
  const valid = token(alg, "k3", pairs[3].sign);
  const sigBytes = Buffer.from(valid.slice(valid.lastIndexOf(".") + 1), "base64url").length;
  const tokens = {
    valid,
    "wrong key": token(alg, "k3", pairs[5].sign),
    "unknown kid": token(alg, "retired", pairs[3].sign),
    expired: token(alg, "k3", pairs[3].sign, claims({ iat: now - 7200, exp: now - 3600 })),
    "garbage signature": `${valid.slice(0, valid.lastIndexOf("."))}.${b64u(randomBytes(sigBytes))}`,
  };
  const expected = { "wrong key": "signature_invalid", "unknown kid": "kid_not_found", expired: "expired", "garbage signature": "signature_invalid" };
  check((await verifier.verify(valid)).payload.sub === "user-1", `${alg} valid`);
  for (const [name, code] of Object.entries(expected)) {
    const e = await rejection(verifier.verify(tokens[name]));
    check(e instanceof JwtError && e.code === code, `${alg} ${name}: ${e?.code} (expected ${code})`);
  }
  // the full diagnosis is one read away
  const wrong = await rejection(verifier.verify(tokens["wrong key"]));
  check(!wrong.findings.some((f) => f.code === "verifies_with_other_key"), `${alg}: the bounded check tried another key`);
  const other = wrong.report.findings.find((f) => f.code === "verifies_with_other_key");
  check(other?.detail.kid === "k5", `${alg}: error.report names k5 (${JSON.stringify(other?.detail)})`);

  const us = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of CASES) us[name] = Math.min(us[name] ?? Infinity, await perCall(() => verifier.verify(tokens[name])));
  }
  const reportUs = await perCall(async () => {
    const e = await rejection(verifier.verify(tokens["wrong key"]));
    check(e.report.findings.length > 0, "report");
  });
  results[alg] = {
    us: Object.fromEntries(CASES.map((n) => [n, Math.round(us[n] * 10) / 10])),
    ratio: Object.fromEntries(CASES.slice(1).map((n) => [n, Math.round((us[n] / us.valid) * 100) / 100])),
    wrongKeyWithReportUs: Math.round(reportUs * 10) / 10,
  };
  console.error(`${alg}: done`);
}

// error.report keeps the rest of the diagnosis: the secret's encoding and the forgery proof.
{
  const text = b64u(randomBytes(32));
  const input = `${b64u(JSON.stringify({ alg: "HS256" }))}.${b64u(JSON.stringify(claims()))}`;
  const signed = `${input}.${b64u(createHmac("sha256", Buffer.from(text, "base64url")).update(input).digest())}`;
  const e = await rejection(createVerifier({ key: text, algorithms: ["HS256"] }).verify(signed));
  check(e.code === "signature_invalid" && e.report.findings.some((f) => f.code === "secret_encoding_mismatch"), "secret_encoding_mismatch in error.report");
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = publicKey.export({ type: "spki", format: "pem" });
  const forged = `${input}.${b64u(createHmac("sha256", pem).update(input).digest())}`;
  const c = await rejection(createVerifier({ key: pem, algorithms: ["RS256"] }).verify(forged));
  check(c.code === "alg_confusion" && c.report.findings.some((f) => f.code === "alg_confusion" && f.detail.forged === true), "forged alg_confusion in error.report");
}

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const lines = [`| CPU µs per verify (8-key JWK Set) | ${CASES.join(" | ")} | reading error.report |`, `|---|${CASES.map(() => "---:").join("|")}|---:|`];
for (const alg of ALGS) {
  const r = results[alg];
  lines.push(`| ${alg} | ${CASES.map((n) => (n === "valid" ? fmt(r.us[n]) : `${fmt(r.us[n])} (${r.ratio[n].toFixed(2)}×)`)).join(" | ")} | ${fmt(r.wrongKeyWithReportUs)} |`);
}
const worst = Math.max(...ALGS.flatMap((a) => Object.values(results[a].ratio)));
lines.push("", `worst rejection ÷ valid: ${worst.toFixed(2)}× (bound ${LIMIT}×)`);
console.log(lines.join("\n"));

if (!quick) {
  const file = join(here, "results.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  all.reject = {
    ...results,
    meta: {
      setup: "createVerifier over an 8-key JWK Set with kids; wrong key = signed by k5 with kid k3; garbage = random bytes of the signature's length",
      measure: `CPU µs per call (process user + system), best of ${ROUNDS} interleaved rounds of ${DURATION} ms; wrongKeyWithReportUs also reads error.report`,
      bound: LIMIT,
      worstRatio: Math.round(worst * 100) / 100,
      node: process.version,
      date: new Date().toISOString(),
    },
  };
  writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
}
