//! EdDSA over Ed25519.

use super::SigError;

/// Verifies an Ed25519 signature with strict (RFC 8032 §5.1.7 plus) rules: `S` must be reduced
/// (`S < L`), and small-order public keys or `R` values are refused, so that no signature is
/// malleable and none verifies under a weak key. This is what Wycheproof's Ed25519 vectors
/// require.
///
/// # Errors
/// [`SigError::Length`] for a signature that is not 64 bytes, [`SigError::Invalid`] when it
/// does not verify.
pub fn verify(
    key: &ed25519_dalek::VerifyingKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SigError> {
    let bytes: &[u8; 64] = signature.try_into().map_err(|_| SigError::Length {
        expected: 64,
        actual: signature.len(),
    })?;
    let sig = ed25519_dalek::Signature::from_bytes(bytes);
    key.verify_strict(message, &sig)
        .map_err(|_| SigError::Invalid)
}
