// jwt-doctor/hono. Typed structurally (what the middleware uses of Hono's Context); Hono's
// Context satisfies them. The one reference to hono itself is the ContextVariableMap
// augmentation below (a project that uses this entry has hono installed).
import type { JWTPayload } from "./fetch.js";
import type { Metrics, OptionsOrFactory, Verified } from "./middleware/core.js";

export type { FailureAnswer, Metrics, MiddlewareOptions, RejectionLog } from "./middleware/core.js";
export { createMetrics } from "./middleware/core.js";

/** What the middleware uses of Hono's Context. */
export interface HonoContextLike {
  req: { header(name: string): string | undefined };
  // method syntax: parameters compared bivariantly, so Hono's generic, key-typed `set` fits
  set(key: "jwtPayload", value: JWTPayload): void;
  env?: unknown;
}

/** The variables the middleware sets: `new Hono<{ Variables: JwtVariables }>()` types `c.get()`. */
export type JwtVariables = { jwtPayload: JWTPayload; jwtVerified: Verified };

// On a plain `new Hono()` too, `c.get("jwtPayload")` is typed (as hono/jwt does): importing
// jwt-doctor/hono adds the variables to Hono's ContextVariableMap.
declare module "hono" {
  interface ContextVariableMap {
    jwtPayload: JWTPayload;
    jwtVerified: Verified;
  }
}

/** Hono middleware, with the counters it records into. */
export interface HonoJwtMiddleware<C extends HonoContextLike = HonoContextLike> {
  (c: C, next: () => Promise<void>): Promise<Response | void>;
  readonly metrics: Metrics;
}

/**
 * Verifies the request's token and sets `c.get("jwtPayload")` (and `c.get("jwtVerified")`);
 * otherwise answers 401 per RFC 6750, or 500/503 when the verifier cannot work. `onFailure` and
 * `onError` may return a Response to answer instead.
 */
export declare function jwt<C extends HonoContextLike = HonoContextLike>(
  options: OptionsOrFactory<C, Response | undefined | void>,
): HonoJwtMiddleware<C>;

/** A handler answering the Prometheus text of `metrics`. */
export declare function metricsHandler(metrics: Metrics): () => Response;
