// jwt-doctor/express on Express 5, served on 127.0.0.1, against a JWKS server.
//
//   bash scripts/build.sh && node --test tests/middleware/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import express from "express";
import { createRemoteJWKSet } from "jwt-doctor";
import { createMetrics, jwt, metricsHandler } from "jwt-doctor/express";
import {
  assertAnswer, assertLogEntry, assertNothingLeaks, assertPrometheusShape, AUDIENCE, baseOf, cases, counter,
  deadJwksUrl, get, ISSUER, makeKeys, makeTokens, REALM, startJwksServer,
} from "./helpers.mjs";

let jwks;
let server;
let base;
let tokens;
let deadUrl;
const logs = [];
const metrics = createMetrics();

function createApp() {
  const common = { algorithms: ["RS256"], issuer: ISSUER, audience: AUDIENCE, realm: REALM, metrics, log: (e) => logs.push(e) };
  const app = express();
  app.use("/api", jwt({ ...common, jwks: createRemoteJWKSet(jwks.url, { timeout: 3 }) }));
  app.use("/down", jwt({ ...common, jwks: createRemoteJWKSet(deadUrl, { timeout: 3 }) }));
  app.use("/optional", jwt({ ...common, jwks: createRemoteJWKSet(jwks.url), credentialsRequired: false }));
  app.use("/hook", jwt({
    ...common,
    jwks: createRemoteJWKSet(jwks.url),
    onFailure: (err, { res, status }) => res.status(status).type("text").send(`custom ${err ? err.code : "missing"}`),
  }));
  const me = (req, res) => res.json({ payload: req.auth ?? null, kid: req.jwt?.key.kid ?? null });
  for (const prefix of ["/api", "/down", "/optional", "/hook"]) app.get(`${prefix}/me`, me);
  app.get("/metrics", metricsHandler(metrics));
  // what a route behind the middleware sees of an error that is neither JwtError nor config
  app.use((err, _req, res, _next) => res.status(500).json({ unexpected: err.name }));
  return app;
}

before(async () => {
  const keys = makeKeys();
  tokens = makeTokens(keys);
  jwks = await startJwksServer(keys.jwks);
  deadUrl = await deadJwksUrl();
  server = await new Promise((resolve) => {
    const s = createApp().listen(0, "127.0.0.1", () => resolve(s));
  });
  base = baseOf(server);
});

after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await jwks?.close();
});

test("Express: each case gets its RFC 6750 answer; req.auth holds the payload", async () => {
  for (const c of cases(tokens)) {
    const r = await get(`${base}/api/me`, c[1]);
    assertAnswer(r, c, tokens);
    if (r.status === 200) assert.equal(r.body.kid, "k1");
  }
});

test("Express: one log object per rejection", async () => {
  logs.length = 0;
  await get(`${base}/api/me`, `Bearer ${tokens.expired}`, "req-1");
  await get(`${base}/api/me`, `Bearer Bearer ${tokens.good}`, "req-2");
  assert.equal(logs.length, 2);
  assertLogEntry(logs[0], { code: "expired", kid: "k1", alg: "RS256", requestId: "req-1" }, tokens);
  // tokenFromAuthorization's error: no diagnosis to sample, the token still fingerprinted
  assertLogEntry(logs[1], { code: "double_bearer", kid: "k1", alg: "RS256", requestId: "req-2" }, tokens);
  assert.equal(logs[1].report, undefined);
  assert.equal(logs[1].check, "format");
});

test("Express: another scheme is no bearer credential (no error attribute); cf-ray is the request id", async () => {
  logs.length = 0;
  const res = await fetch(`${base}/api/me`, { headers: { authorization: "Basic dXNlcjpwYXNz", "cf-ray": "8f1c2d3e4f5a6b7c-AMS" } });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get("www-authenticate"), `Bearer realm="${REALM}"`);
  assert.deepEqual(await res.json(), { error: "unauthorized", code: "missing_token" });
  assert.equal(logs[0].code, "missing_token");
  assert.equal(logs[0].requestId, "8f1c2d3e4f5a6b7c-AMS");
  assert.equal(logs[0].fingerprint, null);
});

test("Express: a JWKS server that went down answers 503 without the URL", async () => {
  logs.length = 0;
  const r = await get(`${base}/down/me`, `Bearer ${tokens.good}`);
  assert.equal(r.status, 503, r.text);
  assert.equal(r.www, null);
  assert.deepEqual(r.body, { error: "server_error" });
  assertNothingLeaks(r.text, tokens, deadUrl);
  assert.equal(logs[0].event, "jwt_config_error");
  assert.equal(logs[0].reason, "jwks_unavailable");
});

test("Express: credentialsRequired: false lets a request without a token through, not a bad one", async () => {
  let r = await get(`${base}/optional/me`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { payload: null, kid: null });
  r = await get(`${base}/optional/me`, `Bearer ${tokens.expired}`);
  assert.equal(r.status, 401);
  assert.equal(r.body.code, "expired");
  r = await get(`${base}/optional/me`, `Bearer ${tokens.good}`);
  assert.equal(r.body.payload.sub, tokens.claims.sub);
});

test("Express: onFailure answers with the framework's own response", async () => {
  const r = await get(`${base}/hook/me`, `Bearer ${tokens.rotated}`);
  assert.equal(r.status, 401);
  assert.equal(r.text, "custom kid_not_found");
  const missing = await get(`${base}/hook/me`);
  assert.equal(missing.text, "custom missing");
});

test("Express: Prometheus counters by outcome and cause", async () => {
  const r = await get(`${base}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type"), /^text\/plain; version=0\.0\.4/);
  assertPrometheusShape(r.text);
  assert.equal(counter(r.text, { outcome: "accepted" }), 2, r.text);
  assert.equal(counter(r.text, { outcome: "rejected", cause: "expired" }), 3, r.text);
  assert.equal(counter(r.text, { outcome: "rejected", cause: "kid_not_found" }), 2, r.text);
  assert.equal(counter(r.text, { outcome: "rejected", cause: "alg_confusion" }), 1, r.text);
  assert.equal(counter(r.text, { outcome: "rejected", cause: "double_bearer" }), 2, r.text);
  assert.equal(counter(r.text, { outcome: "rejected", cause: "missing_token" }), 3, r.text);
  assert.equal(counter(r.text, { outcome: "error", cause: "jwks_unavailable" }), 1, r.text);
});
