// The rehearsal's profiles against the real libraries: jose, jwks-rsa, express-jwt, PyJWT's
// PyJWKClient and jwt-doctor's own remote set verify tokens from a JWKS server on 127.0.0.1 that
// follows a rotation plan and an outage plan on a compressed clock (one model second is SCALE_MS
// real milliseconds, and each library's cache settings — the profile's, read from rehearse() —
// are scaled the same way). Every RESOLUTION model seconds each library verifies the signer's
// fresh token, then the old key's token while it is still valid; the samples it rejects must be
// the ones rehearse() predicts, except next to a predicted window's edge (one sample: the
// libraries compare their cache ages with < or <=, and the real clock jitters).

import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import os from "node:os";
import { spawn } from "node:child_process";
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { generateKeyPairSync } from "node:crypto";
import * as jose from "jose";
import jsonwebtoken from "jsonwebtoken";
import { JwksClient, expressJwtSecret } from "jwks-rsa";
import { expressjwt } from "express-jwt";
import { rehearse, createRemoteJWKSet, verify } from "jwt-doctor";

const SCALE_MS = 20; // real milliseconds per model second
const RESOLUTION = 10; // model seconds between samples
const PYJWT = path.join(process.env.JWT_DOCTOR_CACHE || path.join(os.homedir(), ".cache", "jwt-doctor"), "pyjwt");
const require = createRequire(import.meta.url);

// The plans (model seconds). Events sit half a sample from the sampling grid, so a sample never
// races an event; cache expiries fall on the grid (a fetch happens at a sample), hence the
// one-sample tolerance at window edges.
const ROTATION = { switch: 105, publish: 205, retire: 505, lifetime: 900, horizon: 1400, resolution: RESOLUTION };
const OUTAGE = { outage: { from: 335, to: 805 }, lifetime: 3600, horizon: 1000, resolution: RESOLUTION };
const VERIFIERS = ["jose", "jwks-rsa", "express-jwt", "pyjwt", "jwt-doctor"];

function keyPair(kid) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" } };
}

const sign = (k) => new jose.SignJWT({ sub: "rehearsal" })
  .setProtectedHeader({ alg: "ES256", kid: k.kid })
  .setIssuedAt()
  .setExpirationTime("2h")
  .sign(k.privateKey);

// What the JWKS server serves at model time m (null: 503), and which tokens are valid then.
function world(plan, keys, m) {
  const rotation = plan.switch !== undefined;
  const set = [keys.old];
  if (rotation && m >= plan.publish) set.push(keys.new);
  if (rotation && m >= plan.retire) set.shift();
  const down = plan.outage && m >= plan.outage.from && m < plan.outage.to;
  const signer = rotation && m >= plan.switch ? "new" : "old";
  const live = [signer];
  if (signer === "new" && m < plan.switch + plan.lifetime) live.push("old");
  return { jwks: down ? null : { keys: set.map((k) => k.jwk) }, live };
}

// Each library fetches from its own path; the server notes when each first fetched (model
// seconds), which the model has at 0.
async function serve(plan, keys, clock) {
  const first = {};
  const server = http.createServer((req, res) => {
    const name = req.url.slice(1);
    first[name] ??= clock();
    const { jwks } = world(plan, keys, clock());
    if (!jwks) {
      res.writeHead(503, { "content-type": "text/plain" }).end("down");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, first, url: `http://127.0.0.1:${server.address().port}/` };
}

// Each library as `verify(token) -> Promise<boolean>`, its cache settings scaled from the
// profile's (seconds -> SCALE_MS ms per second).
function libraries(base, settings) {
  const ms = (name, s) => s[name] * SCALE_MS;
  const url = (name) => `${base}${name}`;
  const joseSet = jose.createRemoteJWKSet(new URL(url("jose")), {
    cacheMaxAge: ms("cacheMaxAge", settings.jose),
    cooldownDuration: ms("cooldown", settings.jose),
  });
  const client = new JwksClient({ jwksUri: url("jwks-rsa"), cache: true, cacheMaxAge: ms("cacheMaxAge", settings["jwks-rsa"]), rateLimit: false });
  const middleware = expressjwt({
    secret: expressJwtSecret({ jwksUri: url("express-jwt"), cache: true, cacheMaxAge: ms("cacheMaxAge", settings["express-jwt"]), rateLimit: false }),
    algorithms: ["ES256"],
  });
  const own = createRemoteJWKSet(url("jwt-doctor"), {
    cacheMaxAge: settings["jwt-doctor"].cacheMaxAge * SCALE_MS / 1000,
    cooldown: settings["jwt-doctor"].cooldown * SCALE_MS / 1000,
  });
  const ok = (p) => p.then(() => true, () => false);
  return {
    jose: (t) => ok(jose.jwtVerify(t, joseSet, { algorithms: ["ES256"] })),
    "jwks-rsa": (t) => ok((async () => {
      const key = await client.getSigningKey(jose.decodeProtectedHeader(t).kid);
      jsonwebtoken.verify(t, key.getPublicKey(), { algorithms: ["ES256"] });
    })()),
    "express-jwt": (t) => new Promise((resolve) => {
      middleware({ headers: { authorization: `Bearer ${t}` }, get() {} }, {}, (e) => resolve(!e));
    }),
    "jwt-doctor": (t) => ok(verify(t, { jwks: own, algorithms: ["ES256"] })),
  };
}

const sleepUntil = (at) => new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));

// PyJWKClient in python3, sampling the same grid from the same epoch: [[i, key, accepted], ...]
function pyjwt(url, settings, tokens, plan, startEpochMs) {
  const script = `
import json, sys, time
import jwt
from jwt import PyJWKClient
a = json.loads(sys.argv[1])
client = PyJWKClient(a["url"], lifespan=a["lifespan"], cooldown_duration=a["cooldown"])
out = []
for i in range(a["samples"]):
    time.sleep(max(0.0, a["start"] + i * a["step"] - time.time()))
    m = i * a["resolution"]
    live = ["old"] if not a["switch"] or m < a["switch"] else ["new"] + (["old"] if m < a["switch"] + a["lifetime"] else [])
    for k in live:
        t = a["tokens"][k]
        try:
            key = client.get_signing_key_from_jwt(t)
            jwt.decode(t, key.key, algorithms=["ES256"])
            out.append([i, k, True])
        except Exception:
            out.append([i, k, False])
print(json.dumps(out))
`;
  const args = {
    url, tokens, start: startEpochMs / 1000, step: RESOLUTION * SCALE_MS / 1000, resolution: RESOLUTION,
    samples: Math.ceil(plan.horizon / RESOLUTION), switch: plan.switch ?? null, lifetime: plan.lifetime,
    lifespan: settings.cacheMaxAge * SCALE_MS / 1000, cooldown: settings.cooldown * SCALE_MS / 1000,
  };
  return new Promise((resolve, reject) => {
    const child = spawn("python3", ["-c", script, JSON.stringify(args)], { env: { ...process.env, PYTHONPATH: PYJWT } });
    let out = "", err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const kill = setTimeout(() => child.kill("SIGKILL"), (plan.horizon * SCALE_MS) + 30_000);
    child.on("close", (code) => {
      clearTimeout(kill);
      if (code !== 0) reject(new Error(`python3 exited ${code}: ${err}`));
      else resolve(JSON.parse(out));
    });
  });
}

// Rehearses `plan`, replays it against every library, and returns predicted and observed
// rejected samples per verifier.
async function replay(base) {
  const plan = { ...base, verifiers: VERIFIERS };
  const predicted = await rehearse(plan);
  const settings = Object.fromEntries(predicted.verifiers.map((v) => [v.name, v.settings]));
  const keys = { old: keyPair("old"), new: keyPair("new") };
  const tokens = { old: await sign(keys.old), new: await sign(keys.new) };
  // both clocks start together, 3 s from now: python3 has imported PyJWT and is waiting by then
  // (the first fetch must happen at 0, as the model has it)
  const startEpoch = Date.now() + 3000;
  const startPerf = performance.now() + 3000;
  const clock = () => (performance.now() - startPerf) / SCALE_MS;
  const { server, url, first } = await serve(base, keys, clock);
  try {
    const python = pyjwt(`${url}pyjwt`, settings.pyjwt, tokens, base, startEpoch);
    const libs = libraries(url, settings);
    const observed = Object.fromEntries(VERIFIERS.map((n) => [n, new Set()]));
    const samples = Math.ceil(base.horizon / RESOLUTION);
    for (let i = 0; i < samples; i++) {
      await sleepUntil(startPerf + i * RESOLUTION * SCALE_MS);
      const { live } = world(base, keys, i * RESOLUTION);
      await Promise.all(Object.entries(libs).map(async ([name, check]) => {
        for (const k of live) if (!(await check(tokens[k]))) observed[name].add(`${i * RESOLUTION}:${k}`);
      }));
    }
    for (const [i, k, accepted] of await python) if (!accepted) observed.pyjwt.add(`${i * RESOLUTION}:${k}`);
    return { predicted, observed, samples, first };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

// Predicted and observed agree, except next to a predicted window's edge: within one sample,
// plus however late the library's first fetch was (a loaded machine can delay it, and every
// cache expiry after it moves by as much). A first fetch later than 5 samples voids the run.
function assertAgree({ predicted, observed, samples, first }, name) {
  const late = first[name] ?? Infinity;
  assert.ok(late < 5 * RESOLUTION, `${name} first fetched at ${late} model seconds, not near 0: the machine is too loaded for this test`);
  const slack = RESOLUTION + Math.max(0, late);
  const v = predicted.verifiers.find((x) => x.name === name);
  const rejected = (t, k) => v.windows.some((w) => w.key === k && w.from <= t && t < w.to);
  const edges = v.windows.flatMap((w) => [w.from, w.to]);
  const off = [];
  for (let i = 0; i < samples; i++) {
    const t = i * RESOLUTION;
    for (const k of ["old", "new"]) {
      if (rejected(t, k) === observed[name].has(`${t}:${k}`)) continue;
      if (!edges.some((e) => Math.abs(e - t) <= slack)) off.push(`${k}@${t}: predicted ${rejected(t, k) ? "rejected" : "accepted"}`);
    }
  }
  const seen = [...observed[name]].join(" ");
  assert.deepEqual(off, [], `${name}: predicted ${JSON.stringify(v.windows)}, observed rejections at ${seen}`);
  // a prediction of rejections is seen, and a prediction of none sees none
  assert.equal(v.windows.length > 0, observed[name].size > 0, `${name}: observed ${seen}`);
}

const pythonReady = existsSync(path.join(PYJWT, "jwt", "jwks_client.py"));

test("the profiles' defaults are the libraries' own", { skip: !pythonReady && "PyJWT not installed (scripts/setup.sh --test)" }, async () => {
  const r = await rehearse({ switch: 60, verifiers: ["jose", "jwks-rsa", "pyjwt", "jwt-doctor"] });
  const s = Object.fromEntries(r.verifiers.map((v) => [v.name, v.settings]));
  const joseRemote = readFileSync(path.join(path.dirname(require.resolve("jose")), "..", "webapi", "jwks", "remote.js"), "utf8");
  assert.match(joseRemote, new RegExp(`cooldownDuration, ${s.jose.cooldown * 1000 === 30000 ? "3e4" : "x"}`));
  assert.match(joseRemote, /cacheMaxAge = validateDuration\(opts\.cacheMaxAge, 6e5/);
  assert.equal(s.jose.cacheMaxAge, 600);
  const rsaDir = path.dirname(require.resolve("jwks-rsa"));
  assert.match(readFileSync(path.join(rsaDir, "wrappers", "cache.js"), "utf8"), new RegExp(`cacheMaxAge = ${s["jwks-rsa"].cacheMaxAge * 1000}\\b`));
  assert.match(readFileSync(path.join(rsaDir, "JwksClient.js"), "utf8"), /rateLimit: false/);
  assert.equal(s["jwks-rsa"].rateLimit, 0);
  assert.equal(s["jwks-rsa"].perKid, true);
  const py = await new Promise((resolve, reject) => {
    const c = spawn("python3", ["-c", "import inspect, json, jwt; p = inspect.signature(jwt.PyJWKClient.__init__).parameters; print(json.dumps({k: p[k].default for k in ('lifespan', 'cooldown_duration', 'cache_keys')}))"], { env: { ...process.env, PYTHONPATH: PYJWT } });
    let out = "";
    c.stdout.on("data", (d) => (out += d));
    c.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`python3 exited ${code}`))));
  });
  assert.deepEqual(py, { lifespan: s.pyjwt.cacheMaxAge, cooldown_duration: s.pyjwt.cooldown, cache_keys: false });
  const own = readFileSync(new URL("../../js/jwks.js", import.meta.url), "utf8");
  assert.match(own, new RegExp(`seconds\\("cacheMaxAge", ${s["jwt-doctor"].cacheMaxAge},`));
  assert.match(own, new RegExp(`seconds\\("cooldown", ${s["jwt-doctor"].cooldown},`));
});

test("a rotation on a compressed clock: the libraries reject what rehearse() predicts", { skip: !pythonReady && "PyJWT not installed (scripts/setup.sh --test)", timeout: 90_000 }, async (t) => {
  // one after the other: each replay's start (five first fetches, python3 starting) is the
  // moment its timing is most fragile
  const rotation = await replay(ROTATION);
  const outage = await replay(OUTAGE);
  for (const name of VERIFIERS) {
    await t.test(`rotation: ${name}`, () => assertAgree(rotation, name));
  }
  for (const name of VERIFIERS) {
    await t.test(`outage: ${name}`, () => assertAgree(outage, name));
  }
  // the plans do separate the libraries: jwt-doctor keeps its set through the outage, jose
  // and PyJWKClient do not; PyJWKClient's shorter cache drops the retired key first
  assert.equal(outage.predicted.verifiers.find((v) => v.name === "jwt-doctor").windows.length, 0);
  assert.ok(outage.observed.jose.size > 10);
  const first = (r, n) => Math.min(...r.predicted.verifiers.find((v) => v.name === n).windows.filter((w) => w.key === "old").map((w) => w.from));
  assert.ok(first(rotation, "pyjwt") < first(rotation, "jwks-rsa") && first(rotation, "jwks-rsa") < first(rotation, "jose"));
});
