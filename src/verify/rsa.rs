//! RS256/384/512 (PKCS#1 v1.5) and PS256/384/512 (PSS, salt = hash length).
//!
//! RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2) and RSASSA-PSS-VERIFY (§8.1.2): the public
//! operation runs in [`super::montgomery`] with constants precomputed at key import, the
//! encoded-message checks in [`super::emsa`].

use super::{emsa, SigError};
use crate::alg::{Alg, Family};
use crate::key::rsa_key::RsaKey;

/// Verifies an RSA signature: RSASSA-PKCS1-v1_5 for RS*, RSASSA-PSS with MGF1 over the same hash
/// and a salt of exactly the hash length for PS* (RFC 7518 §3.5); a PSS signature made with any
/// other salt length does not verify.
///
/// # Errors
/// [`SigError::Length`] when the signature is not exactly the modulus size in bytes,
/// [`SigError::KeyMismatch`] for a non-RSA algorithm, [`SigError::Invalid`] when it does not
/// verify (including a signature representative not below the modulus).
pub fn verify(alg: Alg, key: &RsaKey, message: &[u8], signature: &[u8]) -> Result<(), SigError> {
    let Some(hash) = alg.hash else {
        return Err(SigError::KeyMismatch);
    };
    let modulus = key.modulus();
    // §8.1.2 / §8.2.2 step 1: the signature is exactly k bytes.
    let k = modulus.byte_len();
    if signature.len() != k {
        return Err(SigError::Length {
            expected: k,
            actual: signature.len(),
        });
    }
    let m_hash = hash.digest(message);
    let ok = match alg.family {
        Family::RsaPkcs1 => {
            // §8.2.2 step 2: RSAVP1 (s < n), EM = I2OSP(m, k); step 3-4: compare encodings.
            modulus
                .pow_public(signature, k)
                .is_some_and(|em| emsa::pkcs1v15_matches(hash, &m_hash, &em))
        }
        Family::RsaPss => {
            // §8.1.2 step 2: emBits = modBits − 1, EM = I2OSP(m, ⌈emBits/8⌉), which fails
            // when m needs all k bytes while emLen = k − 1; step 3: EMSA-PSS-VERIFY.
            let em_bits = key.bits().saturating_sub(1);
            modulus
                .pow_public(signature, em_bits.div_ceil(8))
                .is_some_and(|em| emsa::pss_matches(hash, &m_hash, &em, em_bits))
        }
        _ => return Err(SigError::KeyMismatch),
    };
    if ok {
        Ok(())
    } else {
        Err(SigError::Invalid)
    }
}
