// Key sets usable as `options.jwks`: a local set, and a remote set fetched, cached, refreshed
// on rotation (once per cooldown, one request for concurrent callers) and kept when a refresh
// fails.

import { JwtError } from "./errors.js";

/** Largest JWKS response body read, in bytes. */
export const MAX_JWKS_BYTES = 512 * 1024;

function checkSet(jwks, where) {
  if (typeof jwks === "string") {
    try {
      jwks = JSON.parse(jwks);
    } catch {
      throw new TypeError(`${where}: not JSON`);
    }
  }
  if (!jwks || typeof jwks !== "object" || !Array.isArray(jwks.keys)) {
    throw new TypeError(`${where}: a JWK Set is an object with a "keys" array`);
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

function seconds(name, value, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`createRemoteJWKSet(): ${name} must be a number of seconds >= 0`);
  }
  return value;
}

async function readCapped(res, cap) {
  const declared = Number(res.headers.get("content-length"));
  if (declared > cap) throw new Error(`response of ${declared} bytes exceeds the ${cap}-byte limit`);
  if (!res.body || typeof res.body.getReader !== "function") {
    const text = await res.text();
    if (text.length > cap) throw new Error(`response exceeds the ${cap}-byte limit`);
    return text;
  }
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > cap) {
      await reader.cancel().catch(() => {});
      throw new Error(`response exceeds the ${cap}-byte limit`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

async function fetchJson(fetchImpl, url, timeout) {
  const res = await fetchImpl(url, {
    headers: { accept: "application/json" },
    redirect: "follow",
    signal: AbortSignal.timeout(timeout * 1000),
  });
  if (!res.ok) {
    await res.body?.cancel?.().catch?.(() => {});
    throw new Error(`HTTP ${res.status} from ${url}`);
  }
  const text = await readCapped(res, MAX_JWKS_BYTES);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`the response from ${url} is not JSON`);
  }
}

function describe(e) {
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return "timed out";
  return e?.message ?? String(e);
}

/** A key set fetched from a URL. Use it as `options.jwks` with `verify()`. */
export class RemoteJWKSet {
  #url;
  #fetch;
  #maxAge;
  #cooldown;
  #timeout;
  #jwks = null;
  #fetchedAt = -Infinity;
  #attemptedAt = -Infinity;
  #inflight = null;
  #error = null;

  constructor(url, { cacheMaxAge, cooldown, timeout, fetch: fetchImpl } = {}) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`createRemoteJWKSet(): ${JSON.stringify(String(url))} is not a URL`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw new TypeError("createRemoteJWKSet(): the URL must be http: or https:");
    }
    this.#url = parsed.href;
    this.#maxAge = seconds("cacheMaxAge", cacheMaxAge, 600);
    this.#cooldown = seconds("cooldown", cooldown, 30);
    this.#timeout = seconds("timeout", timeout, 5);
    this.#fetch = fetchImpl ?? ((...a) => globalThis.fetch(...a));
    if (typeof this.#fetch !== "function") throw new TypeError("createRemoteJWKSet(): fetch must be a function");
  }

  /** The URL of the set. */
  get url() {
    return this.#url;
  }

  #refresh() {
    if (!this.#inflight) {
      this.#attemptedAt = Date.now();
      this.#inflight = fetchJson(this.#fetch, this.#url, this.#timeout)
        .then((body) => {
          this.#jwks = checkSet(body, `the key set at ${this.#url}`);
          this.#fetchedAt = Date.now();
          this.#error = null;
        })
        .catch((e) => {
          this.#error = `${describe(e)} (${this.#url})`;
        })
        .finally(() => {
          this.#inflight = null;
        });
    }
    return this.#inflight;
  }

  /**
   * The keys to verify a token with `kid`: fetched when absent or older than `cacheMaxAge`, and
   * refetched once per `cooldown` when `kid` is unknown (rotation).
   * @returns {Promise<{ jwks: object, stale: string|null }>}
   */
  async resolve(kid) {
    const now = Date.now();
    const expired = now - this.#fetchedAt > this.#maxAge * 1000;
    const unknownKid =
      kid != null && this.#jwks && !this.#jwks.keys.some((k) => k && k.kid === kid);
    const cooled = now - this.#attemptedAt >= this.#cooldown * 1000;
    if (this.#inflight) await this.#inflight;
    else if (!this.#jwks || ((expired || unknownKid) && cooled)) await this.#refresh();
    if (!this.#jwks) {
      const message = `the key set could not be fetched: ${this.#error ?? "unknown error"}`;
      const finding = {
        code: "key_invalid", severity: "error", check: "key", message,
        hint: "check that the JWKS URL answers with a JWK Set", detail: { reason: "jwks_unavailable", url: this.#url },
      };
      throw new JwtError("key_invalid", message, [finding], null);
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
 * `jwks_uri`.
 * @param {string} issuer
 * @param {{ cacheMaxAge?: number, cooldown?: number, timeout?: number, fetch?: typeof fetch }} [options]
 */
export async function discoverJWKS(issuer, options = {}) {
  if (typeof issuer !== "string") throw new TypeError("discoverJWKS() takes the issuer URL as a string");
  const base = issuer.replace(/\/+$/, "");
  const url = `${base}/.well-known/openid-configuration`;
  const fetchImpl = options.fetch ?? ((...a) => globalThis.fetch(...a));
  const config = await fetchJson(fetchImpl, url, seconds("timeout", options.timeout, 5));
  if (!config || typeof config.jwks_uri !== "string") {
    throw new Error(`${url} has no jwks_uri`);
  }
  return new RemoteJWKSet(new URL(config.jwks_uri, url), options);
}
