// Native signature primitives for the fast path of verify(): node:crypto on Node, Deno and Bun;
// WebCrypto (crypto.subtle) in browsers and workerd. The WebAssembly core runs every other
// check and picks the key; only the signature primitive is handed over, with keys imported
// once per verifier. The wasm path stays complete (crypto: "wasm").

import { ALGORITHMS } from "./algs.js";

// The algorithm table generated from src/alg.rs, by name.
const ALG = Object.fromEntries(ALGORITHMS.map((a) => [a.name, a]));

/** A backend over node:crypto (synchronous verify). */
export function nodeBackend(nodeCrypto) {
  const { createHmac, createPublicKey, createSecretKey, verify, timingSafeEqual, constants } = nodeCrypto;
  return {
    name: "node",
    importKey(alg, material) {
      return material.kind === "secret" ? createSecretKey(material.bytes) : createPublicKey({ key: material.jwk, format: "jwk" });
    },
    verify(alg, key, data, sig) {
      const a = ALG[alg];
      const hash = a?.hashBits ? `sha${a.hashBits}` : null;
      switch (a?.family) {
        case "hmac": {
          const mac = createHmac(hash, key).update(data).digest();
          return mac.length === sig.length && timingSafeEqual(mac, sig);
        }
        case "rsa-pkcs1":
          return verify(hash, data, key, sig);
        case "rsa-pss":
          return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: a.hashBits / 8 }, sig);
        case "ecdsa":
          return verify(hash, data, { key, dsaEncoding: "ieee-p1363" }, sig);
        case "eddsa":
          return verify(null, data, key, sig);
        default:
          return false;
      }
    },
  };
}

function webParams(alg) {
  const a = ALG[alg];
  const hash = { name: `SHA-${a?.hashBits}` };
  switch (a?.family) {
    case "hmac": return { name: "HMAC", hash };
    case "rsa-pkcs1": return { name: "RSASSA-PKCS1-v1_5", hash };
    case "rsa-pss": return { name: "RSA-PSS", hash, saltLength: a.hashBits / 8 };
    case "ecdsa": return { name: "ECDSA", hash, namedCurve: a.curve };
    default: return { name: "Ed25519" };
  }
}

/** A backend over WebCrypto (asynchronous verify). */
export function webBackend(subtle) {
  return {
    name: "webcrypto",
    importKey(alg, material) {
      const params = webParams(alg);
      return material.kind === "secret"
        ? subtle.importKey("raw", material.bytes, params, false, ["verify"])
        : subtle.importKey("jwk", material.jwk, params, false, ["verify"]);
    },
    verify(alg, key, data, sig) {
      return subtle.verify(webParams(alg), key, sig, data);
    },
  };
}
