// Types shared by jwt-doctor/hono, /express and /fetch. No framework's types are imported:
// the middleware is typed by the few members it uses, so tsc needs neither hono nor express.
import type { CheckName, FindingCode, JwtConfigError, JwtError, Report, Severity, Verified, Verifier, VerifierState, VerifyOptions } from "../index.js";

/** Counters one or more middleware share (`createMetrics()`). */
export interface Metrics {
  /** Counts one validation: outcome "accepted", "rejected" (bad or missing token) or "error" (verifier). */
  record(outcome: "accepted" | "rejected" | "error", cause?: string, issuer?: string): void;
  /** Reports a verifier's state (configuration fingerprint, key sets, clock offsets) with these metrics. */
  register(verifier: { state(): VerifierState }): void;
  /** The state of the verifiers these metrics serve. */
  state(): VerifierState[];
  /** Counts a full diagnosis that sampling kept out of the log. */
  sampledOut(cause: string): void;
  /** Counts a rejection log line left out by the rate limit (`logLimit`). */
  logSuppressed?(cause: string): void;
  /** Counts a token accepted with a remote key set that could not be refreshed. */
  staleServed?(): void;
  /** The counts as plain data. */
  snapshot(): {
    accepted: number; rejected: Record<string, number>; errors: Record<string, number>; sampledOut: Record<string, number>;
    logSuppressed?: Record<string, number>; staleServed?: number;
  };
  /** Prometheus text exposition (`jwt_validation_total`, `jwt_diagnosis_sampled_out_total`). */
  prometheus(): string;
}

/**
 * Counters for `options.metrics`, also recorded as the OpenTelemetry counter `jwt.validation`
 * when `@opentelemetry/api` is installed (`otel: false` to keep them out).
 */
export declare function createMetrics(options?: { otel?: boolean }): Metrics;

/** The object logged for each rejected request (`options.log`). Never the token, never a claim but `iss`. */
export interface RejectionLog {
  event: "jwt_rejected" | "jwt_config_error" | "jwt_jwks_stale";
  /** The finding code, "missing_token", or "multiple_authorization" (two Authorization headers). */
  code: FindingCode | "missing_token" | "multiple_authorization";
  check: CheckName | "token" | null;
  severity: Severity;
  kind: "token" | "config";
  /** Config errors only: `JwtConfigError.reason` and `.transient`. */
  reason?: string | null;
  transient?: boolean;
  kid: string | null;
  iss: string | null;
  alg: string | null;
  /** From the x-request-id or cf-ray header. */
  requestId: string | null;
  /** First 16 characters of the base64url SHA-256 of the token. */
  fingerprint: string | null;
  /** ISO 8601. */
  ts: string;
  /**
   * The full diagnosis, for at most `sample` rejections per cause per minute: a copy whose
   * payload keeps only iss, aud, exp, nbf, iat and the claims named in `logClaims`.
   */
  report?: Report & { redacted?: string[] };
  /** How many lines of this cause the rate limit (`logLimit`) left out before this one. */
  suppressed?: number;
  /** jwt_jwks_stale: why the key set could not be refreshed. */
  error?: string | null;
  /** How many diagnoses of this cause sampling left out this minute. */
  sampledOut?: number;
}

/** The default answer of a failure, handed to the hooks. */
export interface FailureAnswer {
  status: 400 | 401 | 500 | 503;
  headers: Record<string, string>;
  body: { error: "invalid_token"; code: FindingCode } | { error: "unauthorized"; code: "missing_token" } | { error: "server_error" }
    | { error: "invalid_token"; code?: "expired" | "invalid" } | { error: "invalid_request"; code?: "multiple_authorization" };
}

/** The options of every middleware, besides verify()'s. */
export interface MiddlewareOptions<Ctx, HookResult> {
  /** A verifier from createVerifier(), instead of verify options. */
  verifier?: Verifier;
  /** The realm of the `WWW-Authenticate` challenge (default "api"). */
  realm?: string;
  /** Read the token from this cookie instead of the Authorization header. */
  cookie?: string;
  /** Read the token yourself (undefined: the request has none). */
  getToken?: (ctx: Ctx) => string | undefined | Promise<string | undefined>;
  /** false: a request without a token passes through, unauthenticated (default true). */
  credentialsRequired?: boolean;
  /** Where rejections are logged, one object each (default: one JSON line on console.warn); false: nowhere. */
  log?: ((entry: RejectionLog) => void) | false;
  /** Full diagnoses logged per cause per minute (default 2). */
  sample?: number;
  /** Rejection log lines per cause per minute (default 60); the rest are counted. */
  logLimit?: number;
  /** Claims kept in a logged diagnosis besides iss, aud, exp, nbf and iat (default none: claims may be personal data). */
  logClaims?: string[];
  /** What a client is told of a rejected token: the finding code (default), "class" (expired or invalid), or "none". */
  errorDetail?: "code" | "class" | "none";
  /** Counters to share between middleware (default: the middleware's own, as `.metrics`). */
  metrics?: Metrics;
  /** Builds the answer to a bad (JwtError) or missing (null) token. */
  onFailure?: (error: JwtError | null, ctx: Ctx & FailureAnswer) => HookResult | Promise<HookResult>;
  /** Builds the answer when the verifier cannot work (a key that cannot be read, a JWKS that is down). */
  onError?: (error: JwtConfigError, ctx: Ctx & FailureAnswer) => HookResult | Promise<HookResult>;
}

/** verify()'s options and the middleware's in one object, or the middleware's with a verifier. */
export type Options<Ctx, HookResult> =
  | (VerifyOptions & Omit<MiddlewareOptions<Ctx, HookResult>, "verifier">)
  | (MiddlewareOptions<Ctx, HookResult> & { verifier: Verifier });

/** Options, or a function of the request's context returning them (the same object for the same configuration). */
export type OptionsOrFactory<Ctx, HookResult> =
  | Options<Ctx, HookResult>
  | ((ctx: Ctx) => Options<Ctx, HookResult> | Promise<Options<Ctx, HookResult>>);

export type { Verified };
