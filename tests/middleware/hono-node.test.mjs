// jwt-doctor/hono on Node: the app of hono-app.mjs served by @hono/node-server on 127.0.0.1.
//
//   bash scripts/build.sh && node --test tests/middleware/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { metrics as otelMetrics } from "@opentelemetry/api";
import { JwtConfigError } from "jwt-doctor";
import { jwt } from "jwt-doctor/hono";
import { createApp } from "./hono-app.mjs";
import { honoSuite } from "./hono-suite.mjs";
import { baseOf, deadJwksUrl, get, makeKeys, makeTokens, startJwksServer } from "./helpers.mjs";

let jwks;
let server;
let fx;
// A MeterProvider of our own behind the real @opentelemetry/api: what the counter receives.
const otelAdds = [];
const provider = {
  getMeter: (name) => ({
    createCounter: (counterName) => ({ add: (value, attributes) => otelAdds.push({ name, counterName, value, attributes }) }),
  }),
};

before(async () => {
  assert.ok(otelMetrics.setGlobalMeterProvider(provider), "the test provider is the global one");
  const keys = makeKeys();
  jwks = await startJwksServer(keys.jwks);
  const deadUrl = await deadJwksUrl();
  const app = createApp({ JWKS_URL: jwks.url, DEAD_JWKS_URL: deadUrl });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  fx = { base: baseOf(server), tokens: makeTokens(keys), deadUrl };
});

after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await jwks?.close();
  otelMetrics.disable();
});

honoSuite("Hono on Node", () => fx);

test("Hono: the JWKS is fetched once for all the requests", () => {
  assert.equal(jwks.hits(), 1);
});

test("Hono: counts reach the OpenTelemetry counter jwt.validation", () => {
  const counts = otelAdds.filter((a) => a.counterName === "jwt.validation");
  assert.ok(counts.length > 0, "nothing was counted");
  assert.ok(counts.every((a) => a.name === "jwt-doctor" && a.value === 1));
  assert.ok(counts.some((a) => a.attributes.outcome === "accepted" && a.attributes.cause === undefined));
  assert.ok(counts.some((a) => a.attributes.outcome === "rejected" && a.attributes.cause === "expired"));
  assert.ok(counts.some((a) => a.attributes.outcome === "error" && a.attributes.cause === "jwks_unavailable"));
});

test("Hono: a key that cannot be read throws at jwt(), or answers 500 (never 401) from an options function", async () => {
  const bad = { key: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", algorithms: ["RS256"] };
  assert.throws(() => jwt(bad), (err) => err instanceof JwtConfigError && err.transient === false);
  const app = new Hono();
  const logs = [];
  const options = { ...bad, log: (e) => logs.push(e) };
  app.use("/*", jwt(() => options));
  app.get("/", (c) => c.text("in"));
  const res = await app.request("/", { headers: { authorization: `Bearer ${fx.tokens.good}` } });
  assert.equal(res.status, 500);
  assert.equal(res.headers.get("www-authenticate"), null);
  assert.deepEqual(await res.json(), { error: "server_error" });
  assert.equal(logs[0].event, "jwt_config_error");
  assert.equal(logs[0].kind, "config");
});

test("Hono: misuse is a TypeError: at jwt() for an options object, at the request for a function", async () => {
  assert.throws(() => jwt({ key: "x".repeat(32), algorithms: ["HS256"], sample: -1 }), TypeError);
  assert.throws(() => jwt(null), TypeError);
  assert.throws(() => jwt({ key: "x".repeat(32), algorithms: ["HS256"], audeince: "a" }), /audience/);
  const typo = new Hono();
  const options = { key: "x".repeat(32), algorithms: ["HS256"], audeince: "a" };
  typo.use("/*", jwt(() => options));
  typo.onError((err, c) => c.text(`${err.name}: ${err.message}`, 500));
  const r = await typo.request("/", { headers: { authorization: `Bearer ${fx.tokens.good}` } });
  assert.match(await r.text(), /^TypeError: .*audience/);
});

test("Hono: log: false logs nothing; a request without credentials passes with credentialsRequired: false", async () => {
  const app = new Hono();
  app.use("/*", jwt({ key: "x".repeat(32), algorithms: ["HS256"], log: false, credentialsRequired: false }));
  app.get("/", (c) => c.json({ payload: c.get("jwtPayload") ?? null }));
  const res = await app.request("/");
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { payload: null });
  const r = await get(`${fx.base}/health`);
  assert.equal(r.text, "ok");
});
