// Key sets usable as `options.jwks`: a local set, and a remote set fetched, cached, refreshed
// on rotation (once per cooldown, one request for concurrent callers) and kept when a refresh
// fails.

import { JwtConfigError, keyFinding } from "./errors.js";

/** Largest JWKS (or discovery document) response body read, in bytes. */
export const MAX_JWKS_BYTES = 512 * 1024;

const isJwkSet = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && Array.isArray(v.keys);

/**
 * Whether `v` is an X.509 certificate map, `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }`, as
 * Google's and Firebase's certificate endpoints serve it: the core reads it as a key set.
 */
export const isCertificateMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v) &&
  Object.keys(v).length > 0 && Object.values(v).every((c) => typeof c === "string" && c.trimStart().startsWith("-----BEGIN CERTIFICATE-----"));

/** Whether `v` is a key set the core reads: a JWK Set, or a certificate map. */
export const isKeySet = (v) => isJwkSet(v) || isCertificateMap(v);

/** The kids of a key set (a certificate map's names). */
export const kidsOf = (set) => (isJwkSet(set) ? set.keys.map((k) => k?.kid) : Object.keys(set));


// What createLocalJWKSet takes: a JWK Set object, or its JSON text. The members of `keys` are
// not checked here: the core reads each key and reports (or skips) the ones it cannot use.
function checkSet(jwks, where) {
  if (typeof jwks === "string") {
    try {
      jwks = JSON.parse(jwks);
    } catch {
      throw new TypeError(`${where}: not JSON`);
    }
  }
  if (!isKeySet(jwks)) {
    throw new TypeError(`${where}: a JWK Set is an object with a "keys" array (or a map of kid to PEM certificate)`);
  }
  return jwks;
}

/** A key set held in memory. */
export class LocalJWKSet {
  /** @param {object|string} jwks */
  constructor(jwks) {
    this.jwks = checkSet(jwks, "createLocalJWKSet()");
    Object.freeze(this);
  }
}

/**
 * A key set from a JWK Set object or its JSON text.
 * @param {object|string} jwks
 */
export function createLocalJWKSet(jwks) {
  return new LocalJWKSet(jwks);
}

const OPTION_NAMES = new Set(["cacheMaxAge", "cooldown", "timeout", "fetch", "cache", "maxStale"]);
// jose's names for the same settings (in milliseconds there): a migration mistake is named.
const JOSE_NAMES = { cooldownDuration: "cooldown", timeoutDuration: "timeout" };
// Beyond these a duration is almost surely jose's milliseconds, not seconds: 600000 would
// silently be 6.9 days.
const PLAUSIBLE_SECONDS = { cacheMaxAge: 86_400, cooldown: 3_600, timeout: 60, maxStale: 30 * 86_400 };
/** How long a key set that cannot be refreshed is still used after its last good fetch, by default (s). */
export const DEFAULT_MAX_STALE = 86_400;

// The options of createRemoteJWKSet / discoverJWKS, checked: durations in seconds.
function readOptions(fn, options) {
  if (options === undefined || options === null) options = {};
  if (typeof options !== "object" || Array.isArray(options)) throw new TypeError(`${fn}: options must be an object`);
  for (const name of Object.keys(options)) {
    if (JOSE_NAMES[name]) {
      throw new TypeError(`${fn}: unknown option ${JSON.stringify(name)}: jwt-doctor's is ${JOSE_NAMES[name]}, in seconds (jose's is in milliseconds)`);
    }
    if (!OPTION_NAMES.has(name)) throw new TypeError(`${fn}: unknown option ${JSON.stringify(name)}`);
  }
  const seconds = (name, fallback, { infinite = false } = {}) => {
    const value = options[name];
    if (value === undefined) return fallback;
    if (typeof value !== "number" || Number.isNaN(value) || value < 0 || (!infinite && !Number.isFinite(value))) {
      throw new TypeError(`${fn}: ${name} must be a number of seconds >= 0`);
    }
    if (Number.isFinite(value) && value > PLAUSIBLE_SECONDS[name]) {
      throw new TypeError(`${fn}: ${name} is in seconds, and ${value} s is ${humanSeconds(value)}: ` +
        `jose takes milliseconds (for ${humanSeconds(value / 1000)} write ${value / 1000}); at most ${PLAUSIBLE_SECONDS[name]} s`);
    }
    return value;
  };
  const fetchImpl = options.fetch ?? ((...a) => globalThis.fetch(...a));
  if (typeof fetchImpl !== "function") throw new TypeError(`${fn}: fetch must be a function`);
  const cache = options.cache;
  if (cache !== undefined && (typeof cache?.get !== "function" || typeof cache?.set !== "function")) {
    throw new TypeError(`${fn}: cache must be an object with get() and set(entry) (sync or async; both are also given the set's URL)`);
  }
  const maxAge = seconds("cacheMaxAge", 600, { infinite: true }) * 1000;
  const maxStale = seconds("maxStale", Math.max(DEFAULT_MAX_STALE, maxAge / 1000), { infinite: true }) * 1000;
  if (maxStale < maxAge) throw new TypeError(`${fn}: maxStale (${maxStale / 1000} s) must be at least cacheMaxAge (${maxAge / 1000} s)`);
  return {
    maxAge,
    maxStale,
    cooldown: seconds("cooldown", 30, { infinite: true }) * 1000,
    timeout: seconds("timeout", 5) * 1000,
    fetch: fetchImpl,
    cache: cache ?? null,
  };
}

function humanSeconds(s) {
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} days`;
  if (s >= 3_600) return `${(s / 3_600).toFixed(1)} hours`;
  if (s >= 60) return `${(s / 60).toFixed(1)} minutes`;
  return `${s} seconds`;
}

// Cache-Control max-age of a response, in seconds (null when it gives none).
function maxAgeOf(res) {
  const header = res.headers?.get?.("cache-control") ?? "";
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/i.test(header)) return 0;
  const m = /(^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(,|$)/i.exec(header);
  return m ? Number(m[2]) : null;
}

function httpUrl(fn, url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${fn}: ${JSON.stringify(String(url))} is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`${fn}: the URL must be http: or https:`);
  }
  return parsed;
}

/**
 * Reads a response's body as UTF-8, refusing it past `cap` bytes: from Content-Length before
 * reading anything, else while streaming (the rest is never read: the stream is cancelled).
 */
export async function readCapped(res, cap) {
  const declared = Number(res.headers?.get?.("content-length"));
  if (declared > cap) {
    cancelBody(res);
    throw new Error(`the response of ${declared} bytes exceeds the ${cap}-byte limit`);
  }
  if (!res.body || typeof res.body.getReader !== "function") {
    // A fetch without streaming bodies: read it whole, but still refuse it.
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength > cap) throw new Error(`the response exceeds the ${cap}-byte limit`);
    return utf8(bytes);
  }
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) throw new Error(`the response exceeds the ${cap}-byte limit`);
      chunks.push(value);
    }
  } catch (e) {
    // Not awaited: cancelling may wait on the peer, and the caller has its answer.
    reader.cancel(e).catch(() => {});
    throw e;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return utf8(all);
}

function utf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Error("the response is not UTF-8");
  }
}

function cancelBody(res) {
  try {
    res.body?.cancel?.()?.catch?.(() => {});
  } catch {
    // a locked or already consumed body: nothing to release
  }
}

class TimeoutError extends Error {
  constructor(ms) {
    super(`timed out after ${ms / 1000} s`);
    this.name = "TimeoutError";
  }
}

// GETs `url` and parses its JSON body, within `timeout` ms for the whole exchange (headers and
// body), whatever the fetch implementation does with the abort signal. AbortSignal.timeout's
// timer never keeps a process alive.
async function fetchJson(fetchImpl, url, timeout) {
  // The platform's timeout signal aborts the request; the race also ends the wait for a fetch
  // that ignores its signal. (Past 2^31-1 ms a timer would fire at once.)
  const signal = AbortSignal.timeout(Math.min(timeout, 2 ** 31 - 1));
  const timedOut = new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(new TimeoutError(timeout)), { once: true });
  });
  const exchange = (async () => {
    const res = await fetchImpl(url, {
      method: "GET",
      headers: { accept: "application/json, application/jwk-set+json" },
      // As jose: a redirect is not followed (an open redirect on the issuer's host must not be
      // able to point the verifier at someone else's keys).
      redirect: "manual",
      signal,
    });
    if (!res || typeof res.status !== "number") throw new Error("fetch did not return a Response");
    if (res.status !== 200) {
      cancelBody(res);
      if (res.type === "opaqueredirect" || (res.status >= 300 && res.status < 400)) {
        const to = res.headers?.get?.("location");
        throw new Error(`HTTP ${res.status || "3xx"} redirect${to ? ` to ${to}` : ""} not followed, expected 200`);
      }
      throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}, expected 200`);
    }
    const text = await readCapped(res, MAX_JWKS_BYTES);
    try {
      return { body: JSON.parse(text), maxAge: maxAgeOf(res) };
    } catch {
      throw new Error("the response is not JSON");
    }
  })();
  // Promise.race handles both: the loser settling later is never an unhandled rejection.
  return Promise.race([exchange, timedOut]);
}

/**
 * Fetches a JWK Set once, by the rules of every fetch here (no redirect followed, the body
 * capped in bytes while it streams, a timeout): the one fetcher of the library, the CLI and the
 * debugger page. Rejects with an Error saying what is wrong (without the URL).
 * @returns {Promise<{ jwks: object, maxAge: number|null }>} maxAge: Cache-Control, in seconds
 */
export async function fetchJwkSet(fetchImpl, url, timeoutMs) {
  const { body, maxAge } = await fetchJson(fetchImpl, url, timeoutMs);
  if (!isKeySet(body)) {
    const single = body !== null && typeof body === "object" && typeof body.kty === "string";
    throw new Error(`the response is not a JWK Set (an object with a "keys" array)${single ? " but a single JWK" : ""}`);
  }
  return { jwks: body, maxAge };
}

// Key sets fetched through a discovery document -> the issuer that document names (a string).
const discovered = new WeakMap();

/**
 * Notes that the key set object `jwks` came through the discovery document of `issuer` (the
 * document's own `issuer` member); returns `jwks`.
 */
export function noteDiscovered(jwks, issuer) {
  if (typeof issuer === "string" && jwks !== null && typeof jwks === "object") discovered.set(jwks, issuer);
  return jwks;
}

// Whether a token's iss is the issuer a discovery document names (Entra's tenant-independent
// documents name "{tenantid}", which any tenant fills).
function sameIssuer(iss, named) {
  const trim = (x) => x.replace(/\/+$/, "");
  const [a, b] = [trim(iss), trim(named)];
  if (a === b) return true;
  const [before, after] = b.split("{tenantid}");
  return after !== undefined && a.startsWith(before) && a.endsWith(after) && !a.slice(before.length, a.length - after.length).includes("/");
}

/** Whether the key set object `jwks` came through a discovery document. */
export const isDiscovered = (jwks) => jwks !== null && typeof jwks === "object" && discovered.has(jwks);

/**
 * The key set of another environment: when the token's kid is not in a key set whose discovery
 * document names another issuer than the token's `iss` (a dev tenant's keys for a prod token),
 * the `kid_not_found` finding says so (`detail.jwksIssuer`) and its hint names the token's
 * issuer. Amends `finding` in place; returns whether it did.
 */
export function nameDiscoveredIssuer(finding, iss, jwks) {
  const named = jwks !== null && typeof jwks === "object" ? discovered.get(jwks) : undefined;
  if (finding?.code !== "kid_not_found" || typeof iss !== "string" || named === undefined || sameIssuer(iss, named)) return false;
  if (finding.detail?.jwksIssuer !== undefined) return true;
  finding.message += `; the key set comes from the discovery document of ${named}, the token from ${iss}`;
  finding.hint = `use the keys of the token's issuer (${iss.replace(/\/+$/, "")}/.well-known/openid-configuration): this key set is another environment's`;
  finding.detail = { ...finding.detail, jwksIssuer: named };
  return true;
}

/** {@link nameDiscoveredIssuer} over a report (its findings and its cause); returns `report`. */
export function nameDiscoveredIssuerIn(report, jwks) {
  const iss = report?.payload?.iss;
  if (typeof iss !== "string" || !discovered.has(jwks ?? {})) return report;
  for (const f of report.findings) nameDiscoveredIssuer(f, iss, jwks);
  if (report.cause) nameDiscoveredIssuer(report.cause, iss, jwks);
  return report;
}

/**
 * The jwks_uri of an issuer's OpenID discovery document (`issuer` an http(s) URL), fetched by
 * the same rules. Rejects with an Error naming the document's URL.
 */
export async function discoverJwksUri(fetchImpl, issuer, timeoutMs) {
  return (await discover(fetchImpl, issuer, timeoutMs)).jwksUri;
}

/**
 * {@link discoverJwksUri} with the document's `issuer` member (null when it has none).
 * @returns {Promise<{ jwksUri: URL, issuer: string|null }>}
 */
export async function discover(fetchImpl, issuer, timeoutMs) {
  const base = new URL(issuer);
  base.search = "";
  base.hash = "";
  const url = `${base.href.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let config;
  try {
    config = (await fetchJson(fetchImpl, url, timeoutMs)).body;
  } catch (e) {
    throw new Error(`${describe(e)}: ${url}`, { cause: e });
  }
  if (!config || typeof config !== "object" || typeof config.jwks_uri !== "string") {
    throw new Error(`${url} has no jwks_uri`);
  }
  let jwksUri;
  try {
    jwksUri = new URL(config.jwks_uri, url);
  } catch {
    throw new Error(`the jwks_uri of ${url} is not a URL`);
  }
  return { jwksUri, issuer: typeof config.issuer === "string" ? config.issuer : null };
}

/** An error of the fetchers above in words (timeouts, network causes). */
export function describe(e) {
  if (e instanceof TimeoutError) return e.message;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timed out";
  const cause = e?.cause?.code ?? e?.cause?.message;
  const message = e?.message ?? String(e);
  return cause && !message.includes(cause) ? `${message} (${cause})` : message;
}

// Milliseconds on a monotonic clock where there is one: a wall clock set back must not stall
// refreshes (nor one set forward expire the set early).
const clock = () => globalThis.performance?.now?.() ?? Date.now();

// Whether a fetched set can verify anything: null when it can, else why not (in words). The
// package's entry (api.js) installs the core's judgement (`setKeySetCheck`); without it (the CLI
// and the page import this module alone) a set with at least one member passes.
let keySetCheck = (jwks) => (kidsOf(jwks).length > 0 ? null : "the key set holds no key");

/**
 * Installs the judgement of whether a fetched key set has a usable key: `(jwks) => null` when it
 * has, else a reason in words. A refresh whose set has none keeps the last good set.
 */
export function setKeySetCheck(check) {
  keySetCheck = check;
}

// After a failed fetch the next one waits: 1 s (or the cooldown, if shorter), doubling with
// each failure in a row, never more than the cooldown.
const FIRST_BACKOFF_MS = 1000;

/**
 * The result of a failed fetch in one word, for the fetch counters and the fleet view: a short,
 * bounded vocabulary (never the URL or the body).
 */
export function resultOf(e) {
  const text = `${e?.name === "TimeoutError" ? "timeout " : ""}${e?.message ?? e}`;
  if (/timeout|timed out/i.test(text)) return "timeout";
  if (/redirect/i.test(text)) return "redirect";
  const status = /^HTTP (\d{3})/.exec(text);
  if (status) return `http_${status[1]}`;
  if (/byte limit/.test(text)) return "too_large";
  if (/not UTF-8/.test(text)) return "not_utf8";
  if (/not JSON/.test(text)) return "not_json";
  if (/not a JWK Set/.test(text)) return "not_jwks";
  if (/no usable key/.test(text)) return "no_usable_key";
  return "network";
}

/** A key set fetched from a URL. Use it as `options.jwks` with `verify()`. */
export class RemoteJWKSet {
  #url;
  #fetch;
  #maxAge;
  #cooldown;
  #timeout;
  #cache;
  // The last good set: { jwks, kids: Set, fetchedAt (monotonic ms), fetchedWall (epoch ms),
  // ttl (ms; Cache-Control max-age within [cooldown, cacheMaxAge]) }, or null before the first.
  #good = null;
  // The last attempt, good or not: { at (monotonic ms), wall (epoch ms), ok, error }, or null.
  #last = null;
  #failures = 0; // failed attempts in a row
  #inflight = null;
  #issuer = null; // the issuer its discovery document names (discoverJWKS)
  #maxStale;
  #firstSeen = new Map(); // kid -> epoch ms when a good set first held it (the kids held now only)
  #fetches = new Map(); // result ("ok", "timeout", "http_500", ...) -> count

  constructor(url, options) {
    this.#url = httpUrl("createRemoteJWKSet()", url).href;
    const o = readOptions("createRemoteJWKSet()", options);
    this.#maxAge = o.maxAge;
    this.#maxStale = o.maxStale;
    this.#cooldown = o.cooldown;
    this.#timeout = o.timeout;
    this.#fetch = o.fetch;
    this.#cache = o.cache;
  }

  /** The URL of the set. */
  get url() {
    return this.#url;
  }

  /** The issuer named by the discovery document the set's URL came from, or null. */
  get issuer() {
    return this.#issuer;
  }

  /** Called by discoverJWKS(). */
  static fromDiscovery(url, options, issuer) {
    const set = new RemoteJWKSet(url, options);
    set.#issuer = issuer;
    return set;
  }

  /**
   * What the set knows of itself, for diagnoses, metrics and the fleet view (plain data; times
   * in epoch ms; no key material): `{ url, kids, firstSeen: { kid: ms }, fetchedAt, ageSeconds,
   * stale, staleSeconds, maxStaleSeconds, lastAttempt: { at, ok, result, error } | null,
   * fetches: { result: n }, failures, refreshing, nextAttemptInSeconds }`. `stale` is why the
   * last refresh failed while an older set is served (null otherwise); `staleSeconds`, for how
   * long the set has been served past its age without a good refresh (0 when it is not).
   */
  state() {
    const now = clock();
    const good = this.#good;
    const stale = this.#stale();
    return {
      url: this.#url,
      kids: good ? [...good.kids] : [],
      firstSeen: Object.fromEntries(this.#firstSeen),
      fetchedAt: good ? good.fetchedWall : null,
      ageSeconds: good ? Math.round((now - good.fetchedAt) / 100) / 10 : null,
      stale,
      staleSeconds: stale ? Math.max(0, Math.round((now - good.fetchedAt - good.ttl) / 100) / 10) : 0,
      maxStaleSeconds: this.#maxStale / 1000,
      lastAttempt: this.#last ? { at: this.#last.wall, ok: this.#last.ok, result: this.#last.result, error: this.#last.error } : null,
      fetches: Object.fromEntries(this.#fetches),
      failures: this.#failures,
      refreshing: this.#inflight !== null,
      nextAttemptInSeconds: Math.max(0, Math.round((this.#nextAttempt() - now) / 100) / 10),
    };
  }

  // Why the served set is stale (the last attempt failed and an older set is kept), or null.
  #stale() {
    return this.#good && this.#last && !this.#last.ok ? this.#last.error : null;
  }

  // The earliest time (monotonic ms) of the next attempt: after a failure, the backoff; after
  // a success, the cooldown (which only an unknown kid or a rejected signature waits for: an
  // expired set is refreshed whenever it expires).
  #nextAttempt() {
    if (!this.#last) return -Infinity;
    if (this.#last.ok) return this.#last.at + this.#cooldown;
    const backoff = Math.min(this.#cooldown, Math.min(FIRST_BACKOFF_MS, this.#cooldown) * 2 ** Math.min(this.#failures - 1, 30));
    return this.#last.at + backoff;
  }

  // One request at a time: concurrent callers share it. Never rejects. With a shared cache,
  // a set another isolate fetched recently enough (and that has `kid`) is taken from it first.
  #refresh(kid) {
    if (!this.#inflight) {
      const at = clock();
      const wall = Date.now();
      this.#inflight = this.#fromCache(kid)
        .then((cached) => cached || this.#fromNetwork())
        .then(
          () => {
            this.#last = { at, wall, ok: true, result: "ok", error: null };
            this.#failures = 0;
            this.#count("ok");
          },
          (e) => {
            const result = resultOf(e);
            this.#last = { at, wall, ok: false, result, error: `${describe(e)}: ${this.#url}` };
            this.#failures++;
            this.#count(result);
          },
        )
        .finally(() => {
          this.#inflight = null;
        });
    }
    return this.#inflight;
  }

  #count(result) {
    this.#fetches.set(result, (this.#fetches.get(result) ?? 0) + 1);
  }

  // Takes a set as the last good one, unless it has no usable key (then it throws, and the
  // last good set stays).
  #accept(jwks, ageMs, ttl) {
    const unusable = keySetCheck(jwks);
    if (unusable) throw new Error(`the key set has no usable key (${unusable})`);
    this.#good = { jwks: noteDiscovered(jwks, this.#issuer), kids: new Set(kidsOf(jwks)), fetchedAt: clock() - ageMs, fetchedWall: Date.now() - ageMs, ttl };
    // when each kid held now was first held (a kid dropped and published again starts anew)
    const firstSeen = new Map();
    for (const kid of this.#good.kids) if (typeof kid === "string") firstSeen.set(kid, this.#firstSeen.get(kid) ?? Date.now());
    this.#firstSeen = firstSeen;
  }

  // A fresh set from the user's cache (wall-clock ages: the cache outlives this isolate). The
  // cache is asked with the set's URL, and an entry stored for another URL is never used: one
  // cache may serve several issuers, and one issuer's keys must never verify another's tokens.
  async #fromCache(kid) {
    if (!this.#cache) return false;
    let entry;
    try {
      entry = await this.#cache.get(this.#url);
    } catch {
      return false; // a cache that fails is a cache miss
    }
    if (entry?.url !== this.#url) return false;
    const age = Date.now() - entry.fetchedAt;
    const ttl = Number.isFinite(entry.ttl) ? entry.ttl * 1000 : this.#maxAge;
    if (!isKeySet(entry.jwks) || !(age >= 0 && age < ttl)) return false;
    if (kid != null && !kidsOf(entry.jwks).includes(kid)) return false;
    try {
      this.#accept(entry.jwks, age, ttl);
    } catch {
      return false; // an unusable cached set: ask the issuer
    }
    return true;
  }

  async #fromNetwork() {
    const { jwks: body, maxAge } = await fetchJwkSet(this.#fetch, this.#url, this.#timeout);
    // the issuer's Cache-Control, within what the verifier allows
    const ttl = maxAge === null ? this.#maxAge : Math.min(Math.max(maxAge * 1000, this.#cooldown), this.#maxAge);
    this.#accept(body, 0, ttl);
    if (this.#cache) {
      try {
        await this.#cache.set({ url: this.#url, jwks: body, fetchedAt: Date.now(), ttl: ttl / 1000 }, this.#url);
      } catch {
        // sharing is an optimisation: the set is good whether or not the cache took it
      }
    }
  }

  // The answer of the last good set. A set past its age is still served while a refresh runs
  // in the background (stale-while-revalidate): only a request without a usable key waits.
  // Refreshed in the background from this share of its age on (but not within a cooldown of
  // the last fetch), so that with a healthy issuer the set served is never past its age.
  static REFRESH_AHEAD = 0.8;

  #answer(now) {
    const good = this.#good;
    const due = Math.max(good.ttl * RemoteJWKSet.REFRESH_AHEAD, Math.min(this.#cooldown, good.ttl));
    if (now - good.fetchedAt >= due && !this.#inflight && (this.#last?.ok !== false || now >= this.#nextAttempt())) {
      this.#refresh(undefined);
    }
    return { jwks: good.jwks, stale: this.#stale() };
  }

  // The last good set while it may still be used: within maxStale of its fetch (null after).
  #usable(now) {
    const good = this.#good;
    return good && now - good.fetchedAt <= this.#maxStale ? good : null;
  }

  /**
   * What `resolve(kid)` would answer without waiting (the hot path of verify()): the set when
   * it has `kid` (or `kid` is absent), starting a background refresh when the set is past its
   * age; null when the caller must wait.
   * @param {string} [kid]
   * @returns {{ jwks: object, stale: string|null } | null}
   */
  peek(kid) {
    const now = clock();
    const good = this.#usable(now);
    if (!good || (kid != null && !good.kids.has(kid))) return null;
    return this.#answer(now);
  }

  /**
   * The keys to verify a token with `kid`. With a set that has `kid` the answer is immediate:
   * a set past `cacheMaxAge` (or the issuer's max-age) is refreshed in the background. Waits
   * only when there is no set yet, or `kid` is not in it: then fetches (one request shared by
   * concurrent callers), unless the last attempt is too recent (after a success, `cooldown`;
   * after failures, a backoff from 1 s doubling up to `cooldown`).
   *
   * Resolves `{ jwks, stale, refetch }`: `stale` says why the last refresh failed while the
   * last good set is served; `refetch` (kid unknown only) whether this call refetched and
   * when the next refetch may be. Rejects with `JwtConfigError` (`transient`) when there is no
   * usable set (`reason` "jwks_unavailable"), and when `kid` is unknown and the set could not
   * be refreshed (`reason` "jwks_stale": the token may be signed by a key the issuer rotated
   * in during the outage, so it is not the token's fault).
   * @param {string} [kid]
   * @returns {Promise<{ jwks: object, stale: string|null, refetch?: object }>}
   */
  async resolve(kid) {
    // At most one fetch waited for per call: a caller that waited answers with what it got.
    let waited = false;
    for (;;) {
      const now = clock();
      const good = this.#usable(now);
      if (good && (kid == null || good.kids.has(kid))) return this.#answer(now);
      if (!waited) {
        if (this.#inflight) {
          await this.#inflight;
          waited = true;
          continue;
        }
        if (now >= this.#nextAttempt()) {
          await this.#refresh(kid);
          waited = true;
          continue;
        }
      }
      if (!good) throw this.#good ? this.#tooStale(now) : this.#unavailable(now);
      if (this.#stale()) throw this.#staleKid(kid, now);
      return { jwks: good.jwks, stale: null, refetch: this.refetchInfo(waited) };
    }
  }

  /**
   * Whether a refetch happened for this call (`refetched`) or was declined, the set's age and
   * when the next refetch may be, in seconds: `{ refetched, declined, ageSeconds, cooldown,
   * nextInSeconds }`.
   */
  refetchInfo(refetched = false) {
    const now = clock();
    return {
      refetched,
      declined: !refetched,
      ageSeconds: this.#good ? Math.round((now - this.#good.fetchedAt) / 100) / 10 : null,
      cooldown: this.#cooldown / 1000,
      nextInSeconds: Math.max(0, Math.round((this.#nextAttempt() - now) / 100) / 10),
    };
  }

  /**
   * A signature failed with a key whose kid is in the set: the issuer may have renewed the key
   * under the same kid (a certificate renewal). Refetches the set unless the last attempt is
   * within `cooldown` (shared with the unknown-kid refetch, so a flood of forged signatures
   * costs one request per cooldown). Resolves `{ jwks, stale, refetch }` as `resolve`.
   * @param {string} [kid]
   */
  async revalidate(kid) {
    if (this.#inflight) {
      await this.#inflight;
    } else if (clock() >= this.#nextAttempt()) {
      await this.#refresh(kid);
    } else {
      return { jwks: this.#good?.jwks ?? null, stale: this.#stale(), refetch: this.refetchInfo(false) };
    }
    return { jwks: this.#good?.jwks ?? null, stale: this.#stale(), refetch: this.refetchInfo(true) };
  }

  #retryAfter(now) {
    return Math.max(1, Math.ceil((this.#nextAttempt() - now) / 1000));
  }

  #unavailable(now) {
    const error = this.#last?.error ?? "unknown error";
    const retryAfter = this.#retryAfter(now);
    return new JwtConfigError(keyFinding("jwks_unavailable", `the key set could not be fetched: ${error}`,
      `check that the JWKS URL is reachable and answers 200 with a JWK Set; the next attempt is in ${retryAfter} s`,
      { url: this.#url, error, failures: this.#failures, retryAfter }), { transient: true, retryAfter });
  }

  // The last good set is older than maxStale and could not be refreshed: fail closed.
  #tooStale(now) {
    const error = this.#last?.error ?? "no refresh attempted";
    const ageSeconds = Math.round((now - this.#good.fetchedAt) / 1000);
    const retryAfter = this.#retryAfter(now);
    return new JwtConfigError(keyFinding("jwks_unavailable",
      `the key set was last fetched ${ageSeconds} s ago, longer than maxStale (${this.#maxStale / 1000} s) allows, and cannot be refreshed: ${error}`,
      `fix the JWKS URL's answer; keys that old may have been retired, so none is trusted until a refresh succeeds (the next attempt is in ${retryAfter} s)`,
      { url: this.#url, error, ageSeconds, maxStale: this.#maxStale / 1000, failures: this.#failures, retryAfter, stale: true }), { transient: true, retryAfter });
  }

  #staleKid(kid, now) {
    const good = this.#good;
    const error = this.#last.error;
    const ageSeconds = Math.round((now - good.fetchedAt) / 1000);
    const retryAfter = this.#retryAfter(now);
    const finding = {
      code: "kid_not_found",
      severity: "error",
      check: "key",
      message: `kid ${JSON.stringify(String(kid).slice(0, 64))} is not in the last good key set (fetched ${ageSeconds} s ago), ` +
        `and the key set could not be refreshed (${error}): the issuer may have rotated its keys during the outage`,
      hint: `the key source is at fault, not the token: fix the JWKS URL's answer; the next attempt is in ${retryAfter} s`,
      detail: { reason: "jwks_stale", kid, url: this.#url, error, ageSeconds, failures: this.#failures, retryAfter },
    };
    return new JwtConfigError(finding, { transient: true, retryAfter });
  }
}

/**
 * A remote key set (see `RemoteJWKSet`).
 * @param {string|URL} url
 * @param {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, maxStale?: number, fetch?: typeof fetch }} [options] seconds
 */
export function createRemoteJWKSet(url, options) {
  return new RemoteJWKSet(url, options);
}

/**
 * Reads `<issuer>/.well-known/openid-configuration` and returns a remote key set for its
 * `jwks_uri`. Rejects (Error) when the document cannot be fetched or has no `jwks_uri`.
 * @param {string|URL} issuer
 * @param {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, fetch?: typeof fetch }} [options]
 */
export async function discoverJWKS(issuer, options) {
  if (typeof issuer !== "string" && !(issuer instanceof URL)) {
    throw new TypeError("discoverJWKS() takes the issuer URL as a string");
  }
  const o = readOptions("discoverJWKS()", options);
  let found;
  try {
    found = await discover(o.fetch, httpUrl("discoverJWKS()", issuer), o.timeout);
  } catch (e) {
    if (e instanceof TypeError && !e.cause) throw e; // the issuer is not an http(s) URL
    throw new Error(`discoverJWKS(): ${e.message}`, { cause: e.cause ?? e });
  }
  return RemoteJWKSet.fromDiscovery(found.jwksUri, options, found.issuer);
}
