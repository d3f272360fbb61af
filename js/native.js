// Native signature primitives for the fast path of verify(): node:crypto on Node, Deno and Bun;
// WebCrypto (crypto.subtle) in browsers and workerd. The WebAssembly core runs every other
// check and picks the key; only the signature primitive is handed over, with keys imported
// once per verifier. The wasm path stays complete (crypto: "wasm").

const HASH_BITS = { HS256: 256, HS384: 384, HS512: 512, RS256: 256, RS384: 384, RS512: 512, PS256: 256, PS384: 384, PS512: 512, ES256: 256, ES384: 384, ES512: 512 };
const CURVE = { ES256: "P-256", ES384: "P-384", ES512: "P-521" };

/** A backend over node:crypto (synchronous verify). */
export function nodeBackend(nodeCrypto) {
  const { createHmac, createPublicKey, createSecretKey, verify, timingSafeEqual, constants } = nodeCrypto;
  return {
    name: "node",
    importKey(alg, material) {
      return material.kind === "secret" ? createSecretKey(material.bytes) : createPublicKey({ key: material.jwk, format: "jwk" });
    },
    verify(alg, key, data, sig) {
      const bits = HASH_BITS[alg];
      const hash = bits ? `sha${bits}` : null;
      switch (alg[0]) {
        case "H": {
          const mac = createHmac(hash, key).update(data).digest();
          return mac.length === sig.length && timingSafeEqual(mac, sig);
        }
        case "R":
          return verify(hash, data, key, sig);
        case "P":
          return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: bits / 8 }, sig);
        case "E":
          return alg[1] === "d" ? verify(null, data, key, sig) : verify(hash, data, { key, dsaEncoding: "ieee-p1363" }, sig);
        default:
          return false;
      }
    },
  };
}

function webParams(alg) {
  const hash = { name: `SHA-${HASH_BITS[alg]}` };
  switch (alg.slice(0, 2)) {
    case "HS": return { name: "HMAC", hash };
    case "RS": return { name: "RSASSA-PKCS1-v1_5", hash };
    case "PS": return { name: "RSA-PSS", hash, saltLength: HASH_BITS[alg] / 8 };
    case "ES": return { name: "ECDSA", hash, namedCurve: CURVE[alg] };
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
