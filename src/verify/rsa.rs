//! RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS, salt = hash length).

use rsa::traits::PublicKeyParts as _;
use sha2::{Sha256, Sha384, Sha512};

use super::SigError;
use crate::alg::{Alg, Family, Hash};

/// Verifies an RSA signature: RSASSA-PKCS1-v1_5 for RS*, RSASSA-PSS with MGF1 over the same hash
/// and a salt of exactly the hash length for PS* (RFC 7518 §3.5); a PSS signature made with any
/// other salt length does not verify.
///
/// # Errors
/// [`SigError::Length`] when the signature is not exactly the modulus size in bytes,
/// [`SigError::KeyMismatch`] for a non-RSA algorithm, [`SigError::Invalid`] when it does not
/// verify.
pub fn verify(
    alg: Alg,
    key: &rsa::PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SigError> {
    let Some(hash) = alg.hash else {
        return Err(SigError::KeyMismatch);
    };
    let expected = key.size();
    if signature.len() != expected {
        return Err(SigError::Length {
            expected,
            actual: signature.len(),
        });
    }
    let result = match (alg.family, hash) {
        (Family::RsaPkcs1, Hash::Sha256) => key.pkcs1v15_verify::<Sha256>(message, signature),
        (Family::RsaPkcs1, Hash::Sha384) => key.pkcs1v15_verify::<Sha384>(message, signature),
        (Family::RsaPkcs1, Hash::Sha512) => key.pkcs1v15_verify::<Sha512>(message, signature),
        (Family::RsaPss, Hash::Sha256) => key.pss_verify::<Sha256>(message, signature),
        (Family::RsaPss, Hash::Sha384) => key.pss_verify::<Sha384>(message, signature),
        (Family::RsaPss, Hash::Sha512) => key.pss_verify::<Sha512>(message, signature),
        _ => return Err(SigError::KeyMismatch),
    };
    result.map_err(|_| SigError::Invalid)
}
