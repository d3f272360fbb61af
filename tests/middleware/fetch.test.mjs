// jwt-doctor/fetch as a plain fetch handler (no framework), served on 127.0.0.1 by
// @hono/node-server's `serve({ fetch })`, the way Deno.serve and Bun.serve call one.
//
//   bash scripts/build.sh && node --test tests/middleware/
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "@hono/node-server";
import { createLocalJWKSet, createRemoteJWKSet, createVerifier, JwtConfigError } from "jwt-doctor";
import { authenticate, createAuthenticator, createMetrics, metricsResponse } from "jwt-doctor/fetch";
import {
  assertAnswer, assertLogEntry, AUDIENCE, baseOf, cases, counter, get, ISSUER, makeKeys, makeTokens, REALM,
  startJwksServer,
} from "./helpers.mjs";

const BAD_KEY = { key: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", algorithms: ["RS256"] };

let jwks;
let server;
let base;
let tokens;
let keys;
const logs = [];
const metrics = createMetrics();

function handler() {
  const options = {
    jwks: createRemoteJWKSet(jwks.url), algorithms: ["RS256"], issuer: ISSUER, audience: AUDIENCE,
    realm: REALM, metrics, log: (e) => logs.push(e),
  };
  const badKey = { ...BAD_KEY, log: false };
  const optional = createAuthenticator(createVerifier({ jwks: createLocalJWKSet(keys.jwks), algorithms: ["RS256"] }), { credentialsRequired: false, metrics });
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === "/metrics") return metricsResponse(metrics);
    const auth = pathname === "/bad-key" ? await authenticate(request, badKey)
      : pathname === "/optional" ? await optional(request)
      : await authenticate(request, options);
    return auth.ok ? Response.json({ payload: auth.payload ?? null }) : auth.response;
  };
}

before(async () => {
  keys = makeKeys();
  tokens = makeTokens(keys);
  jwks = await startJwksServer(keys.jwks);
  const fetch = handler();
  server = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  base = baseOf(server);
});

after(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await jwks?.close();
});

test("fetch: each case gets its RFC 6750 answer", async () => {
  for (const c of cases(tokens)) assertAnswer(await get(`${base}/`, c[1]), c, tokens);
  assertLogEntry(logs.find((e) => e.code === "expired"), { code: "expired", kid: "k1", alg: "RS256", requestId: null }, tokens);
});

test("fetch: authenticate() answers 500 for a key that cannot be read; createAuthenticator() throws", async () => {
  const r = await get(`${base}/bad-key`, `Bearer ${tokens.good}`);
  assert.equal(r.status, 500);
  assert.deepEqual(r.body, { error: "server_error" });
  assert.throws(() => createAuthenticator(BAD_KEY), JwtConfigError);
  await assert.rejects(authenticate(new Request("http://x/"), null), TypeError);
});

test("fetch: a verifier with credentialsRequired: false", async () => {
  assert.deepEqual((await get(`${base}/optional`)).body, { payload: null });
  assert.equal((await get(`${base}/optional`, `Bearer ${tokens.good}`)).body.payload.sub, tokens.claims.sub);
  assert.equal((await get(`${base}/optional`, `Bearer ${tokens.confused}`)).body.code, "alg_confusion");
});

test("fetch: the counts of both authenticators in one shared metrics object", async () => {
  const text = (await get(`${base}/metrics`)).text;
  assert.equal(counter(text, { outcome: "accepted" }), 2, text);
  assert.equal(counter(text, { outcome: "rejected", cause: "alg_confusion" }), 2, text);
  assert.equal(counter(text, { outcome: "rejected", cause: "missing_token" }), 1, text);
});
