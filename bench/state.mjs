// What the verifier state and the fleet metrics cost: the clock-offset record that every
// accepted token makes on verify()'s path, set against verify() itself, and what a scrape of
// the metrics costs with 1, 100 and 1,000 configured verifiers.
//
//   node bench/state.mjs            about 20 s; writes `state` into bench/results.json
//   node bench/state.mjs --quick    a smoke run (nothing written)
//
// The record is measured on its own (the estimator verify() feeds, from the built package) and
// set against a whole verify() of the same process: the two differ by more than the machine's
// noise, which an A/B of verify() with and without it would not.
import { createHmac, generateKeyPairSync, sign as signWith } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createVerifier, createLocalJWKSet } from "jwt-doctor";
import { createMetrics } from "jwt-doctor/hono";
import { ClockOffsetEstimator } from "../pkg/state.js";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString("base64url");
const ISS = "https://issuer.example";

function hs256(secret) {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64({ iss: ISS, sub: "u", iat: now, exp: now + 3600 })}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
function rs256(key) {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: "RS256", typ: "JWT", kid: "k" })}.${b64({ iss: ISS, sub: "u", iat: now, exp: now + 3600 })}`;
  return `${input}.${signWith("sha256", Buffer.from(input), key).toString("base64url")}`;
}

// ns per verify() over `n` calls, best of `rounds`.
async function nsPerVerify(v, token, n, rounds) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await v.verify(token);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  return best;
}

// ns per clock record as verify() makes it (one issuer, the clock moving on), best of `rounds`.
function nsPerRecord(n, rounds) {
  const estimator = new ClockOffsetEstimator();
  let best = Infinity;
  let now = Date.now() / 1000;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      now += 0.001;
      estimator.record(ISS, Math.floor(now) - (i % 7), now);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  return best;
}

const secret = "a-secret-of-thirty-two-bytes-at-least!";
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const n = quick ? 2_000 : 40_000;
const rounds = quick ? 2 : 6;
const recordNs = nsPerRecord(n * 5, rounds);
const out = { meta: { node: process.version, date: new Date().toISOString(), calls: n, rounds }, recordNs: Math.round(recordNs * 10) / 10 };
console.log(`clock record: ${recordNs.toFixed(1)} ns`);
for (const [alg, options, token] of [
  ["HS256", { algorithms: ["HS256"], key: secret, issuer: ISS }, hs256(secret)],
  ["RS256", { algorithms: ["RS256"], jwks: createLocalJWKSet({ keys: [{ ...rsa.publicKey.export({ format: "jwk" }), kid: "k" }] }), issuer: ISS }, rs256(rsa.privateKey)],
]) {
  const v = createVerifier(options);
  await v.verify(token);
  const ns = await nsPerVerify(v, token, n, rounds);
  out[alg] = { verifyNs: Math.round(ns), overheadPct: Math.round((recordNs / ns) * 1000) / 10 };
  console.log(`${alg}: verify ${(ns / 1000).toFixed(2)} µs; the clock record is ${out[alg].overheadPct} % of it`);
}

// a scrape: metrics.prometheus() with many configured verifiers
out.scrape = {};
for (const count of quick ? [1, 100] : [1, 100, 1000]) {
  const metrics = createMetrics({ otel: false });
  for (let i = 0; i < count; i++) metrics.register(createVerifier({ algorithms: ["HS256"], key: secret, issuer: ISS, audience: `api-${i}` }));
  metrics.prometheus();
  const t0 = process.hrtime.bigint();
  const reps = quick ? 3 : 20;
  let bytes = 0;
  for (let i = 0; i < reps; i++) bytes = metrics.prometheus().length;
  out.scrape[count] = { ms: Math.round(Number(process.hrtime.bigint() - t0) / reps / 1e4) / 100, bytes };
  console.log(`scrape with ${count} verifiers: ${out.scrape[count].ms} ms, ${bytes} bytes`);
}

if (!quick) {
  const file = join(here, "results.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  all.state = out;
  writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
  console.log(`${file}: state written`);
}
