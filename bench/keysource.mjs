// What the key source costs (issue 29), in one Node process, with in-process fetch functions
// standing in for the issuer (no network, so the numbers are the library's):
//   - CPU µs per verify() at 10, 100 and 1,000 configurations (one options object each, one
//     remote key set), called round-robin: a multi-tenant service;
//   - the middleware (jwt-doctor/hono, default logger on: one JSON line on stderr) answering a
//     valid token and each kind of rejection: a rejection must cost at most 1.5x an acceptance;
//   - requests to the issuer while it fails, from cold (no set yet) and warm (a set past its
//     age), at the default cooldown (30 s), over a minute;
//   - the worst verify() latency while the issuer hangs (default timeout, 5 s), with a set past
//     its age: the refresh runs in the background.
//
//   node bench/keysource.mjs 2>/dev/null           about 70 s; writes `keysource` into bench/results.json
//   node bench/keysource.mjs --quick 2>/dev/null   a smoke run: the checks, short, nothing written
import { generateKeyPairSync, sign as nodeSign } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { createLocalJWKSet, createRemoteJWKSet, verify } from "jwt-doctor";
import { jwt } from "jwt-doctor/hono";

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes("--quick");
const DURATION = quick ? 20 : 300; // ms per measurement
const ROUNDS = quick ? 1 : 5;
const INTERLEAVED = quick ? 1 : 9; // rounds of the middleware cases
const FAILURE_MS = quick ? 1500 : 61_000; // how long the issuer fails
const LIMIT = 1.5;
const say = (line) => process.stdout.write(`${line}\n`);

function check(ok, what) {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}
const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
const b64u = (x) => Buffer.from(x).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const ISS = "https://issuer.example.com/";
const AUD = "api://bench";

// Node 20 can deadlock exporting a freshly generated key as JWK (a garbage collection during the
// export finalizes the key's generation job, which waits on the lock the export holds):
// collecting right after generating closes the window (see tests/cases/sign.mjs).
v8.setFlagsFromString("--expose-gc");
const collect = vm.runInNewContext("gc");
const pairs = [0, 1].map(() => generateKeyPairSync("rsa", { modulusLength: 2048 }));
collect();
const jwks = { keys: pairs.map((p, i) => ({ ...p.publicKey.export({ format: "jwk" }), kid: `k${i}`, alg: "RS256" })) };
function token(kid, pair = pairs[0], claims = {}) {
  const input = `${b64u(JSON.stringify({ alg: "RS256", typ: "JWT", kid }))}.${b64u(JSON.stringify({ iss: ISS, aud: AUD, sub: "user-1", iat: now - 10, exp: now + 3600, ...claims }))}`;
  return `${input}.${b64u(nodeSign("sha256", Buffer.from(input), pair.privateKey))}`;
}
const okFetch = async () => new Response(JSON.stringify(jwks), { headers: { "content-type": "application/json" } });

// CPU µs per call of `fn` (a promise), best of `rounds`.
async function perCall(fn, rounds = ROUNDS) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const warm = performance.now() + DURATION / 5;
    while (performance.now() < warm) await fn();
    let n = 0;
    const c0 = cpuUs();
    const end = performance.now() + DURATION;
    while (performance.now() < end) {
      for (let i = 0; i < 32; i++) await fn();
      n += 32;
    }
    best = Math.min(best, (cpuUs() - c0) / n);
  }
  return Math.round(best * 10) / 10;
}

// --- configurations -------------------------------------------------------------------------------

const configurations = {};
{
  const remote = createRemoteJWKSet("https://issuer.example.com/jwks", { fetch: okFetch });
  const valid = token("k0");
  for (const n of [1, 10, 100, 1000]) {
    const all = Array.from({ length: n }, (_, i) => ({ jwks: remote, algorithms: ["RS256"], issuer: ISS, audience: [AUD, `tenant-${i}`] }));
    let i = 0;
    const settled = await Promise.allSettled(all.map((o) => verify(valid, o)));
    check(settled.every((r) => r.status === "fulfilled"), `${n} configurations, cold: ${settled.find((r) => r.status === "rejected")?.reason}`);
    configurations[n] = await perCall(() => verify(valid, all[i++ % n]));
    say(`${n} configurations: ${configurations[n]} µs per verify`);
  }
}

// --- the middleware: rejection ÷ acceptance with the default logger --------------------------------

const middleware = {};
{
  const mw = jwt({ jwks: createLocalJWKSet(jwks), algorithms: ["RS256"], issuer: ISS, audience: AUD });
  const tokens = {
    valid: token("k0"),
    "wrong key": token("k0", pairs[1]),
    "unknown kid": token("retired"),
    expired: token("k0", pairs[0], { iat: now - 7200, exp: now - 3600 }),
    "no token": null,
  };
  const next = async () => {};
  const contexts = Object.fromEntries(Object.entries(tokens).map(([name, t]) => [name, {
    req: { header: (h) => (h === "authorization" && t ? `Bearer ${t}` : undefined) },
    set() {},
    json: (body, status) => ({ body, status }),
  }]));
  const expected = { valid: undefined, "wrong key": 401, "unknown kid": 401, expired: 401, "no token": 401 };
  for (const [name, c] of Object.entries(contexts)) {
    const r = await mw(c, next);
    check(r?.status === expected[name], `${name}: ${JSON.stringify(r)}`);
  }
  // past the log's rate limit first (60 lines per cause per minute): the steady state of a flood
  for (const name of Object.keys(tokens)) for (let i = 0; i < 70; i++) await mw(contexts[name], next);
  // interleaved: each round measures every case once, the best round of each case is kept
  for (let round = 0; round < INTERLEAVED; round++) {
    for (const name of Object.keys(tokens)) middleware[name] = Math.min(middleware[name] ?? Infinity, await perCall(() => mw(contexts[name], next), 1));
  }
  for (const name of Object.keys(tokens)) say(`middleware ${name}: ${middleware[name]} µs`);
}
const ratios = Object.fromEntries(Object.entries(middleware).filter(([n]) => n !== "valid").map(([n, us]) => [n, Math.round((us / middleware.valid) * 100) / 100]));
const worstRatio = Math.max(...Object.values(ratios));
say(`worst rejection ÷ valid through the middleware (default logger): ${worstRatio}× (bound ${LIMIT}×)`);

// --- the issuer failing ---------------------------------------------------------------------------

const failure = {};
{
  const fail = async () => new Response("", { status: 500 });
  const hang = () => new Promise(() => {});
  const counting = (f) => {
    const wrapped = (...a) => {
      wrapped.calls++;
      return f(...a);
    };
    wrapped.calls = 0;
    return wrapped;
  };
  const coldFetch = counting(fail);
  const cold = createRemoteJWKSet("https://issuer.example.com/cold", { fetch: coldFetch });
  // warm: a good fetch, then the set past its age (cacheMaxAge 1 s) and the issuer hanging
  let warmImpl = okFetch;
  const warmFetch = counting((...a) => warmImpl(...a));
  const warm = createRemoteJWKSet("https://issuer.example.com/warm", { fetch: warmFetch, cacheMaxAge: 1 });
  const valid = token("k0");
  await verify(valid, { jwks: warm, algorithms: ["RS256"] });
  const okCalls = warmFetch.calls;
  await new Promise((r) => setTimeout(r, 1100));
  warmImpl = hang;
  // a steady trickle of requests on both, every 10 ms
  let worstWarmMs = 0;
  let warmCalls = 0;
  let coldAnswers = 0;
  const end = performance.now() + FAILURE_MS;
  while (performance.now() < end) {
    const t0 = performance.now();
    const r = await verify(valid, { jwks: warm, algorithms: ["RS256"] });
    worstWarmMs = Math.max(worstWarmMs, performance.now() - t0);
    check(r.key.kid === "k0", "warm set served");
    warmCalls++;
    await verify(valid, { jwks: cold, algorithms: ["RS256"] }).then(() => check(false, "cold accepted"), (e) => {
      check(e.kind === "config" && e.transient, `cold: ${e}`);
      coldAnswers++;
    });
    await new Promise((r) => setTimeout(r, 10));
  }
  failure.seconds = Math.round(FAILURE_MS / 100) / 10;
  failure.coldRequests = coldFetch.calls;
  failure.warmHangRequests = warmFetch.calls - okCalls;
  failure.verifies = warmCalls;
  failure.worstWarmMs = Math.round(worstWarmMs * 10) / 10;
  say(`issuer failing for ${failure.seconds} s: cold ${failure.coldRequests} requests (${coldAnswers} answers 503), warm+hang ${failure.warmHangRequests} requests; worst verify during the hang ${failure.worstWarmMs} ms`);
  check(failure.coldRequests <= (quick ? 3 : 8), `cold: ${failure.coldRequests} requests`);
}

if (!quick) {
  const file = join(here, "results.json");
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  all.keysource = {
    configurations,
    middleware,
    ratios,
    failure,
    meta: {
      setup: "RS256, one remote key set served by an in-process fetch; configurations differ by audience; middleware = jwt-doctor/hono with a local 2-key set and the default logger (stderr to /dev/null)",
      measure: `CPU µs per call (process user + system), best of ${ROUNDS} rounds of ${DURATION} ms (middleware: best of ${INTERLEAVED} interleaved rounds); failure: a verify every 10 ms for ${FAILURE_MS / 1000} s, defaults (cooldown 30 s, timeout 5 s)`,
      bound: LIMIT,
      worstRatio,
      node: process.version,
      date: new Date().toISOString(),
    },
  };
  writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
  say("bench/results.json: keysource written");
}
