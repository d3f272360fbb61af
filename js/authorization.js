import { FINDINGS } from "./findings.js";
import { JwtError } from "./errors.js";

const byCode = new Map(FINDINGS.map((f) => [f.code, f]));

function fail(code, message, detail = {}) {
  const entry = byCode.get(code);
  const finding = { code, severity: entry.severity, check: entry.check, message, hint: entry.hint, detail };
  return new JwtError(code, message, [finding], null);
}

/**
 * Reads the token from an `Authorization` header value, strictly: scheme `Bearer` (any letter
 * case), one space, exactly one token. Throws `JwtError` with the transit-corruption codes
 * (`double_bearer`, `url_encoded`, `quoted_token`, `whitespace_in_token`) or
 * `malformed_token`.
 * @param {string|null|undefined} value
 * @returns {string}
 */
export function tokenFromAuthorization(value) {
  if (value == null || value === "") throw fail("malformed_token", "there is no Authorization header");
  if (typeof value !== "string") throw new TypeError("tokenFromAuthorization() takes the header value as a string");
  const m = /^bearer( +|%20)(.*)$/is.exec(value.trim());
  if (!m) {
    const scheme = value.trim().split(/\s/, 1)[0];
    throw fail("malformed_token", `the Authorization header does not use the Bearer scheme (it starts with ${JSON.stringify(scheme.slice(0, 20))})`, { scheme: scheme.slice(0, 20) });
  }
  const [, sep, rest] = m;
  if (sep === "%20" || /%[0-9a-f]{2}/i.test(rest)) {
    throw fail("url_encoded", "the Authorization header value is percent-encoded");
  }
  if (/^bearer\s/i.test(rest)) throw fail("double_bearer", "the Authorization header says \"Bearer\" twice");
  if (/^["'`].*["'`]$/s.test(rest)) throw fail("quoted_token", "the token in the Authorization header is wrapped in quotes");
  if (/\s/.test(rest)) throw fail("whitespace_in_token", "the Authorization header holds more than one token, or a token with spaces or line breaks");
  if (rest === "") throw fail("malformed_token", "the Authorization header has the Bearer scheme but no token");
  return rest;
}
