// fixFor(): the verifier setting that a finding asks to change, written as the corrected call or
// configuration of the user's own library (jose, jsonwebtoken, fast-jwt, PyJWT, hono/jwt, Spring),
// in that library's syntax and units, with the values of this token and the options used.
//
// Only safe fixes get code: a leeway of at most 300 s where a clock shows (nbf or iat a little in
// the future; shown once per token), the issuer or audience exactly as the token states it for a
// trailing-slash, case or scheme near miss, an algorithm of the family the key already verifies,
// the secret decoded as the signer does, a key set that follows rotation. Findings about forged, unsigned or wrongly keyed tokens get guidance
// and never code that would make a verifier accept them.
//
// Snippets never contain a secret or key: they use the names `token`, `key` (the key as your code
// already has it) and `secret` (the secret text, for an encoding fix).

import { FINDINGS } from "./findings.js";
import { ALGORITHMS } from "./algs.js";

/** The stacks fixFor() writes for. */
export const FIX_STACKS = Object.freeze(["jose", "jsonwebtoken", "fast-jwt", "pyjwt", "hono", "spring"]);

/** The largest leeway a fix proposes (seconds): a bigger miss is not clock skew. */
export const MAX_FIX_LEEWAY = 300;

// Findings whose "fix" in the verifier would accept a forged, unsigned or wrongly keyed token.
const GUIDANCE = {
  alg_confusion: "never allow an HS* algorithm next to a public key: pin `algorithms` to the asymmetric algorithm your issuer signs with, and reject this token",
  alg_none: "never accept an unsigned token: fix the issuer so it signs its tokens, and reject this one",
  signature_invalid: "the signature does not match this key: fix the keys (use the issuer's current public key or JWKS), never the check",
  embedded_key_ignored: "never verify with a key the token brings (jwk, jku, x5u, x5c): configure the issuer's keys yourself",
  private_key_supplied: "give the verifier only the public key (the private key must stay with the signer)",
  key_too_weak: "rotate the issuer to an RSA key of at least 2048 bits; do not relax the key size check",
  signature_missing: "an unsigned token must be rejected: fix the issuer so it signs",
  psychic_signature: "this is a forgery attempt (CVE-2022-21449): reject it and keep your crypto library up to date",
  verifies_with_other_key: "the token names one key but another key of the set signed it: fix the kid on the signer or in the JWKS",
  alg_key_mismatch: "use the key type the algorithm needs, or check which key the issuer signs with",
};

// alg_confusion where the public key does not forge the token (detail.forged false).
const MISMATCH = "a configuration mismatch, not an attack: the issuer signs with a shared secret (HS*) and this verifier holds a public key; verify with the issuer's secret (algorithms pinned to that HS*), or have the issuer sign with the asymmetric algorithm of this key; never allow HS* next to a public key";

const TIME_CODES = { expired: "exp", not_yet_valid: "nbf", issued_in_future: "iat" };
const FIXABLE_NEAR_MISS = new Set(["trailing_slash", "case", "scheme"]);

// The key an algorithm needs: "HMAC", "RSA", "OKP", or "EC-<alg>" (one curve each); null for
// an unknown algorithm.
function family(alg) {
  const a = ALGORITHMS.find((x) => x.name === alg);
  if (!a) return null;
  if (a.kty === "oct") return "HMAC";
  return a.kty === "EC" ? `EC-${alg}` : a.kty;
}

/** "a/", "HTTP://A", "http://a" all normalise to "a": what a fixable near miss ignores. */
function loose(value) {
  return String(value).replace(/\/+$/, "").replace(/^https?:\/\//i, "").toLowerCase();
}

/** Replaces in `expected` (string or list) the values that near-miss `actual` by `actual`. */
function replaceNearMiss(expected, actual) {
  if (!Array.isArray(expected)) return actual;
  const kept = expected.filter((e) => loose(e) !== loose(actual));
  return [...kept, actual];
}

function secretOf(options) {
  return typeof options.key === "string" ? options.key : null;
}

// The secret's bytes from its text and back, without Buffer (the page runs this in browsers).
function decodeText(text, encoding) {
  const t = text.trim();
  if (encoding === "hex") return /^([0-9a-f]{2})*$/i.test(t) ? t.match(/../g)?.map((h) => parseInt(h, 16)) ?? [] : null;
  try {
    return [...atob(t.replace(/-/g, "+").replace(/_/g, "/"))].map((c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function encodeBytes(bytes, encoding) {
  const b64 = btoa(String.fromCharCode(...bytes));
  return encoding === "base64url" ? b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") : b64;
}

/**
 * How the key bytes are made from the `secret` text for a secret_encoding_mismatch, as a pair
 * [how, of]: "decode" base64/base64url/hex text, "encode" the text's bytes in base64/base64url
 * (the signer uses the encoded text as the secret), or "text" (the text as is). null when the
 * combination cannot be written as one step.
 */
function secretStep(detailEncoding, options) {
  const given = options.secretEncoding ?? "utf8";
  if (given === "utf8") {
    if (["base64", "base64url", "hex"].includes(detailEncoding)) return ["decode", detailEncoding];
    if (detailEncoding === "base64_encoded") return ["encode", "base64"];
    if (detailEncoding === "base64url_encoded") return ["encode", "base64url"];
    return null;
  }
  // The verifier decoded the secret but the signer uses it encoded: when encoding the decoded
  // bytes gives the text back, the fix is to use the text as is.
  const m = /^(base64|base64url)_encoded$/.exec(detailEncoding);
  const secret = secretOf(options);
  if (!m || secret === null) return null;
  const bytes = decodeText(secret, given);
  if (!bytes) return null;
  return encodeBytes(bytes, m[1]) === secret.trim() ? ["text", "utf8"] : null;
}

function jwksUrlFor(report, context) {
  if (typeof context.jwksUrl === "string" && context.jwksUrl) return { url: context.jwksUrl, guessed: false };
  const iss = report.payload?.iss;
  if (typeof iss === "string" && /^https?:\/\//i.test(iss)) {
    return { url: `${iss.replace(/\/+$/, "")}/.well-known/jwks.json`, guessed: true };
  }
  return { url: "https://issuer.example/.well-known/jwks.json", guessed: true };
}

/**
 * What a finding asks to change: { change } with the settings that fix it and a note, or
 * { refuse } with guidance only, or null when the finding is no verifier setting.
 */
function planFor(f, report, options, context) {
  const d = f.detail ?? {};
  if (f.code === "alg_confusion" && d.forged === false) return { refuse: MISMATCH };
  if (Object.hasOwn(GUIDANCE, f.code)) return { refuse: GUIDANCE[f.code] };
  if (Object.hasOwn(TIME_CODES, f.code)) return timePlan(f, report);
  if (f.code === "issuer_mismatch" || f.code === "audience_mismatch") {
    const name = f.code === "issuer_mismatch" ? "issuer" : "audience";
    const actual = name === "issuer" ? d.actual : nearMissValue(d.actual, options.audience);
    if (FIXABLE_NEAR_MISS.has(d.nearMiss) && typeof actual === "string") {
      return { change: { [name]: replaceNearMiss(options[name], actual) }, note: `the ${name} exactly as the token states it (${d.nearMiss.replace("_", " ")} differs)` };
    }
    if (d.nearMiss === "host") {
      return { refuse: `the token comes from another environment (${JSON.stringify(actual ?? d.actual)}): check where the token was issued; do not configure that ${name} to accept it` };
    }
    return { refuse: f.hint };
  }
  if (f.code === "alg_not_allowed") {
    const alg = d.alg;
    const allowed = Array.isArray(d.allowed) ? d.allowed : options.algorithms ?? [];
    const fam = family(alg);
    const sameFamily = fam !== null && allowed.length > 0 && allowed.every((a) => family(a) === fam);
    const keyErrors = report.findings.some((g) => g.severity === "error" && g.check === "signature" || g.code === "alg_key_mismatch" || g.code === "alg_confusion");
    if (sameFamily && !keyErrors && report.signature?.verified === true && !(fam === "HMAC" && publicKeyGiven(options))) {
      return { change: { algorithms: [...allowed, alg] }, note: `${alg} is of the family your key already verifies (${fam.replace(/-.*/, "")}): allow it next to ${allowed.join(", ")}` };
    }
    return { refuse: `${typeof alg === "string" ? alg : "this alg"} is not of the family of ${allowed.join(", ") || "the allowed algorithms"}: do not widen algorithms to another family; check which key and algorithm the issuer signs with` };
  }
  if (f.code === "secret_encoding_mismatch") {
    // Only for an HMAC token checked with a secret: never an HS* fix next to a public key.
    const secret = secretOf(options);
    const isSecret = secret !== null && !/-----BEGIN|^\s*[{[]|^(ssh-|ecdsa-)/.test(secret);
    const step = isSecret && family(report.header?.alg) === "HMAC" ? secretStep(d.encoding, options) : null;
    if (!step) return { refuse: f.hint };
    const how = step[0] === "decode" ? `${step[1]}-decode the secret` : step[0] === "encode" ? `use the ${step[1]} text of the secret as the secret` : "use the secret text as is, not decoded";
    return { change: { secret: step }, note: `the signer's secret: ${how}, as the signer does` };
  }
  if (f.code === "algorithms_unpinned") {
    const pinned = settingsOf(options, report).pinned;
    if (!pinned) return { refuse: f.hint };
    return { change: { algorithms: pinned }, note: `pin the one algorithm your issuer signs with (${pinned[0]}, which your key verified): a token must not choose how it is checked` };
  }
  if (f.code === "audience_unchecked") {
    return { refuse: `set the audience to this API's own identifier (the token says ${JSON.stringify(d.aud)}: configure that only if it names this API)` };
  }
  if (f.code === "kid_not_found" && options.jwks !== undefined && family(report.header?.alg) !== "HMAC" && family(report.header?.alg) !== null &&
    !report.findings.some((g) => g.code === "verifies_with_other_key")) {
    const { url, guessed } = jwksUrlFor(report, context);
    return {
      change: { jwks: url },
      note: `fetch the issuer's key set (refetched when a kid is unknown) instead of a fixed copy${guessed ? `; ${url} is a guess: use the jwks_uri that ${typeof report.payload?.iss === "string" ? `${report.payload.iss.replace(/\/+$/, "")}/.well-known/openid-configuration` : "the issuer's OpenID configuration"} names` : ""}. If the live set lacks ${JSON.stringify(d.kid)} too, the signer's key is not published`,
    };
  }
  return null;
}

/**
 * Leeway only where a clock shows (clock_skew_suspected: nbf or iat a little in the future),
 * once per token, under the first time finding it covers: the leeway that accepts every claim
 * it names. A token expired a little while ago is no such evidence (a client that sent it late).
 */
function timePlan(f, report) {
  const claim = TIME_CODES[f.code];
  const skew = report.findings.find((g) => g.code === "clock_skew_suspected");
  const sd = skew?.detail ?? {};
  const claims = Array.isArray(sd.claims) ? sd.claims : typeof sd.claim === "string" ? [sd.claim] : [];
  if (claims.includes(claim)) {
    const first = report.findings.find((g) => Object.hasOwn(TIME_CODES, g.code) && claims.includes(TIME_CODES[g.code]));
    if (first !== f) return null; // the same leeway is shown once, under the first
    let needed = sd.leewayNeeded;
    if (typeof needed !== "number" || !Number.isFinite(needed)) return null;
    needed = Math.ceil(needed);
    if (needed > MAX_FIX_LEEWAY) return { refuse: beyondSkew(claim) };
    const which = claims.length > 1 ? `this token's ${claims.join(" and ")}` : `this ${claim}`;
    return { change: { leeway: needed }, claim, note: `a leeway of ${needed} s accepts ${which} (never more than ${MAX_FIX_LEEWAY} s); better, sync the issuer's clock (NTP)` };
  }
  const miss = missFromTimes(report, claim);
  if (claim === "exp") {
    return { refuse: `no leeway: an expired token is no sign of a clock${typeof miss === "number" && miss <= MAX_FIX_LEEWAY ? " (most often the client sent it late)" : ""}; get a fresh token, and have the client refresh before exp` };
  }
  return { refuse: beyondSkew(claim) };
}

function beyondSkew(claim) {
  return `missed by more than ${MAX_FIX_LEEWAY} s: that is no clock skew, and no leeway should hide it; ${claim === "exp" ? "get a fresh token" : "check the issuer's clock and the token's origin"}`;
}

function missFromTimes(report, claim) {
  const now = Date.parse(report.times?.now ?? "") / 1000;
  const v = report.payload?.[claim];
  if (!Number.isFinite(now) || typeof v !== "number") return undefined;
  const miss = claim === "exp" ? now - v : v - now;
  return claim === "exp" ? Math.floor(miss) + 1 : Math.ceil(miss);
}

/** The element of the token's aud that near-misses the expected audience. */
function nearMissValue(actual, expected) {
  const list = Array.isArray(actual) ? actual : [actual];
  const wanted = (Array.isArray(expected) ? expected : [expected]).filter((e) => typeof e === "string").map(loose);
  return list.find((a) => typeof a === "string" && wanted.includes(loose(a)));
}

// --- settings and rendering ------------------------------------------------------------------

/** Whether the options verify with a public key (PEM, JWK, key set): never next to HS*. */
function publicKeyGiven(options) {
  if (options.jwks !== undefined) return true;
  const k = options.key;
  if (typeof k === "string") return /-----BEGIN|^\s*\{|^(ssh-|ecdsa-)/.test(k);
  return typeof k === "object" && k !== null && typeof k.kty === "string" && k.kty !== "oct";
}

/** The verifier settings of the options used (what the user's code has now). */
function settingsOf(options, report) {
  const leeway = typeof options.leeway === "number" && options.leeway > 0 && options.leeway <= MAX_FIX_LEEWAY ? options.leeway : undefined;
  // A public key never gets HS*. `pinned`: the algorithm the key verified, for the libraries that
  // need one (PyJWT, hono/jwt) when the options pin none.
  const alg = report.header?.alg;
  const pinned = report.signature?.verified === true && family(alg) && !(family(alg) === "HMAC" && publicKeyGiven(options)) ? [alg] : undefined;
  let algorithms = options.algorithms;
  if (algorithms && publicKeyGiven(options)) algorithms = algorithms.filter((a) => family(a) !== "HMAC");
  return {
    algorithms: algorithms?.length ? algorithms : undefined,
    pinned,
    issuer: options.issuer,
    audience: options.audience,
    leeway,
    secret: null,
    jwks: null,
  };
}

// A string or a list of strings as a literal: JSON's are valid JavaScript and Python literals.
const js = (v) => (Array.isArray(v) ? `[${v.map((x) => JSON.stringify(x)).join(", ")}]` : JSON.stringify(v));
const py = js;
const was = (old, unit = "") => (old === undefined || old === null ? "added" : `was ${Array.isArray(old) || typeof old === "string" ? js(old) : `${old}${unit}`}`);

/** Each stack's writer: (settings, changed, extra) → { language, snippet } or { note } only. */
const WRITERS = {
  jose(s, changed, x) {
    if (x.claim === "iat") return { note: "jose checks iat only with maxTokenAge: it does not reject this token for its iat, nothing to change" };
    const imports = s.jwks ? "createRemoteJWKSet, jwtVerify" : "jwtVerify";
    const lines = [`import { ${imports} } from "jose";`];
    if (s.jwks) lines.push(`const key = createRemoteJWKSet(new URL(${js(s.jwks)})); // ${was(undefined)}: refetched on an unknown kid`);
    else if (s.secret) lines.push(`const key = ${jsSecretWeb(s.secret)}; // the secret as the signer uses it`);
    const opts = [];
    if (s.issuer !== undefined) opts.push(`issuer: ${js(s.issuer)},${mark(changed, "issuer", x)}`);
    if (s.audience !== undefined) opts.push(`audience: ${js(s.audience)},${mark(changed, "audience", x)}`);
    if (s.algorithms) opts.push(`algorithms: ${js(s.algorithms)},${mark(changed, "algorithms", x)}`);
    if (s.leeway !== undefined) opts.push(`clockTolerance: ${s.leeway}, // seconds${markText(changed, "leeway", x, " s")}`);
    lines.push(`const { payload } = await jwtVerify(token, key, {`, ...opts.map((o) => `  ${o}`), "});");
    return { language: "javascript", snippet: lines.join("\n") };
  },
  jsonwebtoken(s, changed, x) {
    if (x.claim === "iat") return { note: "jsonwebtoken checks iat only with maxAge: it does not reject this token for its iat, nothing to change" };
    const lines = [`import jwt from "jsonwebtoken";`];
    if (s.jwks) lines.push(`import { createPublicKey } from "node:crypto";`, ...jsKeyFor(s.jwks));
    else if (s.secret) lines.push(`const key = ${jsSecret(s.secret)}; // the secret as the signer uses it`);
    const opts = [];
    if (s.algorithms) opts.push(`algorithms: ${js(s.algorithms)},${mark(changed, "algorithms", x)}`);
    if (s.issuer !== undefined) opts.push(`issuer: ${js(s.issuer)},${mark(changed, "issuer", x)}`);
    if (s.audience !== undefined) opts.push(`audience: ${js(s.audience)},${mark(changed, "audience", x)}`);
    if (s.leeway !== undefined) opts.push(`clockTolerance: ${s.leeway}, // seconds${markText(changed, "leeway", x, " s")}`);
    const body = opts.map((o) => `  ${o}`);
    if (s.jwks) {
      lines.push(
        "// added: the key picked by the token's kid from the live set",
        "const payload = await new Promise((resolve, reject) => jwt.verify(token, (header, done) => {",
        "  keyFor(header.kid).then((k) => done(null, k), done);",
        "}, {", ...body, "}, (err, p) => (err ? reject(err) : resolve(p))));",
      );
    } else {
      lines.push("const payload = jwt.verify(token, key, {", ...body, "});");
    }
    return { language: "javascript", snippet: lines.join("\n") };
  },
  "fast-jwt"(s, changed, x) {
    if (x.claim === "iat") return { note: "fast-jwt checks iat only with maxAge: it does not reject this token for its iat, nothing to change" };
    const lines = [`import { createVerifier } from "fast-jwt";`];
    if (s.jwks) lines.push(`import { createPublicKey } from "node:crypto";`, ...jsKeyFor(s.jwks, true));
    else if (s.secret) lines.push(`const key = ${jsSecret(s.secret)}; // the secret as the signer uses it`);
    const opts = [s.jwks ? `key: async ({ header }) => keyFor(header.kid), // ${was(undefined)}` : "key,"];
    if (s.algorithms) opts.push(`algorithms: ${js(s.algorithms)},${mark(changed, "algorithms", x)}`);
    if (s.issuer !== undefined) opts.push(`allowedIss: ${js(s.issuer)},${mark(changed, "issuer", x)}`);
    if (s.audience !== undefined) opts.push(`allowedAud: ${js(s.audience)},${mark(changed, "audience", x)}`);
    if (s.leeway !== undefined) opts.push(`clockTolerance: ${s.leeway * 1000}, // milliseconds (${s.leeway} s)${markText(changed, "leeway", x, " ms", 1000)}`);
    lines.push("const verify = createVerifier({", ...opts.map((o) => `  ${o}`), "});", `const payload = ${s.jwks ? "await " : ""}verify(token);`);
    return { language: "javascript", snippet: lines.join("\n") };
  },
  pyjwt(s, changed, x) {
    const lines = ["import jwt"];
    if (s.jwks) {
      lines.push(`jwks_client = jwt.PyJWKClient(${py(s.jwks)})  # ${was(undefined)}: refetched on an unknown kid`, "key = jwks_client.get_signing_key_from_jwt(token).key");
    } else if (s.secret) {
      const [expr, imp] = pySecret(s.secret);
      if (imp) lines.unshift(imp);
      lines.push(`key = ${expr}  # the secret as the signer uses it`);
    }
    const args = ["token", "key"];
    const notes = [];
    const algorithms = s.algorithms ?? s.pinned; // PyJWT requires algorithms
    if (algorithms) args.push(`algorithms=${py(algorithms)}`);
    if (s.issuer !== undefined) args.push(`issuer=${py(s.issuer)}`);
    if (s.audience !== undefined) args.push(`audience=${py(s.audience)}`);
    if (s.leeway !== undefined) args.push(`leeway=${s.leeway}`);
    const mark2 = { algorithms: "algorithms=", issuer: "issuer=", audience: "audience=", leeway: "leeway=" };
    const body = args.map((a) => {
      const k = Object.keys(mark2).find((n) => a.startsWith(mark2[n]));
      return `    ${a},${k && changed.includes(k) ? `  # ${was(x.before[k], k === "leeway" ? " s" : "")}` : ""}`;
    });
    lines.push("payload = jwt.decode(", ...body, ")");
    if (s.audience === undefined && x.report.payload?.aud !== undefined) notes.push("PyJWT rejects a token that has aud unless audience= is given: set it to this API's identifier");
    return { language: "python", snippet: lines.join("\n"), note: notes.join("; ") || undefined };
  },
  hono(s, changed, x) {
    if (changed.includes("leeway")) {
      return { note: "hono/jwt has no clock tolerance option: sync the clocks of issuer and server (NTP), or verify with jose's jwtVerify and clockTolerance; never turn its exp/nbf/iat checks off" };
    }
    const verification = [];
    if (s.issuer !== undefined) {
      if (Array.isArray(s.issuer) && s.issuer.length > 1) return { note: "hono/jwt takes one issuer (a string or a RegExp): use the one the token states" };
      verification.push(`iss: ${js(Array.isArray(s.issuer) ? s.issuer[0] : s.issuer)},${mark(changed, "issuer", x)}`);
    }
    if (s.audience !== undefined) verification.push(`aud: ${js(s.audience)},${mark(changed, "audience", x)}`);
    const lines = [`import { Hono } from "hono";`];
    const tokenAlg = x.report.header?.alg;
    if (s.jwks) {
      lines.push(`import { jwk } from "hono/jwk";`, "const app = new Hono();", `app.use("/api/*", jwk({`, `  jwks_uri: ${js(s.jwks)}, // ${was(undefined)}: fetched per request, the key picked by kid`);
      lines.push(`  alg: ${js(s.algorithms ?? s.pinned ?? [tokenAlg])},`);
    } else {
      lines.push(`import { jwt } from "hono/jwt";`);
      if (s.secret) lines.push(`const key = ${jsSecretHono(s.secret, tokenAlg)}; // the secret as the signer uses it`);
      // hono/jwt takes exactly one alg, which must equal the token's.
      const algs = s.algorithms ?? s.pinned ?? [tokenAlg];
      const alg = algs.includes(tokenAlg) ? tokenAlg : algs[0];
      const before = x.before.algorithms?.[0];
      const comment = changed.includes("algorithms") && before && before !== alg ? ` // was ${js(before)}: hono/jwt takes the one alg the issuer signs with` : "";
      lines.push("const app = new Hono();", `app.use("/api/*", jwt({`, "  secret: key,", `  alg: ${js(alg)},${comment}`);
    }
    if (verification.length) lines.push("  verification: {", ...verification.map((v) => `    ${v}`), "  },");
    lines.push("}));");
    return { language: "javascript", snippet: lines.join("\n") };
  },
  spring(s, changed, x) {
    const P = "spring.security.oauth2.resourceserver.jwt.";
    if (changed.includes("leeway")) {
      if (s.leeway <= 60) return { note: `Spring Security's JwtTimestampValidator already allows 60 s of clock skew by default: a ${s.leeway} s miss passes unless you lowered it` };
      return {
        language: "java",
        snippet: [
          "// no property for the clock skew: set it on the decoder's validator (default 60 s)",
          "@Bean JwtDecoder jwtDecoder(OAuth2ResourceServerProperties props) {",
          "  NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(props.getJwt().getIssuerUri()).build();",
          `  decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ofSeconds(${s.leeway})), new JwtIssuerValidator(props.getJwt().getIssuerUri())));`,
          "  return decoder;",
          "}",
        ].join("\n"),
      };
    }
    if (s.secret) {
      const [how, enc] = s.secret;
      const bytes = how === "decode" ? (enc === "hex" ? "HexFormat.of().parseHex(secret)" : `Base64.${enc === "base64url" ? "getUrlDecoder" : "getDecoder"}().decode(secret)`)
        : how === "encode" ? `Base64.${enc === "base64url" ? "getUrlEncoder().withoutPadding" : "getEncoder"}().encode(secret.getBytes(StandardCharsets.UTF_8))`
          : "secret.getBytes(StandardCharsets.UTF_8)";
      const mac = `Hmac${String(x.report.header?.alg ?? "HS256").replace("HS", "SHA")}`;
      return {
        language: "java",
        snippet: [
          "// no property for an HMAC secret: build the decoder with the secret as the signer uses it",
          "@Bean JwtDecoder jwtDecoder() {",
          `  return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(${bytes}, ${js(mac)})).build();`,
          "}",
        ].join("\n"),
      };
    }
    const lines = ["# application.properties"];
    const prop = (name, value, key) => {
      if (changed.includes(key)) lines.push(`# ${was(x.before[key])}`);
      lines.push(`${P}${name}=${value}`);
    };
    if (s.issuer !== undefined) {
      if (Array.isArray(s.issuer) && s.issuer.length > 1) return { note: "Spring's issuer-uri takes one issuer: use the one the token states" };
      prop("issuer-uri", Array.isArray(s.issuer) ? s.issuer[0] : s.issuer, "issuer");
    }
    if (s.jwks) prop("jwk-set-uri", s.jwks, "jwks");
    if (s.audience !== undefined) prop("audiences", [s.audience].flat().join(","), "audience");
    if (s.algorithms) prop("jws-algorithms", s.algorithms.join(","), "algorithms");
    return { language: "properties", snippet: lines.join("\n") };
  },
};

function mark(changed, key, x) {
  return changed.includes(key) ? ` // ${was(x.before[key])}` : "";
}
function markText(changed, key, x, unit, scale = 1) {
  if (!changed.includes(key)) return "";
  const old = x.before[key];
  return `; ${old === undefined ? "added" : `was ${old * scale}${unit}`}`;
}

/** The JavaScript expression (Node's Buffer) of the key bytes from `secret`. */
function jsSecret([how, enc]) {
  if (how === "decode") return `Buffer.from(secret, ${js(enc)})`;
  if (how === "encode") return `Buffer.from(Buffer.from(secret).toString(${js(enc)}))`;
  return "Buffer.from(secret)";
}

/** The same with web APIs only (jose runs in Workers and browsers too): a Uint8Array. */
function jsSecretWeb([how, enc]) {
  const text = how === "encode" ? `btoa(secret)${enc === "base64url" ? '.replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "")' : ""}` : "secret";
  if (how !== "decode") return `new TextEncoder().encode(${text})`;
  if (enc === "hex") return 'Uint8Array.from(secret.match(/../g), (h) => parseInt(h, 16))';
  const b64 = enc === "base64url" ? 'secret.replace(/-/g, "+").replace(/_/g, "/")' : "secret";
  return `Uint8Array.from(atob(${b64}), (c) => c.charCodeAt(0))`;
}

/** hono/jwt reads a string secret as UTF-8 text: decoded bytes go in as an "oct" JWK. */
function jsSecretHono(step, alg) {
  const [how, enc] = step;
  const url = '.replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "")';
  if (how === "text") return "secret";
  if (how === "encode") return `btoa(secret)${enc === "base64url" ? url : ""}`;
  const k = enc === "base64" ? `secret${url}` : enc === "base64url" ? 'secret.replace(/=+$/, "")' : 'Buffer.from(secret, "hex").toString("base64url")';
  return `{ kty: "oct", k: ${k}, alg: ${js(alg)} }`;
}

/** [expression, import line] of the key bytes from `secret` in Python. */
function pySecret([how, enc]) {
  if (how === "decode") {
    if (enc === "hex") return ["bytes.fromhex(secret)", null];
    if (enc === "base64url") return ['base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))', "import base64"];
    return ["base64.b64decode(secret)", "import base64"];
  }
  if (how === "encode") {
    return enc === "base64url" ? ['base64.urlsafe_b64encode(secret.encode()).rstrip(b"=")', "import base64"] : ["base64.b64encode(secret.encode())", "import base64"];
  }
  return ["secret.encode()", null];
}

/** A small key function over the live JWK Set (jsonwebtoken and fast-jwt have none built in). */
function jsKeyFor(url, pem = false) {
  return [
    `const jwksUrl = ${js(url)};`,
    "async function keyFor(kid) { // fetched per token: cache it in production",
    "  const { keys } = await (await fetch(jwksUrl)).json();",
    "  const jwk = keys.find((k) => k.kid === kid);",
    "  if (!jwk) throw new Error(`no key ${kid} in ${jwksUrl}`);",
    `  return createPublicKey({ key: jwk, format: "jwk" })${pem ? '.export({ type: "spki", format: "pem" })' : ""};`,
    "}",
  ];
}

const KNOWN = new Set(FINDINGS.map((f) => f.code));

/**
 * The fixes of a report for one stack: one entry for each finding whose fix is a verifier
 * setting (with the corrected call in `snippet`), and for each finding that no setting may fix
 * (`snippet` null, guidance in `note`).
 * @param {object} report what inspect() returned
 * @param {string} stack one of FIX_STACKS
 * @param {{ options?: object, jwksUrl?: string }} [context] the options inspect() was given
 */
export function fixFor(report, stack, context = {}) {
  if (!report || typeof report !== "object" || !Array.isArray(report.findings)) {
    throw new TypeError("fixFor(): report must be what inspect() returned");
  }
  if (!FIX_STACKS.includes(stack)) {
    throw new TypeError(`fixFor(): unknown stack ${JSON.stringify(String(stack).slice(0, 40))}: use ${FIX_STACKS.join(", ")}`);
  }
  if (context === null || typeof context !== "object") throw new TypeError("fixFor(): context must be an object");
  const options = context.options ?? {};
  const explained = report.cause?.explains ?? null;
  const out = [];
  for (const f of report.findings) {
    if (!KNOWN.has(f.code) || f.code === explained) continue;
    const plan = planFor(f, report, options, context);
    if (!plan) continue;
    const language = stack === "pyjwt" ? "python" : stack === "spring" ? "properties" : "javascript";
    if (plan.refuse) {
      out.push({ code: f.code, stack, language, snippet: null, note: plan.refuse });
      continue;
    }
    const before = settingsOf(options, report);
    const after = { ...before, ...plan.change };
    const changed = Object.keys(plan.change);
    const written = WRITERS[stack](after, changed, { before, report, claim: plan.claim });
    // A writer that can only give a note (the library has no such setting) replaces the plan's.
    const notes = written.snippet ? [plan.note, written.note].filter(Boolean) : [written.note];
    if (options.leeway > MAX_FIX_LEEWAY) notes.push(`your leeway of ${options.leeway} s is left out: more than ${MAX_FIX_LEEWAY} s is no clock skew`);
    if (options.algorithms?.some((a) => family(a) === "HMAC") && publicKeyGiven(options)) notes.push("HS* left out of algorithms: a public key is never an HMAC secret");
    out.push({
      code: f.code,
      stack,
      language: written.language ?? language,
      snippet: written.snippet ?? null,
      note: notes.join("; "),
    });
  }
  return out;
}
