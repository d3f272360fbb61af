// A verifier's state as data, for the fleet view: the fingerprint of its non-secret
// configuration, and an estimate of the offset between this instance's clock and each issuer's.
// Never a secret or key material.

import { VERSION } from "./version.js";

export { VERSION };

/** How far back the clock estimate looks, in seconds. */
export const CLOCK_WINDOW_SECONDS = 900;
/** Most issuers one estimator tracks (more are counted under "other"). */
export const MAX_CLOCK_ISSUERS = 16;
/** Default |offset| beyond which the estimate is a warning, in seconds. */
export const CLOCK_WARN_SECONDS = 60;

/**
 * The offset between an issuer's clock and this instance's, from the tokens it accepts: each
 * accepted token gives `iat - now`, which is the offset minus the token's age on arrival (never
 * negative). The largest value over a recent window is the estimate: the freshest token bounds
 * the offset most tightly, and a slow client, a cached token or a retry only adds age, so it
 * can only lower a sample, never raise the estimate. Positive: the issuer's clock is ahead.
 */
export class ClockOffsetEstimator {
  constructor({ window = CLOCK_WINDOW_SECONDS, maxIssuers = MAX_CLOCK_ISSUERS } = {}) {
    this.window = window;
    this.maxIssuers = maxIssuers;
    /** issuer -> { best: [at, offset][], samples } (the window's running maxima, decreasing) */
    this.issuers = new Map();
  }

  /** Records one accepted token's `iat` (seconds) for `issuer` at local time `now` (seconds). */
  record(issuer, iat, now) {
    if (typeof iat !== "number" || !Number.isFinite(iat) || typeof issuer !== "string") return;
    let key = issuer;
    if (!this.issuers.has(key) && this.issuers.size >= this.maxIssuers) key = "other";
    let s = this.issuers.get(key);
    if (s === undefined) {
      s = { best: [], samples: 0 };
      this.issuers.set(key, s);
    }
    s.samples++;
    const offset = iat - now;
    // the common case, an older token than the freshest seen within the last second: nothing
    // to keep (it is dominated by that sample, whose window ends at most a second sooner)
    const last = s.best[s.best.length - 1];
    if (last !== undefined && offset <= last[1] && now - last[0] < 1) return;
    // a monotonic deque of maxima: drop older samples this one dominates, and expired ones
    while (s.best.length > 0 && s.best[s.best.length - 1][1] <= offset) s.best.pop();
    s.best.push([now, offset]);
    while (s.best.length > 0 && s.best[0][0] < now - this.window) s.best.shift();
  }

  /** `{ issuer: { offsetSeconds, samples } }` at `now`; issuers with no recent sample are left out. */
  estimate(now) {
    const out = {};
    for (const [issuer, s] of this.issuers) {
      while (s.best.length > 0 && s.best[0][0] < now - this.window) s.best.shift();
      if (s.best.length > 0) out[issuer] = { offsetSeconds: Math.round(s.best[0][1] * 10) / 10, samples: s.samples };
    }
    return out;
  }
}

/** The process's estimate: every verifier records the tokens it accepts here. */
export const clockOffsets = new ClockOffsetEstimator();

// FNV-1a, 64 bits as two 32-bit halves: a short stable hash of non-secret text (an identifier,
// not a commitment; the text it hashes is shown beside it).
function fnv1a64(text) {
  let h1 = 0x811c9dc5, h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ (c + i), 0x01000193) >>> 0;
  }
  return h2.toString(16).padStart(8, "0") + h1.toString(16).padStart(8, "0").slice(0, 4);
}

const list = (v) => (v === undefined || v === null ? "" : [].concat(v).map(String).join(" "));

/**
 * The key source in words, never key material: a remote set's URL, a local set's kids, a public
 * key's text hashed, or "secret" (an HMAC secret gets no hash: a weak one could be guessed).
 */
function keySource(options, describe) {
  const jwks = options.jwks;
  if (typeof jwks?.url === "string") return jwks.url; // a remote set
  if (jwks !== undefined && jwks !== null) {
    const set = jwks.jwks ?? (typeof jwks === "string" ? safeJson(jwks) : jwks);
    const kids = Array.isArray(set?.keys) ? set.keys.map((k) => k?.kid ?? "?").sort() : Object.keys(set ?? {}).sort();
    return `jwks(${kids.join(",")})`;
  }
  if (options.key === undefined) return "";
  let d = null;
  try {
    d = describe?.(options.key, { secretEncoding: options.secretEncoding });
  } catch {
    return "key"; // a CryptoKey or KeyObject, read later
  }
  if (!d || d.kind === "secret" || d.sensitive) return d?.kind === "secret" ? "secret" : (d?.kind ?? "key");
  const text = typeof options.key === "string" ? options.key : JSON.stringify(options.key);
  return `${d.kind} key ${fnv1a64(text ?? "")}`;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The fingerprint of a verifier's non-secret configuration: a short stable hash and the
 * readable parts it hashes (issuer, audience, algorithms, key source, and the other checks'
 * settings). Two instances with the same fingerprint verify alike.
 * @param {object} options verify() options
 * @param {(key: unknown, options?: { secretEncoding?: string }) => { kind: string, sensitive?: boolean }} [describe]
 */
export function fingerprint(options, describe) {
  const parts = {
    issuer: list(options.issuer),
    audience: list(options.audience),
    algorithms: list(options.algorithms),
    keys: keySource(options, describe),
  };
  const rest = {
    subject: options.subject ?? null,
    typ: options.typ ?? null,
    requiredClaims: options.requiredClaims ?? null,
    leeway: options.leeway ?? 0,
    maxTokenAge: options.maxTokenAge ?? null,
  };
  return { fingerprint: fnv1a64(JSON.stringify([parts, rest])), version: VERSION, ...parts };
}
