// What the framework middleware (hono.js, express.js, fetch.js) share: options, the verifier
// cache, token extraction, the RFC 6750 answers, logging with a sampled diagnosis, and metrics.
// Each framework file only adapts its request and response objects to `guard.check()`.
//
// "#jwt-doctor" is the package's own entry point for this runtime (package.json "imports"), so
// `import { jwt } from "jwt-doctor/hono"` alone loads the WebAssembly module the right way.
import { createVerifier, init, tokenFromAuthorization } from "#jwt-doctor";
import { isReady } from "../runtime.js";
import { createMetrics } from "./metrics.js";

const MIDDLEWARE_OPTIONS = new Set([
  "verifier", "realm", "cookie", "getToken", "credentialsRequired", "log", "sample", "metrics", "onFailure", "onError",
]);

const SAMPLE_WINDOW_MS = 60_000;
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
  return {
    verifier,
    configError,
    realm: settings.realm ?? "api",
    cookie: settings.cookie,
    getToken: settings.getToken,
    credentialsRequired: settings.credentialsRequired ?? true,
    log: settings.log === false ? null : (settings.log ?? warnJson),
    sample: settings.sample ?? 2,
    metrics: settings.metrics ?? metricsDefault,
    onFailure: settings.onFailure,
    onError: settings.onError,
  };
}

// The browser entry loads the WebAssembly module asynchronously: wait for it first.
async function compile(options, fn, metricsDefault) {
  await init();
  return compileNow(options, fn, metricsDefault);
}

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
  if (!value || !/^bearer(\s|%20|$)/i.test(value.trim())) return undefined;
  return tokenFromAuthorization(value);
}

// --- answers (RFC 6750 §3) ----------------------------------------------------------------------

// A quoted-string of RFC 9110: backslash and double quote escaped, control characters dropped.
const quoted = (s) => `"${String(s).replace(/[\\"]/g, "\\$&").replace(/[\u0000-\u001f\u007f]/g, "")}"`;

/**
 * What to answer: 401 without an error attribute for a request without credentials; 401
 * `invalid_token` with the finding code for a bad token; 503 (transient) or 500 for a verifier
 * that cannot work, which is never the client's fault and never a 401. The body says only the
 * code: never the expected audience, the kids, the JWKS URL or the claims.
 */
export function failureResponse(err, realm) {
  const json = { "content-type": "application/json" };
  if (err === null) {
    return { status: 401, headers: { ...json, "www-authenticate": `Bearer realm=${quoted(realm)}` }, body: { error: "unauthorized", code: "missing_token" } };
  }
  if (err.kind === "config") {
    return { status: err.transient ? 503 : 500, headers: { ...json, ...(err.transient ? { "retry-after": "30" } : {}) }, body: { error: "server_error" } };
  }
  return {
    status: 401,
    headers: { ...json, "www-authenticate": `Bearer realm=${quoted(realm)}, error="invalid_token", error_description=${quoted(err.code)}` },
    body: { error: "invalid_token", code: err.code },
  };
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

/** The log object of one rejection: never the token, never a claim but iss. */
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

  async function reject(c, error, token, req) {
    // a verifier that cannot work is counted apart from bad tokens: it pages someone
    if (error?.kind === "config") c.metrics.record("error", error.reason ?? error.code);
    else c.metrics.record("rejected", error?.code ?? "missing_token");
    if (c.log) {
      try {
        const entry = await logEntry(error, token, req);
        if (error?.kind === "token") addSample(entry, error, c);
        c.log(entry);
      } catch {
        // logging must never change the answer
      }
    }
    return { ok: false, error, failure: failureResponse(error, c.realm), compiled: c };
  }

  function addSample(entry, error, c) {
    const { keep, skipped } = sampler(error.code, c.sample);
    if (!keep) c.metrics.sampledOut(error.code);
    else if (error.report) entry.report = error.report; // tokenFromAuthorization's errors have none
    if (skipped > 0) entry.sampledOut = skipped;
  }

  async function check(req) {
    const c = await compiledFor(typeof options === "function" ? await options(req.ctx) : options);
    let token;
    try {
      token = await extractToken(req, c);
    } catch (err) {
      if (err?.kind !== "token") throw err;
      // `Bearer Bearer <t>` and the like: the last word is the token, for kid/iss/fingerprint
      return reject(c, err, lastWord(req.header("authorization")), req);
    }
    if (token === undefined) {
      if (!c.credentialsRequired) return { ok: true, verified: null, compiled: c };
      return reject(c, null, undefined, req);
    }
    if (c.configError) return reject(c, c.configError, token, req);
    try {
      const verified = await c.verifier.verify(token);
      c.metrics.record("accepted");
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
export async function runHook(result, ctx) {
  const hook = result.error?.kind === "config" ? result.compiled.onError : result.compiled.onFailure;
  if (!hook) return undefined;
  return hook(result.error, { ...ctx, status: result.failure.status, headers: result.failure.headers, body: result.failure.body });
}

/** A `Response` of a default failure (fetch handlers, Hono). */
export function toResponse(failure) {
  return new Response(JSON.stringify(failure.body), { status: failure.status, headers: failure.headers });
}

export { createMetrics };
