// `jwt-doctor/hono`: a drop-in for `hono/jwt` that says why a token was refused.
//
//   import { jwt } from "jwt-doctor/hono";
//   app.use("/api/*", jwt({ jwks, algorithms: ["RS256"], issuer, audience }));
//   app.get("/api/me", (c) => c.json(c.get("jwtPayload")));
//
// Nothing here imports hono: the middleware only calls `c.req.header()`, `c.set()` and
// `c.json()`, so the package has no runtime dependency on it.
import { createGuard, runHook, toResponse } from "./middleware/core.js";
import { createMetrics, metricsResponse } from "./middleware/metrics.js";

/**
 * Hono middleware: verifies the request's token and sets `c.get("jwtPayload")`; otherwise
 * answers 401 (RFC 6750), or 500/503 when the verifier cannot work. `options` are verify()'s
 * options plus the middleware's (realm, cookie, getToken, log, sample, metrics, onFailure,
 * onError, credentialsRequired, verifier), or a function `(c) => options` returning the same
 * object for the same configuration (it is compiled once per object).
 * @param {object | ((c: object) => object | Promise<object>)} options
 */
export function jwt(options) {
  const guard = createGuard(options, "jwt");
  const middleware = async (c, next) => {
    const result = await guard.check({ header: (name) => c.req.header(name), ctx: c });
    if (result.ok) {
      if (result.verified) {
        c.set("jwtPayload", result.verified.payload);
        c.set("jwtVerified", result.verified);
      }
      return next();
    }
    let custom = runHook(result, { c });
    if (custom !== undefined) custom = await custom; // no hook: no turn of the queue
    if (custom instanceof Response) return custom;
    // c.json keeps headers set earlier in the chain (CORS); a bare Response where there is none
    if (typeof c.json !== "function") return toResponse(result.failure);
    return c.json(result.failure.body, result.failure.status, result.failure.headers);
  };
  middleware.metrics = guard.metrics;
  return middleware;
}

/** A Hono handler answering the Prometheus text of `metrics`: `app.get("/metrics", metricsHandler(m))`. */
export function metricsHandler(metrics) {
  return () => metricsResponse(metrics);
}

export { createMetrics };
