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

const OPTION_NAMES = new Set(["cacheMaxAge", "cooldown", "timeout", "fetch", "cache"]);
// jose's names for the same settings (in milliseconds there): a migration mistake is named.
const JOSE_NAMES = { cooldownDuration: "cooldown", timeoutDuration: "timeout" };
// Beyond these a duration is almost surely jose's milliseconds, not seconds: 600000 would
// silently be 6.9 days.
const PLAUSIBLE_SECONDS = { cacheMaxAge: 86_400, cooldown: 3_600, timeout: 60 };

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
    throw new TypeError(`${fn}: cache must be an object with get() and set(entry) (sync or async)`);
  }
  return {
    maxAge: seconds("cacheMaxAge", 600, { infinite: true }) * 1000,
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

/** A key set fetched from a URL. Use it as `options.jwks` with `verify()`. */
export class RemoteJWKSet {
  #url;
  #fetch;
  #maxAge;
  #cooldown;
  #timeout;
  #cache;
  #jwks = null;
  #ttl; // how long the set is fresh: Cache-Control max-age within [cooldown, cacheMaxAge]
  #fetchedAt = -Infinity; // the last good fetch
  #attemptedAt = -Infinity; // the last fetch, good or not
  #inflight = null;
  #error = null; // why the last fetch failed, or null when it succeeded
  #issuer = null; // the issuer its discovery document names (discoverJWKS)

  constructor(url, options) {
    this.#url = httpUrl("createRemoteJWKSet()", url).href;
    const o = readOptions("createRemoteJWKSet()", options);
    this.#maxAge = o.maxAge;
    this.#cooldown = o.cooldown;
    this.#timeout = o.timeout;
    this.#fetch = o.fetch;
    this.#cache = o.cache;
    this.#ttl = o.maxAge;
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

  // One request at a time: concurrent callers share it. Never rejects. With a shared cache,
  // a set another isolate fetched recently enough (and that has `kid`) is taken from it first.
  #refresh(kid) {
    if (!this.#inflight) {
      this.#attemptedAt = clock();
      this.#inflight = this.#fromCache(kid)
        .then((cached) => cached || this.#fromNetwork())
        .catch((e) => {
          this.#error = `${describe(e)}: ${this.#url}`;
        })
        .finally(() => {
          this.#inflight = null;
        });
    }
    return this.#inflight;
  }

  #accept(jwks, ageMs, ttl) {
    this.#jwks = noteDiscovered(jwks, this.#issuer);
    this.#ttl = ttl;
    this.#fetchedAt = clock() - ageMs;
    this.#error = null;
  }

  // A fresh set from the user's cache (wall-clock ages: the cache outlives this isolate).
  async #fromCache(kid) {
    if (!this.#cache) return false;
    let entry;
    try {
      entry = await this.#cache.get();
    } catch {
      return false; // a cache that fails is a cache miss
    }
    const age = Date.now() - entry?.fetchedAt;
    const ttl = Number.isFinite(entry?.ttl) ? entry.ttl * 1000 : this.#maxAge;
    if (!isKeySet(entry?.jwks) || !(age >= 0 && age < ttl)) return false;
    if (kid != null && !kidsOf(entry.jwks).includes(kid)) return false;
    this.#accept(entry.jwks, age, ttl);
    return true;
  }

  async #fromNetwork() {
    const { jwks: body, maxAge } = await fetchJwkSet(this.#fetch, this.#url, this.#timeout);
    // the issuer's Cache-Control, within what the verifier allows
    const ttl = maxAge === null ? this.#maxAge : Math.min(Math.max(maxAge * 1000, this.#cooldown), this.#maxAge);
    this.#accept(body, 0, ttl);
    if (this.#cache) {
      try {
        await this.#cache.set({ jwks: body, fetchedAt: Date.now(), ttl: ttl / 1000 });
      } catch {
        // sharing is an optimisation: the set is good whether or not the cache took it
      }
    }
  }

  // Whether the keys for `kid` must be fetched first (see resolve()).
  #needsRefresh(kid) {
    const now = clock();
    const cooled = now - this.#attemptedAt >= this.#cooldown;
    const expired = now - this.#fetchedAt >= this.#ttl;
    const unknownKid = kid != null && this.#jwks !== null && !kidsOf(this.#jwks).includes(kid);
    return !this.#jwks || (expired && (this.#error === null || cooled)) || (unknownKid && cooled);
  }

  /**
   * What `resolve(kid)` would answer, when it can answer without fetching (the hot path of
   * verify()); null when a fetch is due or under way.
   * @param {string} [kid]
   * @returns {{ jwks: object, stale: string|null } | null}
   */
  peek(kid) {
    if (this.#inflight || this.#needsRefresh(kid)) return null;
    return { jwks: this.#jwks, stale: this.#error };
  }

  /**
   * The keys to verify a token with `kid`. Fetched when there is no set yet; refetched when
   * the set is older than `cacheMaxAge` (but, after a failed fetch, not again within
   * `cooldown`), and when `kid` is not in the set (at most once per `cooldown`). A failed
   * refetch keeps the last good set and `stale` says why; with no set at all it rejects with
   * `JwtConfigError` (`reason` "jwks_unavailable", `transient`). Never makes more than one request at a time.
   * @param {string} [kid]
   * @returns {Promise<{ jwks: object, stale: string|null }>}
   */
  async resolve(kid) {
    if (this.#inflight) await this.#inflight;
    else if (this.#needsRefresh(kid)) await this.#refresh(kid);
    if (!this.#jwks) {
      const error = this.#error ?? "unknown error";
      throw new JwtConfigError(keyFinding("jwks_unavailable", `the key set could not be fetched: ${error}`,
        "check that the JWKS URL is reachable and answers 200 with a JWK Set", { url: this.#url, error }), { transient: true });
    }
    return { jwks: this.#jwks, stale: this.#error };
  }
}

/**
 * A remote key set (see `RemoteJWKSet`).
 * @param {string|URL} url
 * @param {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, fetch?: typeof fetch }} [options] seconds
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
