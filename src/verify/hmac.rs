//! HS256/384/512: HMAC-SHA2 with a constant-time comparison.
//!
//! Keying HMAC hashes the secret's inner and outer pads: two of the five to seven compression
//! blocks of a typical token. A verifier uses one secret for every token, so the keyed state of
//! the last secret is kept (per hash) and cloned instead of recomputed (RFC 2104 §4 suggests
//! exactly this precomputation).

use std::cell::RefCell;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq as _;

use super::SigError;
use crate::alg::{Alg, Hash};

/// The keyed state of the last secret used with one hash.
struct Keyed<M> {
    secret: Vec<u8>,
    state: M,
}

thread_local! {
    static KEYED_256: RefCell<Option<Keyed<Hmac<Sha256>>>> = const { RefCell::new(None) };
    static KEYED_384: RefCell<Option<Keyed<Hmac<Sha384>>>> = const { RefCell::new(None) };
    static KEYED_512: RefCell<Option<Keyed<Hmac<Sha512>>>> = const { RefCell::new(None) };
}

/// A MAC keyed with `secret`: a clone of the kept state when the secret is the last one used
/// (compared in constant time), else keyed anew and kept.
fn keyed<M: Mac + KeyInit + Clone>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Keyed<M>>>>,
    secret: &[u8],
) -> Option<M> {
    slot.with(|cell| {
        let mut kept = cell.try_borrow_mut().ok()?;
        if let Some(k) = kept.as_ref() {
            if k.secret.len() == secret.len() && bool::from(k.secret.ct_eq(secret)) {
                return Some(k.state.clone());
            }
        }
        // HMAC accepts keys of any length, so this cannot fail.
        let state = <M as KeyInit>::new_from_slice(secret).ok()?;
        *kept = Some(Keyed {
            secret: secret.to_vec(),
            state: state.clone(),
        });
        Some(state)
    })
}

fn run<M: Mac + KeyInit + Clone>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Keyed<M>>>>,
    secret: &[u8],
    message: &[u8],
) -> Vec<u8> {
    // an empty MAC never verifies
    keyed(slot, secret).map_or_else(Vec::new, |mut m| {
        m.update(message);
        m.finalize().into_bytes().to_vec()
    })
}

/// Whether `signature` is the MAC of `message`, compared in constant time (`verify_slice`).
fn matches<M: Mac + KeyInit + Clone>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Keyed<M>>>>,
    secret: &[u8],
    message: &[u8],
    signature: &[u8],
) -> bool {
    keyed(slot, secret).is_some_and(|mut m| {
        m.update(message);
        m.verify_slice(signature).is_ok()
    })
}

/// Computes the HMAC of `message` under `secret` for the algorithm's hash.
pub fn mac(hash: Hash, secret: &[u8], message: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Sha256 => run(&KEYED_256, secret, message),
        Hash::Sha384 => run(&KEYED_384, secret, message),
        Hash::Sha512 => run(&KEYED_512, secret, message),
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
    let ok = match hash {
        Hash::Sha256 => matches(&KEYED_256, secret, message, signature),
        Hash::Sha384 => matches(&KEYED_384, secret, message, signature),
        Hash::Sha512 => matches(&KEYED_512, secret, message, signature),
    };
    if ok {
        Ok(())
    } else {
        Err(SigError::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2 ("Jefe"), and the same MAC again after another key was used, so
    /// the kept state never leaks from one secret into another.
    #[test]
    fn kept_state_follows_the_secret() {
        let jefe = mac(Hash::Sha256, b"Jefe", b"what do ya want for nothing?");
        let hex: String = jefe.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let other = mac(Hash::Sha256, b"Jefe2", b"what do ya want for nothing?");
        assert_ne!(other, jefe);
        assert_eq!(
            mac(Hash::Sha256, b"Jefe", b"what do ya want for nothing?"),
            jefe
        );
        // a secret that is a prefix of the kept one is a different secret
        assert_ne!(
            mac(Hash::Sha256, b"Jef", b"what do ya want for nothing?"),
            jefe
        );
        assert_ne!(
            mac(Hash::Sha256, b"", b"what do ya want for nothing?"),
            jefe
        );
    }
}
