// Turns the page's form state into `inspect()` options, with only the fields that are set (the
// package rejects unknown or undefined-valued junk as misuse).

import { isKeySet } from "./pkg/jwks.js";
import { ALGORITHMS as TABLE } from "./pkg/algs.js";

/** The names of every algorithm the package verifies (its table, generated from src/alg.rs). */
export const ALGORITHMS = TABLE.map((a) => a.name);

/** What the key text looks like: "none", "jwks", "jwk", "pem", "ssh", "url" or "secret". */
export function classifyKey(text, kind = "auto") {
  const t = (text ?? "").trim();
  if (!t) return "none";
  if (kind === "secret") return "secret";
  if (kind === "jwks") return "jwks";
  if (/^https?:\/\/\S+$/i.test(t)) return "url"; // a JWKS URL pasted as the key: never a secret
  if (t.startsWith("{")) {
    try {
      const v = JSON.parse(t);
      if (isKeySet(v)) return "jwks";
      return "jwk";
    } catch {
      return "jwk"; // broken JSON: let the core explain what is wrong with it
    }
  }
  if (/-----BEGIN [A-Z0-9 ]+-----/.test(t) || /^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) /.test(t)) {
    return t.startsWith("ssh-") || t.startsWith("ecdsa-") ? "ssh" : "pem";
  }
  if (/^MII[A-Za-z0-9+/=\s]+$/.test(t) && t.length > 100) return "pem"; // PEM body without armour
  return "secret";
}

export const KEY_KIND_TEXT = {
  none: "no key: the signature will not be checked",
  jwks: "read as a JWK Set",
  jwk: "read as a JWK",
  pem: "read as a PEM key or certificate",
  ssh: "read as an OpenSSH public key",
  secret: "read as an HMAC secret",
  url: "a URL, not a key: put a JWKS URL in the “JWKS URL” field below and fetch it",
};

/**
 * Parses the "now" field: epoch seconds, or a date the browser understands (ISO 8601 without a
 * zone is read as UTC, so a link means the same instant everywhere).
 * @returns {number|undefined|null} seconds; undefined when empty; null when unreadable
 */
export function parseNow(text) {
  const t = (text ?? "").trim();
  if (!t) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  let iso = t.replace(" ", "T");
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(iso)) iso += iso.includes("T") ? "Z" : "T00:00:00Z";
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

function num(text) {
  const t = String(text ?? "").trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : NaN;
}

function words(text) {
  return String(text ?? "").split(/[\s,]+/).filter(Boolean);
}

/**
 * Builds inspect() options from a configuration.
 * @param {object} c  keyKind, key, secretEncoding, algorithms (array or text), issuer, audience,
 *                    subject, typ, leeway, now, maxTokenAge, clockOffset
 * @returns {{options: object, problems: string[], keyClass: string}}
 */
export function buildOptions(c) {
  const options = {};
  const problems = [];
  const keyClass = classifyKey(c.key, c.keyKind);
  const keyText = (c.key ?? "").trim();
  if (keyClass === "jwks") options.jwks = keyText;
  else if (keyClass === "secret") {
    options.key = c.key; // a secret is used byte for byte, spaces included
    if (c.secretEncoding && c.secretEncoding !== "utf8") options.secretEncoding = c.secretEncoding;
  } else if (keyClass !== "none") options.key = c.key; // as pasted: the forgery check compares exact forms

  const algs = Array.isArray(c.algorithms) ? c.algorithms : words(c.algorithms);
  if (algs.length) {
    const unknown = algs.filter((a) => !ALGORITHMS.includes(a));
    if (unknown.length) problems.push(`unknown algorithm${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")} (known: ${ALGORITHMS.join(" ")})`);
    const known = algs.filter((a) => ALGORITHMS.includes(a));
    if (known.length) options.algorithms = known;
  }
  if (c.issuer?.trim()) options.issuer = c.issuer.trim();
  const aud = words(c.audience);
  if (aud.length === 1) options.audience = aud[0];
  else if (aud.length > 1) options.audience = aud;
  if (c.subject?.trim()) options.subject = c.subject.trim();
  if (c.typ?.trim()) options.typ = c.typ.trim();

  const leeway = num(c.leeway);
  if (leeway !== undefined) {
    if (Number.isNaN(leeway) || leeway < 0) problems.push("leeway must be a number of seconds ≥ 0");
    else options.leeway = leeway;
  }
  const age = num(c.maxTokenAge);
  if (age !== undefined) {
    if (Number.isNaN(age) || age < 0) problems.push("maximum token age must be a number of seconds ≥ 0");
    else options.maxTokenAge = age;
  }
  let now = typeof c.now === "number" ? c.now : parseNow(c.now);
  if (now === null) {
    problems.push(`"now" is neither epoch seconds nor a date: ${String(c.now).slice(0, 40)}`);
    now = undefined;
  }
  const offset = num(c.clockOffset);
  if (offset !== undefined && !Number.isNaN(offset) && offset !== 0) {
    now = (now ?? Math.floor(Date.now() / 1000)) + offset;
  }
  if (now !== undefined) options.now = now;
  return { options, problems, keyClass };
}

/** The current time the analysis runs at (seconds). */
export function effectiveNow(options) {
  return options.now ?? Math.floor(Date.now() / 1000);
}
