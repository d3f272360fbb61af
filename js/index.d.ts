import type { FindingCode } from "./findings.js";
import type { Algorithm } from "./algs.js";
export type { FindingCode } from "./findings.js";
export type { Algorithm, AlgorithmFamily, AlgorithmInfo } from "./algs.js";
export { ALGORITHMS } from "./algs.js";

/** How bad a finding is. Only errors make a token invalid. */
export type Severity = "error" | "warning" | "info";
/** The fixed checklist, in order. */
export type CheckName =
  | "format" | "algorithm" | "key" | "signature" | "exp" | "nbf" | "iat"
  | "iss" | "aud" | "sub" | "typ" | "required" | "crit";
/**
 * A check's outcome: "skip" when the claim is absent or an earlier failure prevented it,
 * "unchecked" when nothing was configured to compare with (no issuer, audience, subject, typ,
 * required claims or key): never a pass.
 */
export type CheckStatus = "pass" | "fail" | "warn" | "skip" | "unchecked";

/** One finding: the cause in words, what to change, and the evidence. */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  check: CheckName;
  message: string;
  hint: string;
  detail: Record<string, unknown>;
}

/** The report of `inspect()`. No secret, no private key, never the full token; it does hold the decoded claims (personal data, often). */
export interface Report {
  /** True iff a trusted key verified the signature and no finding is an error. */
  valid: boolean;
  /**
   * The main cause when the token is invalid (null when valid): the first error, or the
   * diagnosis that explains it (`explains` is then that error's code), with its fix in `hint`.
   */
  cause: (Finding & { explains: FindingCode | null }) | null;
  /**
   * `provider`: the identity provider recognised from the payload's `iss` (and, for issuers of
   * any host, its claims; null when none is): `id` as in a finding's `detail.provider` ("entra",
   * "google", "firebase", "cognito", "auth0", "okta", "keycloak", "github", "gitlab",
   * "kubernetes", "apple", "supabase", "clerk"), `name` for people ("Microsoft Entra ID (v2
   * issuer)"). `kind`: that provider's kind of token, told by its claims ("access", "id",
   * "refresh", "session_cookie", "custom", "iap", "anon_key"…; null when none is). See
   * docs/PROVIDERS.md.
   */
  token: {
    bytes: number;
    sha256: string | null;
    repaired: FindingCode[];
    provider: { id: string; name: string } | null;
    kind: string | null;
  };
  header: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  signature: { alg: string | null; verified: boolean; kid: string | null; keysTried: number; thumbprint: string | null };
  times: { now: string | null; exp: string | null; expiresIn: number | null; nbf: string | null; iat: string | null };
  checks: { check: CheckName; status: CheckStatus; code: FindingCode | null }[];
  findings: Finding[];
}

/** A JSON Web Key. */
export interface JWK { kty: string; kid?: string; alg?: string; use?: string; key_ops?: string[]; [member: string]: unknown }
/** A JSON Web Key Set. */
export interface JWKS { keys: JWK[] }
/**
 * An X.509 certificate map, `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }`, as Google's and
 * Firebase's certificate endpoints serve it: accepted wherever a JWK Set is, each certificate's
 * key under its kid, with the info finding `jwks_certificate_map`.
 */
export type CertificateMap = Record<string, string>;

/** A key set held in memory (`createLocalJWKSet`). */
export declare class LocalJWKSet { readonly jwks: JWKS | CertificateMap; constructor(jwks: JWKS | CertificateMap | string) }
/** A key set fetched from a URL (`createRemoteJWKSet`, `discoverJWKS`). */
export declare class RemoteJWKSet {
  readonly url: string;
  /**
   * The issuer its discovery document names (`discoverJWKS`), else null: a token of another
   * issuer whose kid the set lacks gets `kid_not_found` with `detail.jwksIssuer` (another
   * environment's keys).
   */
  readonly issuer: string | null;
  constructor(url: string | URL, options?: RemoteJWKSetOptions);
  resolve(kid?: string): Promise<{ jwks: JWKS | CertificateMap; stale: string | null }>;
  /** What the set knows of itself (no key material): kids and since when, fetches, staleness. */
  state(): KeySetState;
}
/** A remote key set's state (times in milliseconds since the epoch). */
export interface KeySetState {
  url: string;
  /** The kids of the last good set. */
  kids: (string | undefined)[];
  /** When the set first held each kid it holds now. */
  firstSeen: Record<string, number>;
  /** The last good fetch, or null before the first. */
  fetchedAt: number | null;
  ageSeconds: number | null;
  /** Why the last refresh failed while an older set is served, or null. */
  stale: string | null;
  /** How long the set has been served past its age without a good refresh (0 when fresh). */
  staleSeconds: number;
  maxStaleSeconds: number;
  lastAttempt: { at: number; ok: boolean; result: string; error: string | null } | null;
  /** Fetches by result: "ok", "timeout", "http_500", "not_json", "too_large", "redirect", ... */
  fetches: Record<string, number>;
  /** Failed attempts in a row. */
  failures: number;
  /** A refresh is under way. */
  refreshing: boolean;
  nextAttemptInSeconds: number;
}
/** A verifier's state (`createVerifier().state()`): never a secret or key material. */
export interface VerifierState {
  /** A short stable hash of the non-secret configuration. */
  fingerprint: string;
  /** The package version. */
  version: string;
  /** The readable parts the fingerprint covers (lists joined by spaces). */
  issuer: string;
  audience: string;
  algorithms: string;
  /** The key source: a remote set's URL, a local set's kids, a public key's hash, or "secret". */
  keys: string;
  keySets: KeySetState[];
  /** Per issuer: the estimated offset of its clock from this instance's (positive: ahead). */
  clockOffsets: Record<string, { offsetSeconds: number; samples: number; warning: boolean }>;
}
/** `RemoteJWKSet.state()`, by its other name. */
export type RemoteJWKSetState = KeySetState;
/** Options of a remote key set; durations in seconds. */
export interface RemoteJWKSetOptions {
  /**
   * Refetch after this many seconds at most (default 600; the issuer's Cache-Control max-age
   * is honoured within [cooldown, cacheMaxAge]). Seconds, not jose's milliseconds: more than a
   * day is refused as a probable mix-up.
   */
  cacheMaxAge?: number;
  /** Refetch for an unknown kid at most this often, in seconds (default 30). */
  cooldown?: number;
  /** Give up a fetch after this many seconds (default 5). */
  timeout?: number;
  /**
   * Use a set that cannot be refreshed for at most this many seconds after its last good
   * fetch, then fail closed with JwtConfigError (transient; 503 from the middleware). Default
   * 86400 (a day), at least cacheMaxAge.
   */
  maxStale?: number;
  /** The fetch to use (default the global fetch). */
  fetch?: typeof fetch;
  /**
   * A cache shared beyond this instance (a Worker's KV or Cache API, a Map in tests): a set
   * fetched by another isolate and still fresh is taken from it; a fetched set is stored in it.
   * Both are given the set's URL; an entry whose `url` is another set's is never used.
   */
  cache?: {
    get(url: string): JWKSCacheEntry | undefined | Promise<JWKSCacheEntry | undefined>;
    set(entry: JWKSCacheEntry, url: string): void | Promise<void>;
  };
}
/** What a remote key set stores in a shared cache. */
export interface JWKSCacheEntry {
  /** The URL of the set (an entry without it, or with another, is a miss). */
  url?: string;
  jwks: JWKS | CertificateMap;
  /** When it was fetched (milliseconds since the epoch). */
  fetchedAt: number;
  /** How long it is fresh, in seconds (Cache-Control max-age within [cooldown, cacheMaxAge]). */
  ttl: number;
}

/**
 * The allowed algorithms: the names of `Algorithm` (offered by editors), as a mutable or read-only
 * array, so that an options object declared on its own (`algorithms: string[]`) or `as const`
 * compiles. A name jwt-doctor does not know is a TypeError when the options are checked
 * (`createVerifier()` at start-up), not a compile error.
 */
export type AlgorithmList = readonly (Algorithm | (string & {}))[];

/** Options of `inspect()` and `verify()`. Unknown names throw a TypeError. */
export interface Options {
  /**
   * PEM text, a JWK (object or JSON), an HMAC secret (string or bytes), a Node KeyObject or a
   * Web Crypto CryptoKey (with the "verify" usage; outside Node, extractable).
   */
  key?: string | JWK | Uint8Array | ArrayBuffer | CryptoKey | object;
  /** A JWK Set or certificate map (object or JSON), a local set, or (verify only) a remote set. */
  jwks?: JWKS | CertificateMap | string | LocalJWKSet | RemoteJWKSet;
  /** How a secret given as text is decoded (default "utf8"). */
  secretEncoding?: "utf8" | "base64" | "base64url" | "hex";
  /** The allowed algorithms; required by verify(). */
  algorithms?: AlgorithmList;
  /** Expected iss (one of). */
  issuer?: string | readonly string[];
  /** Expected aud (one of). */
  audience?: string | readonly string[];
  /** Expected sub. */
  subject?: string;
  /** Expected header typ ("JWT", "at+jwt"; the "application/" prefix is optional). */
  typ?: string;
  /** Claims that must be present. */
  requiredClaims?: readonly string[];
  /** Clock tolerance in seconds (default 0). */
  leeway?: number;
  /** Oldest acceptable token (now - iat), in seconds. */
  maxTokenAge?: number;
  /** The current time in seconds since the epoch (default: the clock). */
  now?: number;
  /** Largest token accepted, in bytes (default 16384, at most 1 MiB). */
  maxTokenBytes?: number;
}

/** Options of `verify()`: those of `inspect()` plus where the signature primitive runs. */
export interface VerifyOptions extends Options {
  /** The allowed algorithms (required). */
  algorithms: AlgorithmList;
  /**
   * "native" (default): node:crypto or WebCrypto checks the signature, WebAssembly everything
   * else; "wasm": everything in WebAssembly. Both give the same verdicts.
   */
  crypto?: "native" | "wasm";
}

/** The registered claims (RFC 7519 §4.1), as verify() has checked their types. */
export interface JWTPayload {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  jti?: string;
  [claim: string]: unknown;
}

/** What `verify()` resolves to; `T` types the payload's own claims. */
export interface Verified<T = Record<string, unknown>> {
  /** Parsed from the token when first read (most callers never do); assignable like the rest. */
  header: { alg: Algorithm; kid?: string; typ?: string; [member: string]: unknown };
  payload: T & JWTPayload;
  key: { kid: string | null; alg: string | null; thumbprint: string | null };
  /** Warnings and infos worth logging (jwks_stale, hmac_secret_short, …). */
  findings: Finding[];
}

/**
 * The error `verify()` rejects a token with (answer 401). `code` and `finding` are the main
 * cause (read `finding.hint` for the fix; `findings[0]` may be a warning); `findings` are those
 * found at the cost of the checks that ran.
 */
export declare class JwtError extends Error {
  readonly name: "JwtError";
  readonly kind: "token";
  readonly code: FindingCode;
  /** The main cause, with its hint. */
  readonly finding: Finding | null;
  /** The findings found before verify() stopped (warnings included). */
  readonly findings: Finding[];
  /**
   * The full diagnosis (other keys of the set tried, secret encodings, forgery proof): computed
   * when first read, then kept. Safe to log. `null` for `decode()` and `tokenFromAuthorization()`.
   */
  report: Report | null;
}

/**
 * The error of a verifier that cannot work whatever the token (answer 500, or 503 when
 * `transient`): a key that cannot be read, a CryptoKey that cannot verify signatures, a JWK Set
 * URL that is down or answers something other than a JWK Set. Not a JwtError.
 */
export declare class JwtConfigError extends Error {
  readonly name: "JwtConfigError";
  readonly kind: "config";
  readonly code: FindingCode;
  /** `detail.reason` of the finding: "jwks_unavailable", "crypto_key", "der", "empty_secret"… */
  readonly reason: string | null;
  /** True when retrying later may work (a remote key set that could not be fetched). */
  readonly transient: boolean;
  /** Transient errors: seconds until the key source is tried again (HTTP Retry-After); else null. */
  readonly retryAfter: number | null;
  readonly finding: Finding;
  readonly findings: Finding[];
}

/** A verifier for one configuration (`createVerifier`). */
export interface Verifier {
  /** Verifies a token; rejects with JwtError (bad token) or JwtConfigError (bad configuration). */
  verify<T = Record<string, unknown>>(token: string): Promise<Verified<T>>;
  /** The options it was created with (a frozen copy). */
  readonly options: Readonly<VerifyOptions>;
  /** Its state as data: configuration fingerprint, version, key sets, clock offsets. */
  state(): VerifierState;
}

/** One entry of the finding catalogue. */
export interface CatalogueEntry {
  code: FindingCode; severity: Severity; check: CheckName; description: string; hint: string; pyjwt: string; jose: string;
}
/** The catalogue of every finding code. */
export declare const FINDINGS: readonly CatalogueEntry[];

/** Inspects a token and explains every problem. Throws only for misuse (TypeError). */
export declare function inspect(token: string, options?: Options): Report;
/**
 * Verifies a token. Requires `algorithms` and `key` or `jwks`. Rejects with JwtError for a bad
 * token and JwtConfigError when the key or key set cannot be used; TypeError for misuse.
 */
export declare function verify<T = Record<string, unknown>>(token: string, options: VerifyOptions): Promise<Verified<T>>;
/**
 * Checks the options and imports the keys once (the production path): throws JwtConfigError
 * here for a key that cannot be read, TypeError for misuse.
 */
export declare function createVerifier(options: VerifyOptions): Verifier;
/** Decodes a token WITHOUT verifying it. Throws JwtError when it cannot be decoded. */
export declare function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signature: string };
/** What `summarize()` returns: the verdict, every finding code, and the claims triage counts. */
export interface Summary {
  valid: boolean;
  verified: boolean;
  codes: FindingCode[];
  /** The first error's code: the main cause. */
  main: FindingCode | null;
  /** Whether the header and the payload decoded. */
  header: boolean;
  payload: boolean;
  alg: string | null;
  kid: unknown;
  iss: unknown;
  aud: unknown;
  exp: unknown;
  iat: unknown;
  /** `report.token.provider.name`: the identity provider recognised from `iss`, or null. */
  provider: string | null;
  /** With `alg_confusion`: true when the public key forges the token (an attack), false when it
   * does not (a configuration mismatch); null otherwise. */
  forged: boolean | null;
}
/** Options compiled once, for many tokens. */
export interface Inspector {
  /** The same report as `inspect()`; `now` defaults to `options.now`, then the clock. */
  inspect(token: string, now?: number): Report;
  /** The verdict, codes and triage claims, much cheaper than a report. */
  summarize(token: string, now?: number): Summary;
}
/** Compiles options once (keys imported, options checked) for inspecting many tokens. */
export declare function createInspector(options?: Options): Inspector;
/** What a key is, as verify() reads it. */
export interface KeyDescription {
  /** "private": a private key, whose public half verifies; "invalid": it cannot be read (`what` says why). */
  kind: "secret" | "public" | "private" | "set" | "invalid";
  /** In words: "an RSA key (2048 bits)", "an HMAC secret of 32 bytes", "a JWK Set of 3 keys". */
  what: string;
  /** It holds secret material (an HMAC secret, a private key): keep it out of links, tickets and logs. */
  sensitive: boolean;
  /** `detail.reason` of the import error, for an invalid key. */
  reason: string | null;
}
/** Describes a key as verify() reads it (kind, words, whether it is secret). TypeError for misuse. */
export declare function describeKey(key: Options["key"], options?: { secretEncoding?: Options["secretEncoding"] }): KeyDescription;
/** The bare signature primitive over bytes (no token, no claims). Throws TypeError for an unknown alg or unreadable key. */
export declare function verifySignature(alg: Algorithm, key: string | JWK | Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
/** Reads the token of an `Authorization: Bearer …` header value, strictly. */
export declare function tokenFromAuthorization(value: string | null | undefined): string;
/** A key set from a JWK Set object or JSON. */
export declare function createLocalJWKSet(jwks: JWKS | CertificateMap | string): LocalJWKSet;
/** A remote key set (durations in seconds). */
export declare function createRemoteJWKSet(url: string | URL, options?: RemoteJWKSetOptions): RemoteJWKSet;
/** Discovers the JWKS of an OpenID issuer through /.well-known/openid-configuration. */
export declare function discoverJWKS(issuer: string, options?: RemoteJWKSetOptions): Promise<RemoteJWKSet>;
/**
 * Instantiates the WebAssembly module (browsers: call once before inspect/decode; idempotent;
 * a no-op on Node and workerd). Accepts a URL, a Response, bytes or a WebAssembly.Module.
 */
export declare function init(input?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** A stack `fixFor()` writes for. */
export type FixStack = "jose" | "jsonwebtoken" | "fast-jwt" | "pyjwt" | "hono" | "spring";
/** The stacks `fixFor()` writes for. */
export declare const FIX_STACKS: readonly FixStack[];
/** One fix: the corrected call or configuration for a finding, or guidance only. */
export interface Fix {
  /** The finding it fixes. */
  code: FindingCode;
  stack: FixStack;
  /** The snippet's language ("properties" or "java" for Spring). */
  language: "javascript" | "python" | "properties" | "java";
  /**
   * The corrected call in the library's own syntax and units, with this token's values and the
   * options used; it names `token`, `key` (your key, as your code has it) and `secret`. null when
   * no setting may or need fix it (a forgery, a long-expired token, a library without the option).
   */
  snippet: string | null;
  /** What the change does, or the guidance when there is no snippet. */
  note: string;
}
/** What `fixFor()` needs beyond the report. */
export interface FixContext {
  /** The options inspect() was given (the report does not carry them). */
  options?: Options;
  /** The issuer's JWK Set URL, for the key-set fix (default: a guess from iss). */
  jwksUrl?: string;
}
/**
 * The fixes of a report for one stack: for each finding whose fix is a verifier setting, the
 * corrected call; never code that would accept a forged, unsigned or long-expired token.
 */
export declare function fixFor(report: Report, stack: FixStack, context?: FixContext): Fix[];

/** A verifier profile's name (aliases: express-jwt, pyjwkclient, nimbus, dotnet, identitymodel, jwt_authn). */
export type RehearsalProfile = "jwt-doctor" | "jose" | "jwks-rsa" | "express-jwt" | "pyjwt" | "spring" | "microsoft" | "envoy" | (string & {});

/** A verifier to rehearse: a profile's name, or a profile with overrides, or custom settings. Seconds; "never" for no expiry. */
export type RehearsalVerifier = RehearsalProfile | {
  profile?: RehearsalProfile;
  name?: string;
  cacheMaxAge?: number | "never";
  perKid?: boolean;
  refetchOnUnknownKid?: boolean;
  cooldown?: number;
  staleIfError?: number | "never";
  /** fetches a minute; 0 for no limit */
  rateLimit?: number;
  duplicateKid?: "all" | "first" | "reject";
};

/** A step of the general form: at `at` seconds, publish, sign with, or retire a key. */
export type RehearsalStep =
  | { at: number; publish: string; kid?: string }
  | { at: number; sign: string }
  | { at: number; retire: string };

/** A rotation plan (publish / switch / retire, or keys and steps) and/or an outage; times in seconds since the start. */
export interface RehearsalPlan {
  publish?: number;
  switch?: number;
  retire?: number;
  oldKid?: string;
  newKid?: string;
  /** the new key is published under the old kid */
  sameKid?: boolean;
  /** the general form: the keys in the set at the start (the first signs) */
  keys?: string[];
  steps?: RehearsalStep[];
  /** token lifetime, seconds (default 3600) */
  lifetime?: number;
  /** verifiers' clock tolerance, seconds (default 0) */
  leeway?: number;
  /** tokens issued per second, to count what a window costs (default 1) */
  rate?: number;
  /** the key-set endpoint fails from `from` to `to` */
  outage?: { from: number; to: number };
  verifiers: RehearsalVerifier[];
  horizon?: number;
  /** seconds between samples (default: the smallest giving at most 5000 samples) */
  resolution?: number;
  /** the plan's start in seconds since the epoch, for display */
  start?: number;
}

/** Why a valid token is rejected in a rehearsal. */
export type RehearsalCause = "kid_not_found" | "signature_invalid" | "jwks_unavailable" | "rate_limited";

export interface RehearsalWindow { from: number; to: number; cause: RehearsalCause; key: string; tokens: number }

export interface RehearsalVerifierResult {
  name: string;
  profile: string;
  /** where the profile's defaults come from */
  source: string;
  fromDocs: boolean;
  settings: { cacheMaxAge: number | null; perKid: boolean; refetchOnUnknownKid: boolean; cooldown: number; staleIfError: number | null; rateLimit: number; duplicateKid: "all" | "first" | "reject" };
  windows: RehearsalWindow[];
  rejected: number;
  fetches: number;
  /** how long before it signs a new key must be published for this verifier (null: no lead is enough) */
  publishLead: number | null;
  /** how long a removed key may still verify here (null: forever) */
  trustedAfterRetire: number | null;
}

export type RehearsalHazardCode = "removed_key_trusted" | "cache_never_expires" | "duplicate_kid" | "rate_limit_after_recovery" | "unpublished_signer";

export interface Rehearsal {
  safe: boolean;
  verdict: string;
  start: number | null;
  horizon: number;
  resolution: number;
  lifetime: number;
  leeway: number;
  rate: number;
  steps: { at: number; action: "publish" | "sign" | "retire"; key: string; kid: string; earliest?: number | null }[];
  outage: { from: number; to: number } | null;
  earliestSafeSwitch: number | null;
  earliestSafeRetire: number | null;
  verifiers: RehearsalVerifierResult[];
  hazards: { code: RehearsalHazardCode; verifier: string | null; message: string }[];
}

/** Rehearses a key rotation or a key-set outage (the core's cache model). Throws TypeError naming the field of a plan it cannot read. */
export declare function rehearse(plan: RehearsalPlan | string): Promise<Rehearsal>;
