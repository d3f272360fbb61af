// Finding tokens and timestamps in log lines (triage). Kept free of allocations where it can:
// most lines of a log hold no token and cost one indexOf.

import { parseIsoSeconds } from "./args.js";

// A compact JWS (three base64url parts; the signature may be empty), or a five-part JWE so that
// it is reported as encrypted rather than cut to three parts.
const JWS = /eyJ[\w-]*\.[\w-]+\.[\w-]*(?:\.[\w-]+\.[\w-]+)?/g;
// The "Bearer " scheme(s) right before a token: one is an Authorization header (expected in a
// log, not a finding); "Bearer Bearer " or "Bearer%20" are corruptions inspect reports.
const BEARER_BEFORE = /(?:bearer(?: +|%20))+$/i;
// An Authorization header whose value is not a JWS (opaque or mangled tokens).
const AUTH_VALUE = /authorization["']?\s*[:=]\s*["']?bearer +([^\s"',;}\]]+)/gi;
const MAX_TOKENS_PER_LINE = 16;

/**
 * Appends the tokens of `line` to `out` (strings as they go to inspect) and returns how many of
 * them came from an Authorization header (a single "Bearer " before them).
 * @param {string} line
 * @param {string[]} out cleared by the caller
 */
export function extractTokens(line, out) {
  let fromAuth = 0;
  const hasJws = line.indexOf("eyJ") !== -1;
  const hasBearer = line.indexOf("earer") !== -1 || line.indexOf("EARER") !== -1;
  if (!hasJws && !hasBearer) return 0;
  if (hasJws) {
    JWS.lastIndex = 0;
    let m;
    while ((m = JWS.exec(line)) !== null && out.length < MAX_TOKENS_PER_LINE) {
      const token = m[0];
      const at = m.index;
      if (hasBearer && at >= 7) {
        const b = BEARER_BEFORE.exec(line.slice(Math.max(0, at - 48), at));
        if (b) {
          // one "Bearer " is the header's scheme; more, or "%20", go to inspect as found
          out.push(/^bearer +$/i.test(b[0]) ? token : b[0] + token);
          fromAuth++;
          continue;
        }
      }
      out.push(token);
    }
  }
  if (hasBearer && (line.indexOf("uthorization") !== -1 || line.indexOf("UTHORIZATION") !== -1)) {
    AUTH_VALUE.lastIndex = 0;
    let m;
    while ((m = AUTH_VALUE.exec(line)) !== null && out.length < MAX_TOKENS_PER_LINE) {
      const value = m[1];
      if (value.startsWith("eyJ") || /^bearer$/i.test(value) || value.startsWith("%20")) continue;
      out.push(value);
      fromAuth++;
    }
  }
  return fromAuth;
}

const TIME_FIELDS = ["time", "timestamp", "ts", "@timestamp"];
const ISO_IN_LINE = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/i;
const CLF = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]/;
const LEADING_EPOCH = /^\s*\[?(\d{10}(?:\.\d+)?|\d{13})(?![\d.])/;
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

function epochValue(v) {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return v >= 1e11 ? v / 1000 : v;
  if (typeof v === "string") {
    if (/^\d+(\.\d+)?$/.test(v)) return epochValue(Number(v));
    return parseIsoSeconds(v.trim());
  }
  return null;
}

/**
 * The line's own timestamp in seconds since the epoch, or null: for NDJSON its time,
 * timestamp, ts or @timestamp field (ISO 8601 or epoch seconds/milliseconds); otherwise the
 * first ISO 8601 time on the line, a common-log-format [dd/Mon/yyyy:hh:mm:ss +zzzz], or a
 * leading epoch number.
 */
export function lineTime(line) {
  if (line.charCodeAt(0) === 123 /* { */) {
    let obj;
    try {
      obj = JSON.parse(line);
    } catch {
      obj = null;
    }
    if (obj && typeof obj === "object") {
      for (const f of TIME_FIELDS) {
        if (obj[f] !== undefined) {
          const t = epochValue(obj[f]);
          if (t !== null) return t;
        }
      }
    }
  }
  const iso = ISO_IN_LINE.exec(line);
  if (iso) {
    const t = parseIsoSeconds(iso[0]);
    if (t !== null) return t;
  }
  const clf = CLF.exec(line);
  if (clf && MONTHS[clf[2]] !== undefined) {
    const [, d, mon, y, h, mi, s, sign, zh, zm] = clf;
    const utc = Date.UTC(+y, MONTHS[mon], +d, +h, +mi, +s) / 1000;
    return utc - (sign === "-" ? -1 : 1) * (+zh * 3600 + +zm * 60);
  }
  const lead = LEADING_EPOCH.exec(line);
  if (lead) return epochValue(Number(lead[1]));
  return null;
}
