//! EdDSA over Ed25519.

use super::SigError;

/// Verifies an Ed25519 signature. (Stub: replaced by the crypto work.)
///
/// # Errors
/// [`SigError::Invalid`] when it does not verify.
pub fn verify(_key: &ed25519_dalek::VerifyingKey, _message: &[u8], _signature: &[u8]) -> Result<(), SigError> {
    Err(SigError::Invalid)
}
