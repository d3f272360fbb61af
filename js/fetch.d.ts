// jwt-doctor/fetch: for fetch handlers (Workers, Deno.serve, Bun.serve).
import type { Finding, Verified, Verifier } from "./index.js";
import type { Metrics, MiddlewareOptions, OptionsOrFactory } from "./middleware/core.js";
import type { JwtConfigError, JwtError } from "./index.js";

export type { FailureAnswer, Metrics, MiddlewareOptions, RejectionLog } from "./middleware/core.js";
export { createMetrics } from "./middleware/core.js";

/** A verified token's payload. */
export type JWTPayload = Record<string, unknown>;

/** What the option function and the hooks receive: the request and whatever the caller added. */
export type FetchContext = { request: Request } & Record<string, unknown>;

/** A request whose token verified. */
export type Authenticated = { ok: true; payload: JWTPayload; header: Record<string, unknown>; key: Verified["key"]; findings: Finding[] };
/** A request that was answered (`response`): no token, a bad one, or a verifier that cannot work. */
export type Refused = { ok: false; response: Response; error: JwtError | JwtConfigError | null };

/**
 * The outcome of `authenticate()`. With `credentialsRequired: false`, a request without a token
 * is `{ ok: true, payload: undefined }`; otherwise, after `if (!auth.ok)`, `auth.payload` is set.
 */
export type AuthResult = Authenticated | { ok: true; payload: undefined } | Refused;

/** Options that leave `credentialsRequired` at its default (true): a token is always required. */
type Requiring<O> = O & { credentialsRequired?: true };
type FetchOptions = OptionsOrFactory<FetchContext, Response | undefined | void>;
type FetchMiddlewareOptions = MiddlewareOptions<FetchContext, Response | undefined | void>;

/**
 * Verifies the token of `request`: `{ ok: true, … }`, or `{ ok: false, response }` with the
 * RFC 6750 answer to return. Each distinct options object is compiled once: pass the same one.
 */
export declare function authenticate(
  request: Request,
  verifierOrOptions: Verifier | Requiring<Exclude<FetchOptions, Function>>,
  middlewareOptions?: Requiring<FetchMiddlewareOptions>,
): Promise<Authenticated | Refused>;
export declare function authenticate(
  request: Request,
  verifierOrOptions: Verifier | FetchOptions,
  middlewareOptions?: FetchMiddlewareOptions,
): Promise<AuthResult>;

/** An authenticator for one configuration, with the counters it records into. */
export interface Authenticator {
  (request: Request, ctx?: Record<string, unknown>): Promise<AuthResult>;
  readonly metrics: Metrics;
}

export declare function createAuthenticator(
  verifierOrOptions: Verifier | OptionsOrFactory<FetchContext, Response | undefined | void>,
  middlewareOptions?: MiddlewareOptions<FetchContext, Response | undefined | void>,
): Authenticator;

/** A Response with the Prometheus text of `metrics`. */
export declare function metricsResponse(metrics: Metrics): Response;
