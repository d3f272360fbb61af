// Web Crypto `CryptoKey`s as keys: read once into what the core reads (a JWK, or the bytes of an
// HMAC secret), with the JWS algorithm the key is bound to. A CryptoKey that cannot verify a
// JWS signature (an AES or RSA-OAEP key, a key without the "verify" usage) is a configuration
// error, whatever the token.

import { ALGORITHMS } from "./algs.js";
import { JwtConfigError, keyFinding } from "./errors.js";

/** CryptoKey → what the core reads, or the JwtConfigError it is. */
export const cryptoKeys = new WeakMap();

/** How this runtime reads a CryptoKey synchronously (Node: `KeyObject.from`), if it can. */
export let keyReader = null;

/** Called by the Node entry point. */
export function setKeyReader(fn) {
  keyReader = fn;
}

/** Whether `k` is a Web Crypto CryptoKey. */
export function isCryptoKey(k) {
  return typeof CryptoKey === "function" && k instanceof CryptoKey;
}

const HASH_BITS = { "SHA-256": 256, "SHA-384": 384, "SHA-512": 512 };
// The table's family of each Web Crypto algorithm.
const FAMILY = { HMAC: "hmac", "RSASSA-PKCS1-v1_5": "rsa-pkcs1", "RSA-PSS": "rsa-pss", ECDSA: "ecdsa", Ed25519: "eddsa" };

// The JWS algorithm a CryptoKey verifies (undefined when it verifies none): Web Crypto binds
// the hash to RSA and HMAC keys and the curve to EC keys. Ed25519 keys get `EdDSA` (the
// table's first EdDSA name).
function jwsAlg(algorithm) {
  const family = FAMILY[algorithm.name];
  const hashBits = family === "eddsa" ? null : HASH_BITS[algorithm.hash?.name];
  return ALGORITHMS.find((a) => a.family === family &&
    (a.curve ? a.curve === algorithm.namedCurve : a.hashBits === hashBits))?.name;
}

function configError(message, detail) {
  return new JwtConfigError(keyFinding("crypto_key", message,
    "give a CryptoKey imported for the issuer's signature algorithm with the \"verify\" usage, or its PEM or JWK", detail));
}

// What is wrong with `key` as a verification key, or null.
function unfit(key) {
  const alg = jwsAlg(key.algorithm);
  if (!alg) {
    return configError(`the CryptoKey is for ${key.algorithm.name}${key.algorithm.hash ? ` with ${key.algorithm.hash.name}` : ""}, which verifies no JWS signature`,
      { algorithm: key.algorithm.name });
  }
  if (!key.usages.includes("verify")) {
    return configError(`the CryptoKey's usages (${key.usages.join(", ") || "none"}) do not include "verify"`, { usages: [...key.usages] });
  }
  return null;
}

// The core's input for a readable key: the secret's bytes, or the JWK with the algorithm the
// CryptoKey is bound to (so a token of another algorithm is refused, as Web Crypto would).
function input(key, material) {
  if (material instanceof Uint8Array) return material;
  const alg = jwsAlg(key.algorithm);
  return alg === "EdDSA" ? material : { ...material, alg };
}

function remember(key, value) {
  cryptoKeys.set(key, value);
  if (value instanceof JwtConfigError) throw value;
  return value;
}

/**
 * A CryptoKey's core input now: from the cache, or read synchronously where the runtime can.
 * Throws JwtConfigError for a key that cannot verify, and TypeError where reading it needs an
 * await (`fn` is synchronous: use verify() or createVerifier() once first).
 */
export function cryptoKeyNow(key, fn) {
  const known = cryptoKeys.get(key);
  if (known instanceof JwtConfigError) throw known;
  if (known !== undefined) return known;
  const bad = unfit(key);
  if (bad) return remember(key, bad);
  if (!keyReader) {
    throw new TypeError(`${fn}() is synchronous and this runtime reads a CryptoKey asynchronously: verify() reads it, or pass its PEM or JWK`);
  }
  return remember(key, input(key, keyReader(key)));
}

/** Reads a CryptoKey into the cache (asynchronously where the runtime must export it). */
export async function readCryptoKey(key) {
  if (cryptoKeys.has(key) || keyReader) return;
  const bad = unfit(key);
  if (bad) {
    cryptoKeys.set(key, bad);
    return;
  }
  if (!key.extractable) {
    cryptoKeys.set(key, configError("the CryptoKey is not extractable, and jwt-doctor reads the key to check and explain it: import it with extractable: true (a public key reveals nothing), or pass its PEM or JWK",
      { extractable: false }));
    return;
  }
  try {
    const material = key.type === "secret"
      ? new Uint8Array(await crypto.subtle.exportKey("raw", key))
      : await crypto.subtle.exportKey("jwk", key);
    cryptoKeys.set(key, input(key, material));
  } catch (e) {
    cryptoKeys.set(key, configError(`the CryptoKey could not be exported: ${e?.message ?? e}`, {}));
  }
}
