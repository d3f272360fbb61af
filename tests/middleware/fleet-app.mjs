// One instance of a service for the fleet test (fleet.test.mjs), run as its own process: Hono
// (@hono/node-server) or Express 5 behind jwt-doctor's middleware, with its metrics at /metrics.
// The environment configures it: FRAMEWORK (hono|express), PORT, JWKS_URL, AUDIENCE,
// CLOCK_SKEW (seconds this instance's clock runs ahead). POST /partition cuts it off from the
// key set's server (its fetches fail, as when its network path to the issuer breaks).
const skew = Number(process.env.CLOCK_SKEW ?? 0) * 1000;
if (skew) {
  const realNow = Date.now;
  Date.now = () => realNow() + skew;
}

const { createRemoteJWKSet } = await import("jwt-doctor");
const { ISSUER } = await import("./constants.mjs");

let partitioned = false;
const fetchThrough = (url, init) => (partitioned ? Promise.reject(new TypeError("fetch failed: network unreachable")) : fetch(url, init));
const jwks = createRemoteJWKSet(process.env.JWKS_URL, { cacheMaxAge: 2, cooldown: 1, timeout: 2, fetch: fetchThrough });
const options = { algorithms: ["RS256"], issuer: ISSUER, audience: process.env.AUDIENCE, jwks, log: false };
const port = Number(process.env.PORT);

if (process.env.FRAMEWORK === "express") {
  const { default: express } = await import("express");
  const { createMetrics, jwt, metricsHandler } = await import("jwt-doctor/express");
  const metrics = createMetrics({ otel: false });
  const app = express();
  app.post("/partition", (_req, res) => {
    partitioned = true;
    res.send("partitioned");
  });
  app.get("/metrics", metricsHandler(metrics));
  app.use("/api", jwt({ ...options, metrics }));
  app.get("/api/me", (req, res) => res.json({ sub: req.auth?.sub ?? null }));
  app.listen(port, "127.0.0.1", () => process.stdout.write("listening\n"));
} else {
  const { Hono } = await import("hono");
  const { serve } = await import("@hono/node-server");
  const { createMetrics, jwt, metricsHandler } = await import("jwt-doctor/hono");
  const metrics = createMetrics({ otel: false });
  const app = new Hono();
  app.post("/partition", (c) => {
    partitioned = true;
    return c.text("partitioned");
  });
  app.get("/metrics", metricsHandler(metrics));
  app.use("/api/*", jwt({ ...options, metrics }));
  app.get("/api/me", (c) => c.json({ sub: c.get("jwtPayload")?.sub ?? null }));
  serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => process.stdout.write("listening\n"));
}
