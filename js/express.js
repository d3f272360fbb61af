// `jwt-doctor/express`: express-jwt's shape (`req.auth`, `credentialsRequired`) with answers
// that say why a token was refused.
//
//   import { jwt } from "jwt-doctor/express";
//   app.use("/api", jwt({ jwks, algorithms: ["RS256"], issuer, audience }));
//   app.get("/api/me", (req, res) => res.json(req.auth));
//
// Only Node's own request and response methods are used, so it works in Express 4 and 5 (and
// Connect) without importing any of them.
import { createGuard, runHook } from "./middleware/core.js";
import { createMetrics, PROMETHEUS_CONTENT_TYPE } from "./middleware/metrics.js";

function headerOf(req) {
  return (name) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(", ") : v;
  };
}

// How many times a header appears in the request as received (Node keeps only the first
// Authorization header in req.headers).
function countOf(req) {
  return (name) => {
    const raw = req.rawHeaders;
    if (!Array.isArray(raw)) return req.headers[name] === undefined ? 0 : 1;
    let n = 0;
    for (let i = 0; i < raw.length; i += 2) if (raw[i].length === name.length && raw[i].toLowerCase() === name) n++;
    return n;
  };
}

function send(res, status, headers, body) {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.end(body);
}

/**
 * Express middleware: verifies the request's token and sets `req.auth` (the payload) and
 * `req.jwt` (everything verify() resolved to); otherwise answers 401 (RFC 6750), or 500/503
 * when the verifier cannot work. `credentialsRequired: false` lets a request without a token
 * through with `req.auth` undefined. `options` as for `jwt-doctor/hono`; the option function
 * receives `{ req, res }`.
 * @param {object | ((ctx: { req: object, res: object }) => object | Promise<object>)} options
 */
export function jwt(options) {
  const guard = createGuard(options, "jwt");
  const middleware = (req, res, next) => {
    const ctx = { req, res };
    guard.check({ header: headerOf(req), count: countOf(req), ctx }).then(async (result) => {
      if (result.ok) {
        if (result.verified) {
          req.auth = result.verified.payload;
          req.jwt = result.verified;
        }
        return next();
      }
      const hooked = runHook(result, ctx);
      if (hooked !== undefined) await hooked;
      if (res.headersSent || res.writableEnded) return; // the hook answered
      send(res, result.failure.status, result.failure.headers, JSON.stringify(result.failure.body));
    }).catch(next);
  };
  middleware.metrics = guard.metrics;
  return middleware;
}

/** An Express handler answering the Prometheus text of `metrics`: `app.get("/metrics", metricsHandler(m))`. */
export function metricsHandler(metrics) {
  return (_req, res) => send(res, 200, { "content-type": PROMETHEUS_CONTENT_TYPE }, metrics.prometheus());
}

export { createMetrics };
