//! The finding that says a signature failed: it does not verify with the keys tried, or it has
//! a length the key cannot make.

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key::Key;

use super::MAX_KEYS_TRIED;

/// An RSA signature whose length is not the key's. A whole number of 128-byte blocks is what a
/// key of that size makes: the signer's key is another one (not in the set), not a truncation.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(super) fn length_mismatch(
    alg: Alg,
    expected: usize,
    actual: usize,
    tried: usize,
    from_set: bool,
) -> Finding {
    let rsa_size = actual >= 128 && actual % 128 == 0 && alg.signature_len().is_none();
    let f = if rsa_size {
        let keys = match (from_set, tried) {
            (false, _) => "the key is".to_string(),
            (true, 1) => "the one key of the set that was tried is".to_string(),
            (true, n) => format!("none of the {n} keys tried is; they are"),
        };
        Finding::new(
            Code::SignatureLength,
            format!(
                "the {} signature has {actual} bytes, what a {}-bit RSA key makes, but {keys} {}-bit: the token was signed with a key {}",
                alg.name,
                actual * 8,
                expected * 8,
                if from_set { "that is not in the set" } else { "other than this one" }
            ),
        )
        .hint(if from_set {
            "the signer's key is not in this key set: check that the JWKS is the issuer's (the environment, the URL) and that it publishes the current key"
        } else {
            "the token was signed with another key: give the issuer's current public key"
        })
        .with("signerBits", actual * 8)
    } else {
        Finding::new(
            Code::SignatureLength,
            format!(
                "the {} signature has {actual} bytes; with this key it must have {expected}",
                alg.name
            ),
        )
    };
    f.with("expected", expected).with("actual", actual)
}

/// `signature_invalid`: no key tried verifies (`last` is the last one tried); `candidates` is
/// how many keys the token selected, of which at most [`MAX_KEYS_TRIED`] are tried.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(super) fn signature_invalid(alg: Alg, tried: usize, last: &Key, candidates: usize) -> Finding {
    let who = if tried > 1 {
        format!("any of the {tried} keys tried")
    } else {
        "the key".to_string()
    };
    let f = Finding::new(
        Code::SignatureInvalid,
        format!("the {} signature does not verify with {who}", alg.name),
    )
    .with("keysTried", tried)
    .with("kid", last.kid.clone());
    if candidates <= MAX_KEYS_TRIED {
        return f;
    }
    let mut f = f
        .with("keysLimit", MAX_KEYS_TRIED)
        .with("candidates", candidates);
    f.message.push_str(&format!(
        " (the first {MAX_KEYS_TRIED} of {candidates} candidates: at most {MAX_KEYS_TRIED} are tried)"
    ));
    f
}
