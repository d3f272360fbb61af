// Generated from src/alg.rs by `cargo run --example catalogue -- algs-ts`. Do not edit.
/** A JWS algorithm jwt-doctor verifies. */
export type Algorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "ES512"
  | "EdDSA"
  | "Ed25519";
/** A signature family: HMAC, RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA or EdDSA. */
export type AlgorithmFamily = "hmac" | "rsa-pkcs1" | "rsa-pss" | "ecdsa" | "eddsa";
/** One row of the algorithm table. */
export interface AlgorithmInfo {
  /** The registered name (`RS256`). */
  readonly name: Algorithm;
  readonly family: AlgorithmFamily;
  /** The SHA-2 hash's output size in bits; null for EdDSA. */
  readonly hashBits: number | null;
  /** The curve of ES* keys; null for every other family. */
  readonly curve: "P-256" | "P-384" | "P-521" | null;
  /** The JWK `kty` of the keys that verify it. */
  readonly kty: "oct" | "RSA" | "EC" | "OKP";
  /** The signature's length in bytes, or null when the key decides it (RSA: the modulus size). */
  readonly signatureBytes: number | null;
}
/** Every JWS algorithm jwt-doctor verifies (never `none`). */
export declare const ALGORITHMS: readonly AlgorithmInfo[];
