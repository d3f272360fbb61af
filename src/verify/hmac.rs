//! HS256/384/512: HMAC-SHA2 with a constant-time comparison.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};

use super::SigError;
use crate::alg::{Alg, Hash};

/// Computes the HMAC of `message` under `secret` for the algorithm's hash.
pub fn mac(hash: Hash, secret: &[u8], message: &[u8]) -> Vec<u8> {
    fn run<M: Mac + KeyInit>(secret: &[u8], message: &[u8]) -> Vec<u8> {
        // HMAC accepts keys of any length, so this cannot fail; an empty MAC never verifies.
        match <M as KeyInit>::new_from_slice(secret) {
            Ok(mut m) => {
                m.update(message);
                m.finalize().into_bytes().to_vec()
            }
            Err(_) => Vec::new(),
        }
    }
    match hash {
        Hash::Sha256 => run::<Hmac<Sha256>>(secret, message),
        Hash::Sha384 => run::<Hmac<Sha384>>(secret, message),
        Hash::Sha512 => run::<Hmac<Sha512>>(secret, message),
    }
}

/// Verifies an HMAC signature in constant time.
///
/// # Errors
/// [`SigError::Length`] for a signature of the wrong size, [`SigError::Invalid`] on mismatch.
pub fn verify(alg: Alg, secret: &[u8], message: &[u8], signature: &[u8]) -> Result<(), SigError> {
    let Some(hash) = alg.hash else {
        return Err(SigError::KeyMismatch);
    };
    if signature.len() != hash.output_len() {
        return Err(SigError::Length {
            expected: hash.output_len(),
            actual: signature.len(),
        });
    }
    let expected = mac(hash, secret, message);
    if subtle::ConstantTimeEq::ct_eq(expected.as_slice(), signature).into() {
        Ok(())
    } else {
        Err(SigError::Invalid)
    }
}
