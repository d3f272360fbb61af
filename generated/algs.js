// Generated from src/alg.rs by `cargo run --example catalogue -- algs-js`. Do not edit.
/** Every JWS algorithm jwt-doctor verifies: name, family, hash size in bits, EC curve, the JWK `kty` of its keys, and the signature's length in bytes where the algorithm fixes it. */
export const ALGORITHMS = Object.freeze([
  { name: "HS256", family: "hmac", hashBits: 256, curve: null, kty: "oct", signatureBytes: 32 },
  { name: "HS384", family: "hmac", hashBits: 384, curve: null, kty: "oct", signatureBytes: 48 },
  { name: "HS512", family: "hmac", hashBits: 512, curve: null, kty: "oct", signatureBytes: 64 },
  { name: "RS256", family: "rsa-pkcs1", hashBits: 256, curve: null, kty: "RSA", signatureBytes: null },
  { name: "RS384", family: "rsa-pkcs1", hashBits: 384, curve: null, kty: "RSA", signatureBytes: null },
  { name: "RS512", family: "rsa-pkcs1", hashBits: 512, curve: null, kty: "RSA", signatureBytes: null },
  { name: "PS256", family: "rsa-pss", hashBits: 256, curve: null, kty: "RSA", signatureBytes: null },
  { name: "PS384", family: "rsa-pss", hashBits: 384, curve: null, kty: "RSA", signatureBytes: null },
  { name: "PS512", family: "rsa-pss", hashBits: 512, curve: null, kty: "RSA", signatureBytes: null },
  { name: "ES256", family: "ecdsa", hashBits: 256, curve: "P-256", kty: "EC", signatureBytes: 64 },
  { name: "ES384", family: "ecdsa", hashBits: 384, curve: "P-384", kty: "EC", signatureBytes: 96 },
  { name: "ES512", family: "ecdsa", hashBits: 512, curve: "P-521", kty: "EC", signatureBytes: 132 },
  { name: "EdDSA", family: "eddsa", hashBits: null, curve: null, kty: "OKP", signatureBytes: 64 },
  { name: "Ed25519", family: "eddsa", hashBits: null, curve: null, kty: "OKP", signatureBytes: 64 },
].map((a) => Object.freeze(a)));
