//! RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS, MGF1 over the same hash,
//! salt = hash length; RFC 7518 §3.3, §3.5), by the `rsa` crate.

use rsa::sha2::{Sha256, Sha384, Sha512};

use super::SigError;
use crate::alg::{Alg, Family, Hash};
use crate::key::rsa_key::RsaKey;

/// Verifies an RSA signature. A PSS signature made with any other salt length does not verify.
///
/// # Errors
/// [`SigError::Length`] when the signature is not exactly the modulus size in bytes (RFC 8017
/// §8.1.2 and §8.2.2 step 1; checked here to say so, the crate refuses it too),
/// [`SigError::KeyMismatch`] for a non-RSA algorithm, [`SigError::Invalid`] when it does not
/// verify (including a signature representative not below the modulus).
pub fn verify(alg: Alg, key: &RsaKey, message: &[u8], signature: &[u8]) -> Result<(), SigError> {
    let Some(hash) = alg.hash else {
        return Err(SigError::KeyMismatch);
    };
    let k = key.byte_len();
    if signature.len() != k {
        return Err(SigError::Length {
            expected: k,
            actual: signature.len(),
        });
    }
    let digest = hash.digest(message);
    let public = key.public_key();
    let verified = match (alg.family, hash) {
        (Family::RsaPkcs1, Hash::Sha256) => {
            public.pkcs1v15_verify_prehash::<Sha256>(&digest, signature)
        }
        (Family::RsaPkcs1, Hash::Sha384) => {
            public.pkcs1v15_verify_prehash::<Sha384>(&digest, signature)
        }
        (Family::RsaPkcs1, Hash::Sha512) => {
            public.pkcs1v15_verify_prehash::<Sha512>(&digest, signature)
        }
        (Family::RsaPss, Hash::Sha256) => public.pss_verify_prehash::<Sha256>(&digest, signature),
        (Family::RsaPss, Hash::Sha384) => public.pss_verify_prehash::<Sha384>(&digest, signature),
        (Family::RsaPss, Hash::Sha512) => public.pss_verify_prehash::<Sha512>(&digest, signature),
        _ => return Err(SigError::KeyMismatch),
    };
    verified.map_err(|_| SigError::Invalid)
}
