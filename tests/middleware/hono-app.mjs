// The Hono app of the middleware tests, the same source on Node (@hono/node-server) and in
// workerd (bundled by wrangler): every route reads its configuration from `env` (Worker
// bindings) or from the `defaults` Node passes, and the log objects and metrics are read back
// over HTTP (/logs, /metrics), so both runtimes answer one set of assertions.
import { Hono } from "hono";
import { createRemoteJWKSet } from "jwt-doctor";
import { authenticate } from "jwt-doctor/fetch";
import { createMetrics, jwt, metricsHandler } from "jwt-doctor/hono";

import { AUDIENCE, ISSUER, REALM } from "./constants.mjs";

export function createApp(defaults) {
  const logs = [];
  const metrics = createMetrics();
  const log = (entry) => logs.push(entry);
  const common = { algorithms: ["RS256"], issuer: ISSUER, audience: AUDIENCE, realm: REALM, metrics, log };
  const envOf = (c) => defaults ?? c.env;

  // One key set per URL, one options object per route and URL: the middleware compiles each
  // distinct object once, and the routes share the fetched key set.
  const remotes = new Map();
  const remote = (url) => {
    if (!remotes.has(url)) remotes.set(url, createRemoteJWKSet(url, { timeout: 3 }));
    return remotes.get(url);
  };
  const byRoute = new Map();
  const optionsFor = (url, route, extra = {}) => {
    const key = `${route} ${url}`;
    if (!byRoute.has(key)) byRoute.set(key, { ...common, jwks: remote(url), sample: 1, ...extra });
    return byRoute.get(key);
  };

  const app = new Hono();
  app.use("/api/*", jwt((c) => optionsFor(envOf(c).JWKS_URL, "api")));
  app.use("/down/*", jwt((c) => optionsFor(envOf(c).DEAD_JWKS_URL, "down")));
  app.use("/cookie/*", jwt((c) => optionsFor(envOf(c).JWKS_URL, "cookie", { cookie: "session" })));
  app.use("/hook/*", jwt((c) => optionsFor(envOf(c).JWKS_URL, "hook", {
    onFailure: (err) => new Response(`custom ${err ? err.code : "missing"}`, { status: 401, headers: { "x-hook": "1" } }),
  })));
  for (const prefix of ["/api", "/down", "/cookie", "/hook"]) {
    app.get(`${prefix}/me`, (c) => c.json({ payload: c.get("jwtPayload") }));
  }
  // jwt-doctor/fetch in the same app: the plain-handler form
  app.get("/fetch/me", async (c) => {
    const auth = await authenticate(c.req.raw, optionsFor(envOf(c).JWKS_URL, "api"));
    return auth.ok ? Response.json({ payload: auth.payload, kid: auth.key.kid }) : auth.response;
  });
  app.get("/metrics", metricsHandler(metrics));
  app.get("/logs", (c) => c.json(logs));
  app.get("/health", (c) => c.text("ok"));
  return app;
}
