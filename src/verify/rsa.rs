//! RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS, salt = hash length).

use super::SigError;
use crate::alg::Alg;

/// Verifies an RSA signature. (Stub: replaced by the crypto work.)
///
/// # Errors
/// [`SigError::Invalid`] when it does not verify.
pub fn verify(_alg: Alg, _key: &rsa::PublicKey, _message: &[u8], _signature: &[u8]) -> Result<(), SigError> {
    Err(SigError::Invalid)
}
