//! ES256/384/512 with the JWS raw r‖s encoding.

use super::SigError;
use crate::alg::Alg;
use crate::key::Material;

/// Verifies an ECDSA signature. (Stub: replaced by the crypto work.)
///
/// # Errors
/// [`SigError::Invalid`] when it does not verify.
pub fn verify(_alg: Alg, _key: &Material, _message: &[u8], _signature: &[u8]) -> Result<(), SigError> {
    Err(SigError::Invalid)
}

/// Converts a DER `ECDSA-Sig-Value` into the raw r‖s form of `2 * scalar_len` bytes, if the
/// bytes are one. (Stub.)
pub fn der_to_raw(_signature: &[u8], _scalar_len: usize) -> Option<Vec<u8>> {
    None
}

/// True when r or s of a raw signature is zero (CVE-2022-21449 "psychic signature").
pub fn has_zero_scalar(signature: &[u8]) -> bool {
    let half = signature.len() / 2;
    signature.len() % 2 == 0 && half > 0 && (signature[..half].iter().all(|b| *b == 0) || signature[half..].iter().all(|b| *b == 0))
}
