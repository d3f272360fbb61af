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

/// The length check alone, which needs no crypto: does `signature` have the length `alg` and
/// `key` require (RSA: the modulus size; ECDSA: 2 × scalar; EdDSA: 64; HMAC: the hash size)?
/// A deferred check uses it to name a wrong length without handing the signature over.
///
/// # Errors
/// [`SigError::Length`] when it does not.
pub fn check_length(alg: Alg, key: &Material, signature: &[u8]) -> Result<(), SigError> {
    let expected = match key {
        Material::Rsa(k) => Some(k.byte_len()),
        _ => alg.signature_len(),
    };
    match expected {
        Some(expected) if expected != signature.len() => Err(SigError::Length {
            expected,
            actual: signature.len(),
        }),
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
