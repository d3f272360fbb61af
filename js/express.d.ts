// jwt-doctor/express. Typed structurally (the members of Node's request and response the
// middleware uses), so these declarations compile without express, @types/express or
// @types/node; Express's Request and Response fit, and flow through to the hooks.
import type { JWTPayload } from "./fetch.js";
import type { Metrics, OptionsOrFactory, Verified } from "./middleware/core.js";

export type { FailureAnswer, Metrics, MiddlewareOptions, RejectionLog } from "./middleware/core.js";
export { createMetrics } from "./middleware/core.js";

/** What the middleware reads of a request. */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/** What the middleware uses of a response. */
export interface ResponseLike {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/** What the middleware adds to the request: `auth` is the payload (express-jwt's name), `jwt` all of verify()'s result. */
export interface AuthFields {
  auth?: JWTPayload;
  jwt?: Verified;
}

/** What the option function and the hooks receive. */
export interface ExpressContext<Req extends RequestLike = RequestLike, Res extends ResponseLike = ResponseLike> {
  req: Req & AuthFields;
  res: Res;
}

/** Express (or Connect) middleware, with the counters it records into. */
export interface ExpressJwtMiddleware<Req extends RequestLike = RequestLike, Res extends ResponseLike = ResponseLike> {
  (req: Req & AuthFields, res: Res, next: (err?: unknown) => void): void;
  readonly metrics: Metrics;
}

/**
 * Verifies the request's token and sets `req.auth` (the payload) and `req.jwt`; otherwise
 * answers 401 per RFC 6750, or 500/503 when the verifier cannot work. A hook that sends a
 * response replaces the default answer.
 */
export declare function jwt<Req extends RequestLike = RequestLike, Res extends ResponseLike = ResponseLike>(
  options: OptionsOrFactory<ExpressContext<Req, Res>, unknown>,
): ExpressJwtMiddleware<Req, Res>;

/** A handler answering the Prometheus text of `metrics`. */
export declare function metricsHandler(metrics: Metrics): (req: RequestLike, res: ResponseLike) => void;
