//! Signature verification, one family a file, selected through the algorithm table: thin
//! adapters over the RustCrypto crates (`hmac`, `rsa`, `p256`/`p384`/`p521`, `ed25519-dalek`).
//!
//! Errors are deliberately coarse (no side channel): the diagnosis adds structural facts
//! (DER-encoded ECDSA, wrong length, zero scalars) from the helpers in [`ecdsa`].

pub mod ecdsa;
pub mod eddsa;
pub mod hmac;
pub mod rsa;

use crate::alg::{Alg, Family};
use crate::key::Material;

/// Why a signature did not verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigError {
    /// The key cannot do this algorithm (checked before any crypto runs).
    KeyMismatch,
    /// The signature has the wrong length for the algorithm (or, for RSA, the modulus).
    Length {
        /// Bytes the algorithm needs.
        expected: usize,
        /// Bytes the token carries.
        actual: usize,
    },
    /// The signature does not verify.
    Invalid,
}

/// What needs no crypto: does `signature` have the length `alg` and `key` require (RSA: the
/// modulus size; ECDSA: 2 × scalar; EdDSA: 64; HMAC: the hash size), and is it not an EdDSA
/// signature whose `R` is of small order (refused on every path: see [`eddsa::verify`])? A
/// deferred check uses it to decide these without handing the signature over, so native crypto
/// (which accepts a small-order `R`) never sees a signature the WebAssembly path refuses.
///
/// # Errors
/// [`SigError::Length`] for a wrong length, [`SigError::Invalid`] for a small-order `R`.
pub fn precheck(alg: Alg, key: &Material, signature: &[u8]) -> Result<(), SigError> {
    let expected = match key {
        Material::Rsa(k) => Some(k.byte_len()),
        _ => alg.signature_len(),
    };
    match expected {
        Some(expected) if expected != signature.len() => Err(SigError::Length {
            expected,
            actual: signature.len(),
        }),
        _ if alg.family == Family::EdDsa && eddsa::small_order_r(signature) => {
            Err(SigError::Invalid)
        }
        _ => Ok(()),
    }
}

/// Verifies `signature` over `signing_input` with `key` for `alg`.
///
/// # Errors
/// [`SigError::KeyMismatch`] when the key family does not fit the algorithm,
/// [`SigError::Length`] when the signature length is wrong, [`SigError::Invalid`] otherwise.
pub fn verify(
    alg: Alg,
    key: &Material,
    signing_input: &[u8],
    signature: &[u8],
) -> Result<(), SigError> {
    if !alg.accepts(key.kind()) {
        return Err(SigError::KeyMismatch);
    }
    match (alg.family, key) {
        (Family::Hmac, Material::Secret(secret)) => {
            hmac::verify(alg, secret, signing_input, signature)
        }
        (Family::RsaPkcs1 | Family::RsaPss, Material::Rsa(k)) => {
            rsa::verify(alg, k, signing_input, signature)
        }
        (Family::Ecdsa, _) => ecdsa::verify(alg, key, signing_input, signature),
        (Family::EdDsa, Material::Ed25519(k)) => eddsa::verify(k, signing_input, signature),
        _ => Err(SigError::KeyMismatch),
    }
}
