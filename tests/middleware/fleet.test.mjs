// Which instance, and why: three instances of a service (Hono and Express 5 behind jwt-doctor's
// middleware, each its own process on 127.0.0.1) share one JWKS server; a real Prometheus server
// (Debian's) scrapes their /metrics. Healthy, `jwt-doctor fleet` agrees, from their metrics URLs
// and from Prometheus. Then one instance is given another audience, one a clock 90 s ahead, and
// one loses its path to the key set's server just before the issuer rotates its key: the
// command names each, with the evidence, from both sources. The staleness bound (maxStale) and
// the refresh ahead of expiry are tested against a JWKS server that goes down and comes back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { generateKeyPairSync, sign as signWith } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRemoteJWKSet, createVerifier } from "jwt-doctor";
import { ISSUER } from "./constants.mjs";
import { startFaultServer } from "./jwks-faults.mjs";

const BIN = fileURLToPath(new URL("../../pkg/cli.js", import.meta.url));
const APP = fileURLToPath(new URL("./fleet-app.mjs", import.meta.url));
const b64url = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function key(kid) {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, pair, jwk: { ...pair.publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
}
function token(k, aud = "api") {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: "RS256", typ: "JWT", kid: k.kid })}.${b64url({ iss: ISSUER, aud, sub: "u1", iat: now, exp: now + 600 })}`;
  return `${input}.${signWith("sha256", Buffer.from(input), k.pair.privateKey).toString("base64url")}`;
}

async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

const children = new Set();
function startApp(name, env) {
  const child = spawn(process.execPath, [APP], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let err = "";
  child.stderr.on("data", (c) => (err += c));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${name} did not start: ${err}`)), 15_000);
    child.stdout.on("data", (c) => {
      if (String(c).includes("listening")) {
        clearTimeout(t);
        resolve(child);
      }
    });
    child.on("exit", (code) => {
      children.delete(child);
      clearTimeout(t);
      reject(new Error(`${name} exited ${code}: ${err}`));
    });
  });
}
async function stopApp(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

function fleet(...args) {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, "fleet", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    c.on("close", (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

let jwksServer, keyOld, keyNew, prom, promPort, promDir;
const ports = {};
const apps = {};

async function call(name, tok) {
  const r = await fetch(`http://127.0.0.1:${ports[name]}/api/me`, { headers: { authorization: `Bearer ${tok}` } });
  await r.arrayBuffer();
  return r.status;
}

// Prometheus has scraped every target after `since` (ms) when each one's up is 1 and fresh.
async function scraped(since) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent("up")}`);
      const body = await r.json();
      const res = body.data?.result ?? [];
      if (res.length === 3 && res.every((s) => s.value[1] === "1" && s.value[0] * 1000 > since)) {
        // and a scrape after that instant of each target's jwt-doctor series
        const q = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent("timestamp(jwt_doctor_info)")}`);
        const t = (await q.json()).data?.result ?? [];
        if (t.length >= 3 && t.every((s) => Number(s.value[1]) * 1000 > since)) return;
      }
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error("Prometheus did not scrape the three instances in time");
}

before(async () => {
  keyOld = key("k-old");
  keyNew = key("k-new");
  jwksServer = await startFaultServer({ keys: [keyOld.jwk] });
  for (const n of ["a", "b", "c"]) ports[n] = await freePort();
  const base = { JWKS_URL: jwksServer.url, AUDIENCE: "api" };
  apps.a = await startApp("a", { ...base, FRAMEWORK: "hono", PORT: String(ports.a) });
  apps.b = await startApp("b", { ...base, FRAMEWORK: "express", PORT: String(ports.b) });
  apps.c = await startApp("c", { ...base, FRAMEWORK: "hono", PORT: String(ports.c) });
  // a real Prometheus server scraping the three every second
  promPort = await freePort();
  promDir = mkdtempSync(join(tmpdir(), "jwtd-prom-"));
  writeFileSync(join(promDir, "prometheus.yml"), [
    "global: { scrape_interval: 1s, evaluation_interval: 1s }",
    "scrape_configs:",
    "  - job_name: api",
    "    static_configs:",
    `      - targets: [${["a", "b", "c"].map((n) => `"127.0.0.1:${ports[n]}"`).join(", ")}]`,
  ].join("\n"));
  prom = spawn("prometheus", [`--config.file=${join(promDir, "prometheus.yml")}`, `--storage.tsdb.path=${join(promDir, "data")}`,
    `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"], { stdio: ["ignore", "ignore", "pipe"] });
  children.add(prom);
});

after(async () => {
  for (const c of children) c.kill("SIGKILL");
  await jwksServer?.close();
  if (promDir) rmSync(promDir, { recursive: true, force: true });
});

test("healthy: the three instances agree, from their metrics URLs and from Prometheus", async () => {
  for (const n of ["a", "b", "c"]) for (let i = 0; i < 5; i++) assert.equal(await call(n, token(keyOld)), 200, n);
  const urls = ["a", "b", "c"].map((n) => `http://127.0.0.1:${ports[n]}/metrics`);
  const direct = await fleet(...urls);
  assert.equal(direct.code, 0, direct.stdout + direct.stderr);
  assert.match(direct.stdout, /the 3 instances agree/);
  await scraped(Date.now());
  const viaProm = await fleet("--prometheus", `http://127.0.0.1:${promPort}`, "--job", "api", "--json");
  assert.equal(viaProm.code, 0, viaProm.stdout + viaProm.stderr);
  const out = JSON.parse(viaProm.stdout);
  assert.deepEqual(out.instances.map((i) => i.name).sort(), ["a", "b", "c"].map((n) => `127.0.0.1:${ports[n]}`).sort());
  for (const i of out.instances) {
    assert.deepEqual(i.keySets[0].kids, ["k-old"]);
    assert.equal(i.configs[0].audience, "api");
    assert.equal(i.version, out.instances[0].version);
  }
});

test("another audience, a clock 90 s ahead, a set that missed the rotation: fleet names each, from both sources", async () => {
  // a: another audience; c: its clock 90 s ahead (restarted so); b: cut off from the issuer
  await stopApp(apps.a);
  await stopApp(apps.c);
  const base = { JWKS_URL: jwksServer.url };
  apps.a = await startApp("a", { ...base, AUDIENCE: "api-staging", FRAMEWORK: "hono", PORT: String(ports.a) });
  apps.c = await startApp("c", { ...base, AUDIENCE: "api", CLOCK_SKEW: "90", FRAMEWORK: "hono", PORT: String(ports.c) });
  for (const n of ["a", "b", "c"]) await call(n, token(keyOld));
  await fetch(`http://127.0.0.1:${ports.b}/partition`, { method: "POST" }).then((r) => r.arrayBuffer());
  // the issuer rotates: the new key is published and the signer switches to it
  jwksServer.setKeys({ keys: [keyOld.jwk, keyNew.jwk] });
  await sleep(1500);
  for (let i = 0; i < 10; i++) {
    assert.equal(await call("c", token(keyNew)), 200, "c takes the new key");
    assert.equal(await call("b", token(keyNew)), 503, "b cannot fetch the new key: an outage, not a bad token");
    assert.equal(await call("b", token(keyOld)), 200, "b still verifies the old key");
    assert.equal(await call("a", token(keyNew, "api-staging")), 200, "a takes the new key");
  }
  await sleep(3500); // b's set is now past its age (2 s), its refreshes failing: stale
  await call("b", token(keyOld));

  const expectFindings = (out, label) => {
    const of = (n) => out.findings.filter((f) => f.instances.includes(n)).map((f) => f.kind);
    const name = (n) => `127.0.0.1:${ports[n]}`;
    assert.ok(of(name("a")).includes("config"), `${label}: a's audience: ${JSON.stringify(out.findings)}`);
    assert.match(out.findings.find((f) => f.kind === "config").evidence.join(" "), /audience: api-staging here, api on the others/);
    assert.ok(of(name("b")).includes("kid_missing"), `${label}: b's missing kid`);
    assert.ok(of(name("b")).includes("stale"), `${label}: b's stale set`);
    const missing = out.findings.find((f) => f.kind === "kid_missing");
    assert.match(missing.message, /lacks kid k-new/);
    assert.match(missing.fix, /refreshes fail \(network\)/);
    assert.ok(of(name("c")).includes("clock"), `${label}: c's clock`);
    assert.match(out.findings.find((f) => f.kind === "clock").message, /clock is 9\d s ahead of the fleet's|clock is 8\d s ahead of the fleet's/);
    assert.ok(!of(name("c")).includes("config") && !of(name("b")).includes("config"));
  };
  const urls = ["a", "b", "c"].map((n) => `http://127.0.0.1:${ports[n]}/metrics`);
  const direct = await fleet(...urls, "--stale-bound", "1", "--json");
  assert.equal(direct.code, 1, direct.stderr);
  const directOut = JSON.parse(direct.stdout);
  expectFindings(directOut, "direct");

  await scraped(Date.now());
  const viaProm = await fleet("--prometheus", `http://127.0.0.1:${promPort}`, "--stale-bound", "1", "--json");
  assert.equal(viaProm.code, 1, viaProm.stderr);
  expectFindings(JSON.parse(viaProm.stdout), "prometheus");

  // the human output names them too, and --token says which instance rejects a new-key token
  const human = await fleet(...urls, "--stale-bound", "1", "--token", token(keyNew));
  assert.equal(human.code, 1);
  assert.match(human.stdout, new RegExp(`127\\.0\\.0\\.1:${ports.b} rejects this token: kid k-new is not in its key set`));
  assert.match(human.stdout, /→ synchronise its clock/);
});

test("maxStale: a set that cannot be refreshed (issuer down, then slow) is used that long after its last good fetch, then fails closed (503); refreshed ahead of expiry while healthy; recovers", async () => {
  const k = key("k-max");
  const server = await startFaultServer({ keys: [k.jwk] });
  try {
    const jwks = createRemoteJWKSet(server.url, { cacheMaxAge: 1, cooldown: 0.2, timeout: 1, maxStale: 2 });
    const v = createVerifier({ algorithms: ["RS256"], issuer: ISSUER, jwks });
    assert.equal((await v.verify(token(k))).payload.sub, "u1");
    // healthy: refreshed in the background from 80 % of its age on, no request waits
    const before = server.hits();
    for (let i = 0; i < 12; i++) {
      const t0 = performance.now();
      await v.verify(token(k));
      assert.ok(performance.now() - t0 < 200, "a request waited on the issuer");
      await sleep(100);
    }
    assert.ok(server.hits() > before, "the set was refreshed while healthy");
    assert.ok(v.state().keySets[0].ageSeconds < 1, `the set served is past its age: ${v.state().keySets[0].ageSeconds} s`);
    // down: the last good set serves until maxStale after its last good fetch
    await server.setMode("stopped");
    const down = Date.now();
    let failedAt = null;
    while (Date.now() - down < 4000) {
      try {
        await v.verify(token(k));
      } catch (e) {
        assert.equal(e.name, "JwtConfigError");
        assert.equal(e.transient, true);
        assert.equal(e.finding.detail.stale, true);
        assert.match(e.message, /longer than maxStale \(2 s\)/);
        failedAt = Date.now();
        break;
      }
      await sleep(100);
    }
    assert.ok(failedAt !== null, "never failed closed");
    const servedFor = (failedAt - down) / 1000;
    assert.ok(servedFor >= 1 && servedFor <= 3.2, `served stale for ${servedFor} s (maxStale 2 s from the last good fetch)`);
    const st = v.state().keySets[0];
    assert.equal(st.lastAttempt.ok, false);
    assert.equal(st.lastAttempt.result, "network");
    assert.ok(st.fetches.network >= 1 && st.fetches.ok >= 2, JSON.stringify(st.fetches));
    assert.deepEqual(Object.keys(st.firstSeen), ["k-max"]);
    // back: recovers on its own
    await server.setMode("ok");
    let ok = false;
    for (let i = 0; i < 30 && !ok; i++) {
      await sleep(200);
      ok = await v.verify(token(k)).then(() => true, () => false);
    }
    assert.ok(ok, "did not recover");
    assert.equal(v.state().keySets[0].stale, null);
    // slow: answers that never arrive within the timeout; no request waits on them, and the set
    // serves until maxStale, then fails closed, the attempts counted as timeouts
    await server.setMode("slow-headers", { delay: 3000 });
    const slow = Date.now();
    let closed = null;
    while (Date.now() - slow < 5000) {
      const t0 = performance.now();
      try {
        await v.verify(token(k));
        assert.ok(performance.now() - t0 < 300, `a request waited ${Math.round(performance.now() - t0)} ms on a slow issuer`);
      } catch (e) {
        assert.match(e.message, /longer than maxStale/);
        closed = Date.now();
        break;
      }
      await sleep(100);
    }
    assert.ok(closed !== null && (closed - slow) / 1000 <= 3.2, "a slow issuer kept the set past maxStale");
    assert.ok(v.state().keySets[0].fetches.timeout >= 1, JSON.stringify(v.state().keySets[0].fetches));
    await server.setMode("ok");
    for (let i = 0, done = false; i < 40 && !done; i++) {
      await sleep(200);
      done = await v.verify(token(k)).then(() => true, () => false);
      if (i === 39) assert.ok(done, "did not recover after the slow issuer");
    }
    // the verifier's state: fingerprint, configuration, clock estimate, never key material
    const s = v.state();
    assert.match(s.fingerprint, /^[0-9a-f]{12}$/);
    assert.equal(s.keys, server.url);
    assert.equal(s.issuer, ISSUER);
    assert.ok(Math.abs(s.clockOffsets[ISSUER].offsetSeconds) < 5);
    assert.ok(!JSON.stringify(s).includes(k.jwk.n), "the state holds key material");
  } finally {
    await server.close();
  }
});

test("OpenTelemetry: the state as observable instruments, and outcome, cause, kid and issuer on the active span", async () => {
  const { AsyncLocalStorage } = await import("node:async_hooks");
  const { context, metrics: otelMetrics, trace, ROOT_CONTEXT } = await import("@opentelemetry/api");
  const { Hono } = await import("hono");
  const { createMetrics, jwt } = await import("jwt-doctor/hono");
  // a context manager over AsyncLocalStorage, and a meter that keeps the callbacks it is given
  const als = new AsyncLocalStorage();
  context.setGlobalContextManager({
    active: () => als.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => als.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() { return this; },
    disable() { return this; },
  });
  const callbacks = new Map();
  const observable = (name) => ({ addCallback: (cb) => callbacks.set(name, cb) });
  otelMetrics.setGlobalMeterProvider({
    getMeter: () => ({ createCounter: () => ({ add() {} }), createObservableGauge: observable, createObservableCounter: observable }),
  });
  const k = key("k-otel");
  const server = await startFaultServer({ keys: [k.jwk] });
  try {
    const metrics = createMetrics();
    const app = new Hono();
    const spans = [];
    app.use("*", (c, next) => {
      const attributes = {};
      spans.push(attributes);
      const span = { setAttributes: (a) => Object.assign(attributes, a), isRecording: () => true, spanContext: () => ({}) };
      return context.with(trace.setSpan(context.active(), span), next);
    });
    app.use("/api/*", jwt({ algorithms: ["RS256"], issuer: ISSUER, jwks: createRemoteJWKSet(server.url), metrics, log: false }));
    app.get("/api/me", (c) => c.text("ok"));
    const send = async (tok) => (await app.request("/api/me", { headers: { authorization: `Bearer ${tok}` } })).status;
    for (let i = 0; i < 5; i++) assert.equal(await send(token(k)), 200);
    assert.equal(await send("x.y.z"), 401);
    await sleep(100);
    assert.equal(await send(token(k)), 200);
    assert.equal(await send("x.y.z"), 401);
    assert.deepEqual(spans.at(-2), { "jwt.outcome": "accepted", "jwt.kid": "k-otel", "jwt.issuer": ISSUER });
    assert.deepEqual(spans.at(-1), { "jwt.outcome": "rejected", "jwt.cause": "invalid_base64url", "jwt.issuer": ISSUER });
    // the observable instruments read the verifier's state
    const seen = [];
    callbacks.get("jwt.jwks.keys")({ observe: (v, a) => seen.push(["keys", v, a]) });
    callbacks.get("jwt.verifier.info")({ observe: (v, a) => seen.push(["info", v, a]) });
    callbacks.get("jwt.clock.offset")({ observe: (v, a) => seen.push(["clock", v, a]) });
    callbacks.get("jwt.jwks.fetches")({ observe: (v, a) => seen.push(["fetches", v, a]) });
    assert.ok(seen.some(([n, v, a]) => n === "keys" && v === 1 && a.jwks === server.url), JSON.stringify(seen));
    assert.ok(seen.some(([n, v, a]) => n === "info" && v === 1 && a.issuer === ISSUER && a.keys === server.url));
    assert.ok(seen.some(([n, v, a]) => n === "clock" && a.issuer === ISSUER && Math.abs(v) < 5));
    assert.ok(seen.some(([n, v, a]) => n === "fetches" && a.result === "ok" && v >= 1));
  } finally {
    await server.close();
    otelMetrics.disable();
    context.disable();
  }
});
