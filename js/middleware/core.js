// What the framework middleware (hono.js, express.js, fetch.js) share: options, the verifier
// cache, token extraction, the RFC 6750 answers, logging with a sampled diagnosis, and metrics.
// Each framework file only adapts its request and response objects to `guard.check()`.
//
// "#jwt-doctor" is the package's own entry point for this runtime (package.json "imports"), so
// `import { jwt } from "jwt-doctor/hono"` alone loads the WebAssembly module the right way.
import { createVerifier, init, JwtError, tokenFromAuthorization } from "#jwt-doctor";
import { isReady } from "../runtime.js";
import { annotateSpan, createMetrics } from "./metrics.js";
import { CLOCK_WARN_SECONDS, clockOffsets } from "../state.js";

const MIDDLEWARE_OPTIONS = new Set([
  "verifier", "realm", "cookie", "getToken", "credentialsRequired", "log", "sample", "metrics", "onFailure", "onError",
  "logClaims", "logLimit", "errorDetail",
]);

const SAMPLE_WINDOW_MS = 60_000;
// Rejection log lines per cause per minute by default; the rest are counted
// (`jwt_log_suppressed_total`) and the next line logged says how many.
const DEFAULT_LOG_LIMIT = 60;
// What a client is told of a rejected token (options.errorDetail).
const ERROR_DETAILS = ["code", "class", "none"];
// Header and claim values copied into a log line are cut to this length.
const MAX_FIELD = 256;

/** Splits one options object into the verifier's options and the middleware's settings. */
function splitOptions(options, fn) {
  if (!options || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${fn}(): options must be an object (or a function returning one)`);
  }
  const verify = {};
  const settings = {};
  for (const [k, v] of Object.entries(options)) (MIDDLEWARE_OPTIONS.has(k) ? settings : verify)[k] = v;
  checkSettings(settings, fn);
  return { verify, settings };
}

function checkSettings(s, fn) {
  const fail = (name, what) => {
    throw new TypeError(`${fn}(): options.${name} must be ${what}`);
  };
  if (s.realm !== undefined && typeof s.realm !== "string") fail("realm", "a string");
  if (s.cookie !== undefined && (typeof s.cookie !== "string" || s.cookie === "")) fail("cookie", "a cookie name");
  for (const name of ["getToken", "onFailure", "onError"]) {
    if (s[name] !== undefined && typeof s[name] !== "function") fail(name, "a function");
  }
  if (s.credentialsRequired !== undefined && typeof s.credentialsRequired !== "boolean") fail("credentialsRequired", "true or false");
  if (s.log !== undefined && s.log !== false && typeof s.log !== "function") fail("log", "a function or false");
  if (s.sample !== undefined && !(Number.isInteger(s.sample) && s.sample >= 0)) fail("sample", "a whole number ≥ 0");
  if (s.logLimit !== undefined && !(Number.isInteger(s.logLimit) && s.logLimit >= 0)) fail("logLimit", "a whole number ≥ 0 (lines per cause per minute)");
  if (s.logClaims !== undefined && !(Array.isArray(s.logClaims) && s.logClaims.every((c) => typeof c === "string"))) {
    fail("logClaims", "an array of claim names");
  }
  if (s.errorDetail !== undefined && !ERROR_DETAILS.includes(s.errorDetail)) fail("errorDetail", '"code", "class" or "none"');
  if (s.metrics !== undefined && typeof s.metrics?.record !== "function") fail("metrics", "an object from createMetrics()");
  if (s.verifier !== undefined && typeof s.verifier?.verify !== "function") fail("verifier", "a verifier from createVerifier()");
}

// The default log: one JSON line on stderr (console.warn), which Workers Logs and most log
// shippers parse as structured data.
const warnJson = (entry) => console.warn(JSON.stringify(entry));

/**
 * The compiled form of one options object: the verifier (or the configuration error it could
 * not get past) and the settings with their defaults. Needs the WebAssembly module: see
 * `compile` for runtimes that load it asynchronously.
 */
function compileNow(options, fn, metricsDefault) {
  const { verify, settings } = splitOptions(options, fn);
  let verifier = settings.verifier ?? null;
  let configError = null;
  if (verifier && Object.keys(verify).length > 0) {
    throw new TypeError(`${fn}(): give options.verifier or verify options (${Object.keys(verify).join(", ")}), not both`);
  }
  if (!verifier) {
    try {
      verifier = createVerifier(verify);
    } catch (err) {
      if (err?.kind !== "config") throw err; // misuse (TypeError) is the caller's to see
      configError = err;
    }
  }
  const metrics = settings.metrics ?? metricsDefault;
  metrics.register?.(verifier);
  const issuers = verifier?.options?.issuer === undefined ? [] : [].concat(verifier.options.issuer).map(String);
  return {
    verifier,
    configError,
    issuers,
    realm: settings.realm ?? "api",
    cookie: settings.cookie,
    getToken: settings.getToken,
    credentialsRequired: settings.credentialsRequired ?? true,
    log: settings.log === false ? null : (settings.log ?? warnJson),
    sample: settings.sample ?? 2,
    logLimit: settings.logLimit ?? DEFAULT_LOG_LIMIT,
    logClaims: new Set(settings.logClaims ?? []),
    errorDetail: settings.errorDetail ?? "code",
    metrics,
    onFailure: settings.onFailure,
    onError: settings.onError,
  };
}

// The browser entry loads the WebAssembly module asynchronously: wait for it first.
async function compile(options, fn, metricsDefault) {
  await init();
  return compileNow(options, fn, metricsDefault);
}

// The issuer label of a validation: a configured issuer only (one an attacker's token names but
// nobody configured is never a label value): the token's when it is one of several configured,
// the configured one when there is one, none when the verifier checks no issuer.
function issuerLabel(c, tokenIss) {
  if (c.issuers.length === 0) return undefined;
  if (c.issuers.length === 1) return c.issuers[0];
  return c.issuers.includes(tokenIss) ? tokenIss : "unconfigured";
}

// The token's iss, cheaply and without trusting it, only where the label needs it.
function tokenIss(c, token) {
  if (c.issuers.length < 2 || typeof token !== "string") return undefined;
  try {
    const iss = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).iss;
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

// How often an accepted token looks at the clock estimate to warn of an offset (ms).
const CLOCK_CHECK_MS = 10_000;

// --- token extraction ---------------------------------------------------------------------------

/** The value of cookie `name` in a Cookie header, or undefined. */
function cookieValue(header, name) {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value; // a raw % in the value: let verify() say what is wrong with it
    }
  }
  return undefined;
}

/**
 * The token of a request, or undefined when it carries none. Throws JwtError for an
 * Authorization header that tries the Bearer scheme and gets it wrong (`Bearer Bearer x`,
 * percent-encoded, quoted). Another scheme (Basic …) is no bearer credential at all: RFC 6750
 * §3.1 answers it like a request without one.
 */
async function extractToken(req, c) {
  if (c.getToken) {
    const t = await c.getToken(req.ctx);
    if (t !== undefined && t !== null && typeof t !== "string") throw new TypeError("options.getToken must return a string or undefined");
    return t || undefined;
  }
  if (c.cookie) return cookieValue(req.header("cookie"), c.cookie) || undefined;
  const value = req.header("authorization");
  // Two Authorization headers (RFC 6750 §2.1 allows one method, once): Node keeps the first
  // (the adapter counts them), fetch's Headers joins them with ", ", which no single bearer
  // token contains (another scheme's credentials may: Digest's parameters).
  if ((req.count?.("authorization") ?? 0) > 1 || (value !== undefined && value.includes(",") && /(^|,)\s*bearer(\s|$)/i.test(value))) {
    throw multipleAuthorization();
  }
  if (!value || !/^bearer(\s|%20|$)/i.test(value.trim())) return undefined;
  return tokenFromAuthorization(value);
}

// A request with more than one Authorization header: refused, whichever one is valid.
function multipleAuthorization() {
  const message = "the request has more than one Authorization header (or one with several credentials): RFC 6750 allows one";
  const finding = { code: "multiple_authorization", severity: "error", check: "token", message,
    hint: "send the token in one Authorization header; a proxy may be adding a second", detail: {} };
  return new JwtError("multiple_authorization", message, [finding], null, finding);
}

// --- answers (RFC 6750 §3) ----------------------------------------------------------------------

// A quoted-string of RFC 9110: backslash and double quote escaped, control characters dropped.
// Realms and codes repeat: their quoted forms are remembered (a few hundred at most).
const quotedForms = new Map();
function quoted(s) {
  let q = quotedForms.get(s);
  if (q === undefined) {
    q = `"${String(s).replace(/[\\"]/g, "\\$&").replace(/[\u0000-\u001f\u007f]/g, "")}"`;
    if (quotedForms.size < 512) quotedForms.set(s, q);
  }
  return q;
}

/**
 * What to answer: 401 without an error attribute for a request without credentials; 401
 * `invalid_token` for a bad token, with the finding code (`detail` "code", the default), its
 * class ("class": `expired` or `invalid`) or nothing ("none") as `error_description` and `code`;
 * 400 `invalid_request` for a request with two Authorization headers; 503 (transient, with
 * Retry-After) or 500 for a verifier that cannot work, which is never the client's fault and
 * never a 401. The body never names the expected audience, the kids, the JWKS URL or a claim.
 */
export function failureResponse(err, realm, detail = "code") {
  // object literals, not spreads: this runs once per rejected request
  if (err === null) {
    return { status: 401, headers: { "content-type": "application/json", "www-authenticate": challenge(realm, null, null) }, body: { error: "unauthorized", code: "missing_token" } };
  }
  if (err.kind === "config") {
    const headers = err.transient
      ? { "content-type": "application/json", "retry-after": String(err.retryAfter ?? 30) }
      : { "content-type": "application/json" };
    return { status: err.transient ? 503 : 500, headers, body: { error: "server_error" } };
  }
  if (err.code === "multiple_authorization") {
    return {
      status: 400,
      headers: { "content-type": "application/json", "www-authenticate": challenge(realm, "invalid_request", null) },
      body: detail === "none" ? { error: "invalid_request" } : { error: "invalid_request", code: err.code },
    };
  }
  const told = detail === "none" ? null : detail === "class" ? (err.code === "expired" ? "expired" : "invalid") : err.code;
  return {
    status: 401,
    headers: { "content-type": "application/json", "www-authenticate": challenge(realm, "invalid_token", told) },
    body: told === null ? { error: "invalid_token" } : { error: "invalid_token", code: told },
  };
}

// The WWW-Authenticate value (RFC 6750 §3), remembered: realms, errors and codes repeat.
const challenges = new Map();
function challenge(realm, error, description) {
  const key = `${realm}\0${error}\0${description}`;
  let value = challenges.get(key);
  if (value === undefined) {
    value = `Bearer realm=${quoted(realm)}${error ? `, error="${error}"` : ""}${description === null ? "" : `, error_description=${quoted(description)}`}`;
    if (challenges.size < 1024) challenges.set(key, value);
  }
  return value;
}

// --- logging ------------------------------------------------------------------------------------

const textEncoder = new TextEncoder();

function base64url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** First 16 characters of the base64url SHA-256 of the token: joins log lines, reveals nothing. */
async function fingerprint(token) {
  try {
    // WebCrypto is global wherever the package runs (Node >= 20.19, Deno, Bun, workerd, browsers)
    const digest = await globalThis.crypto.subtle.digest("SHA-256", textEncoder.encode(token));
    return base64url(new Uint8Array(digest)).slice(0, 16);
  } catch {
    return null;
  }
}

const short = (v) => (typeof v === "string" ? v.slice(0, MAX_FIELD) : null);

// kid and alg from the header and iss from the payload, read without trusting them (the token
// was rejected) and without anything else of the payload reaching the log.
function segment(token, i) {
  try {
    const part = token.split(".", 3)[i];
    if (!part || part.length > 16384) return null;
    const bin = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    const value = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))));
    return value && typeof value === "object" ? value : null;
  } catch {
    return null;
  }
}

const lastWord = (value) => (typeof value === "string" ? value.trim().split(/\s+|%20/).pop() || undefined : undefined);

function requestId(req) {
  return short(req.header("x-request-id") ?? req.header("cf-ray") ?? undefined);
}

// The claims a logged diagnosis keeps by default: enough to diagnose (who issued it, for whom,
// when), nothing about the person. Others only when named in options.logClaims.
const LOGGED_CLAIMS = new Set(["iss", "aud", "exp", "nbf", "iat"]);
const LOGGED_HEADER = new Set(["alg", "kid", "typ", "cty", "crit", "jku", "x5u", "b64"]);
const REDACTED = "[redacted]";

// The values of the claims left out, as they may appear in a finding's message or detail.
function leftOutValues(payload, keep) {
  const values = new Set();
  // strings only: a number or boolean quoted in a message is rarely personal, and replacing
  // digits inside the report's own numbers would corrupt it
  const add = (v) => {
    if (typeof v === "string" && v.length >= 3) values.add(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === "object") Object.values(v).forEach(add);
  };
  for (const [name, v] of Object.entries(payload ?? {})) if (!keep.has(name)) add(v);
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * A copy of a full diagnosis fit for a log: the payload reduced to the registered time claims,
 * iss and aud (and the claims named in `extra`); every value of a claim left out replaced by
 * "[redacted]" wherever a finding quotes it. The report itself (`JwtError.report`) is unchanged.
 */
export function reportForLog(report, extra = new Set()) {
  if (!report || typeof report !== "object") return report;
  const keep = new Set([...LOGGED_CLAIMS, ...extra]);
  const values = leftOutValues(report.payload, keep);
  let text = JSON.stringify({ ...report, payload: undefined, header: undefined });
  for (const v of values) {
    const inJson = JSON.stringify(v).slice(1, -1);
    if (inJson.length > 0) text = text.split(inJson).join(REDACTED);
  }
  const copy = JSON.parse(text);
  const pick = (obj, names) => (obj && typeof obj === "object" ? Object.fromEntries(Object.entries(obj).filter(([k]) => names.has(k))) : obj ?? null);
  copy.header = pick(report.header, LOGGED_HEADER);
  copy.payload = pick(report.payload, keep);
  copy.redacted = Object.keys(report.payload ?? {}).filter((k) => !keep.has(k));
  return copy;
}

/**
 * Per-cause rate limit of log lines: at most `limit` a minute per cause; the rest are counted,
 * and the next line kept says how many were left out.
 */
function createLimiter() {
  const windows = new Map(); // cause -> { start, taken, skipped }
  return (cause, limit, now = Date.now()) => {
    let w = windows.get(cause);
    if (!w || now - w.start >= SAMPLE_WINDOW_MS) {
      const carried = w?.skipped ?? 0;
      windows.set(cause, (w = { start: now, taken: 0, skipped: 0, carried }));
    }
    if (w.taken < limit) {
      w.taken++;
      const suppressed = w.skipped + w.carried;
      w.skipped = 0;
      w.carried = 0;
      return { keep: true, suppressed };
    }
    w.skipped++;
    return { keep: false, suppressed: 0 };
  };
}

/** Per-cause sampling of full diagnoses: at most `sample` a minute per cause, the rest counted. */
function createSampler() {
  const windows = new Map(); // cause -> { start, taken, skipped }
  return (cause, sample, now = Date.now()) => {
    let w = windows.get(cause);
    if (!w || now - w.start >= SAMPLE_WINDOW_MS) windows.set(cause, (w = { start: now, taken: 0, skipped: 0 }));
    if (w.taken < sample) {
      w.taken++;
      return { keep: true, skipped: w.skipped };
    }
    w.skipped++;
    return { keep: false, skipped: w.skipped };
  };
}

/** The log object of one rejection: never the token, no claim but iss (the report: see reportForLog). */
async function logEntry(err, token, req) {
  const finding = err?.finding ?? null;
  const header = token ? segment(token, 0) : null;
  const payload = token ? segment(token, 1) : null;
  return {
    event: err?.kind === "config" ? "jwt_config_error" : "jwt_rejected",
    code: err ? err.code : "missing_token",
    check: finding?.check ?? (err ? null : "token"),
    severity: finding?.severity ?? "error",
    kind: err?.kind ?? "token",
    ...(err?.kind === "config" ? { reason: err.reason, transient: err.transient } : {}),
    kid: short(header?.kid),
    iss: short(payload?.iss),
    alg: short(header?.alg),
    requestId: requestId(req),
    fingerprint: token ? await fingerprint(token) : null,
    ts: new Date().toISOString(),
  };
}

// --- the guard ----------------------------------------------------------------------------------

/**
 * The shared core of a middleware: `check(req)` verifies the request's token and answers
 * `{ ok: true, verified }`, `{ ok: true, verified: null }` (no token, credentials not
 * required) or `{ ok: false, error, failure, compiled }` (error: JwtError, JwtConfigError, or
 * null for a missing token; failure: the default answer). `req` adapts a framework's request:
 * `{ header(name) => string | undefined, ctx }`, `ctx` being what `getToken`, option functions
 * and hooks receive.
 *
 * `options` is an object, or a function of `ctx` returning one (a Worker reads `c.env`): each
 * distinct object is compiled once, cached by identity, so the function should return the same
 * object for the same configuration. `eager: false` leaves even an options object to the first
 * request (authenticate(), which answers rather than throws).
 */
export function createGuard(options, fn, { eager = true } = {}) {
  const ownMetrics = createMetrics();
  const compiled = new WeakMap();
  const sampler = createSampler();
  const limiter = createLimiter();
  if (typeof options !== "function") {
    // Like createVerifier(): a key that cannot be read throws here, at start-up, rather than
    // failing every request (where the module is loaded already: Node, Deno, Bun, workerd).
    if (eager && isReady()) {
      const entry = compileNow(options, fn, ownMetrics);
      if (entry.configError) throw entry.configError;
      compiled.set(options, Promise.resolve(entry));
    } else {
      splitOptions(options, fn); // misuse shows at start-up all the same
    }
  }

  function compiledFor(given) {
    if (!given || typeof given !== "object") return Promise.reject(new TypeError(`${fn}(): the options function must return an object`));
    let entry = compiled.get(given);
    if (!entry) {
      entry = compile(given, fn, ownMetrics);
      compiled.set(given, entry);
      entry.catch(() => compiled.delete(given)); // misuse: do not remember, ask again
    }
    return entry;
  }

  // Not async: a rejection that logs nothing (the rate limit's, or `log: false`) answers without
  // a turn of the microtask queue; one that logs answers once the line is written.
  function reject(c, error, token, req) {
    const cause = error === null ? "missing_token" : error.kind === "config" ? (error.reason ?? error.code) : error.code;
    // a verifier that cannot work is counted apart from bad tokens: it pages someone
    const outcome = error?.kind === "config" ? "error" : "rejected";
    const issuer = issuerLabel(c, tokenIss(c, token));
    c.metrics.record(outcome, cause, issuer);
    annotateSpan({ "jwt.outcome": outcome, "jwt.cause": cause, ...(issuer ? { "jwt.issuer": issuer } : {}) });
    const result = { ok: false, error, failure: failureResponse(error, c.realm, c.errorDetail), compiled: c };
    if (!c.log) return result;
    // rate-limited before anything is built: a flood of bad tokens costs a counter each
    const { keep, suppressed } = limiter(cause, c.logLimit);
    if (!keep) {
      c.metrics.logSuppressed?.(cause);
      return result;
    }
    return logEntry(error, token, req).then((entry) => {
      if (suppressed > 0) entry.suppressed = suppressed;
      if (error?.kind === "token") addSample(entry, error, c);
      c.log(entry);
    }).catch(() => {
      // logging must never change the answer
    }).then(() => result);
  }

  function addSample(entry, error, c) {
    const { keep, skipped } = sampler(error.code, c.sample);
    if (!keep) c.metrics.sampledOut(error.code);
    else if (error.report) entry.report = reportForLog(error.report, c.logClaims); // tokenFromAuthorization's errors have none
    if (skipped > 0) entry.sampledOut = skipped;
  }

  // A token accepted with a key set that could not be refreshed: counted, and logged at most
  // once a minute (the set's URL and why it is stale, from the jwks_stale finding).
  function noteStale(c, verified) {
    const stale = verified.findings.find((f) => f.code === "jwks_stale");
    if (!stale) return;
    c.metrics.staleServed?.();
    if (!c.log || !limiter("jwks_stale served", 1).keep) return;
    try {
      c.log({
        event: "jwt_jwks_stale", code: "jwks_stale", check: "key", severity: "info", kind: "config", kid: null, iss: null, alg: null,
        requestId: null, fingerprint: null, error: short(stale.detail?.error), ts: new Date().toISOString(),
      });
    } catch {
      // logging must never change the answer
    }
  }

  // An issuer whose clock looks far from this instance's: logged at most once a minute (the
  // estimate is looked at every CLOCK_CHECK_MS at most).
  let clockCheckedAt = 0;
  function noteClock(c, iss) {
    const now = Date.now();
    if (!c.log || typeof iss !== "string" || now - clockCheckedAt < CLOCK_CHECK_MS) return;
    clockCheckedAt = now;
    const o = clockOffsets.estimate(now / 1000)[iss];
    if (!o || Math.abs(o.offsetSeconds) <= CLOCK_WARN_SECONDS || !limiter("clock_offset", 1).keep) return;
    try {
      c.log({ event: "jwt_clock_offset", iss: short(iss), offsetSeconds: o.offsetSeconds, samples: o.samples,
        message: `tokens from this issuer look ${Math.abs(o.offsetSeconds)} s ${o.offsetSeconds > 0 ? "early" : "late"}: this instance's clock (or the issuer's) is off; synchronise it (NTP)`, ts: new Date(now).toISOString() });
    } catch {
      // logging must never change the answer
    }
  }

  async function check(req) {
    const c = await compiledFor(typeof options === "function" ? await options(req.ctx) : options);
    let token;
    try {
      token = await extractToken(req, c);
    } catch (err) {
      if (err?.kind !== "token") throw err;
      // `Bearer Bearer <t>` and the like: the last word is the token, for kid/iss/fingerprint
      return reject(c, err, err.code === "multiple_authorization" ? undefined : lastWord(req.header("authorization")), req);
    }
    if (token === undefined) {
      if (!c.credentialsRequired) return { ok: true, verified: null, compiled: c };
      return reject(c, null, undefined, req);
    }
    if (c.configError) return reject(c, c.configError, token, req);
    try {
      const verified = await c.verifier.verify(token);
      const iss = verified.payload.iss;
      const issuer = issuerLabel(c, iss);
      c.metrics.record("accepted", undefined, issuer);
      annotateSpan({ "jwt.outcome": "accepted", "jwt.kid": verified.key.kid ?? "", "jwt.issuer": typeof iss === "string" ? iss : "" });
      noteClock(c, iss);
      if (verified.findings.length > 0) noteStale(c, verified);
      return { ok: true, verified, compiled: c };
    } catch (err) {
      if (err?.kind !== "token" && err?.kind !== "config") throw err;
      return reject(c, err, token, req);
    }
  }

  return { check, metrics: ownMetrics };
}

/**
 * Runs the failure hook (`onFailure` for a bad or missing token, `onError` for a verifier that
 * cannot work) and returns what it returned, or undefined when there is no hook.
 */
export function runHook(result, ctx) {
  const hook = result.error?.kind === "config" ? result.compiled.onError : result.compiled.onFailure;
  if (!hook) return undefined;
  return hook(result.error, { ...ctx, status: result.failure.status, headers: result.failure.headers, body: result.failure.body });
}

/** A `Response` of a default failure (fetch handlers, Hono). */
export function toResponse(failure) {
  return new Response(JSON.stringify(failure.body), { status: failure.status, headers: failure.headers });
}

export { createMetrics };
