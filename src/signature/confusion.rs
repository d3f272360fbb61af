//! Algorithm confusion: an HMAC token checked against public keys. The forms an attacker would
//! use a public key in as the HMAC secret are tried; a match proves a forgery.

use serde_json::Value;

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key::Key;
use crate::verify;

use super::keys::KeyList;
use super::MAX_KEYS_TRIED;

/// The `alg_confusion` finding for an HMAC token whose candidate keys (of `keys`, the policy's
/// readable keys) are all public, or None.
/// With `proof` (the signing input and the signature), the key's byte forms are tried as the
/// HMAC secret, and a forged token is named as one; one finding per token, the forged key's if
/// any key of a set forged it. Without it (the `verify` path), no crypto runs.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn confusion(
    alg: Alg,
    kid: Option<&str>,
    keys: Option<&KeyList<'_>>,
    proof: Option<(&[u8], &[u8])>,
) -> Option<Finding> {
    if !alg.is_hmac() {
        return None;
    }
    let candidates = keys?.public_candidates(kid);
    let first = *candidates.first()?;
    let forged = proof.and_then(|(input, sig)| {
        candidates
            .iter()
            .take(MAX_KEYS_TRIED)
            .find_map(|k| forged_with(alg, k, input, sig).map(|form| (*k, form)))
    });
    let kind = |k: &Key| k.material.kind().describe();
    let f = match forged {
        Some((k, form)) => Finding::new(
            Code::AlgConfusion,
            format!(
                "FORGED TOKEN: this {} token was signed with your {} ({}) used as the HMAC secret — an algorithm-confusion attack. Anyone who has the public key can mint such tokens",
                alg.name,
                kind(k),
                form.words()
            ),
        )
        .hint("reject it and treat it as an attack: pin `algorithms` to the asymmetric algorithm your issuer uses; never let a public key act as an HMAC secret")
        .with("forged", true)
        .with("form", form.as_str())
        .with("alg", alg.name)
        .with("keyType", kind(k))
        .with("kid", k.kid.clone()),
        None => {
            // The key's bytes were tried and none forges it: no attack shows. The issuer signs
            // with a shared secret and this verifier holds a public key: a configuration
            // mismatch, named as one (the attack wording is for a proven forgery).
            let tried = proof.is_some();
            let message = if tried {
                format!(
                    "algorithm mismatch: the token is signed with {} (HMAC, a shared secret) but the key is an {}; no form of the key forges it, so this is a configuration mismatch, not an attack",
                    alg.name,
                    kind(first)
                )
            } else {
                format!(
                    "the token says {} (HMAC) but the key is an {}: a public key is never an HMAC secret",
                    alg.name,
                    kind(first)
                )
            };
            let f = Finding::new(Code::AlgConfusion, message)
                .with("forged", if tried { Value::Bool(false) } else { Value::Null })
                .with("form", Value::Null)
                .with("alg", alg.name)
                .with("keyType", kind(first))
                .with("kid", first.kid.clone());
            if tried {
                f.hint(format!(
                    "the issuer signs with a shared secret: verify with that secret (and pin `algorithms` to {0}), or have the issuer sign with the asymmetric algorithm of this key (RS256 for an RSA key); never allow {0} next to a public key",
                    alg.name
                ))
            } else {
                f
            }
        }
    };
    Some(f)
}

/// The form of the key that, used as the HMAC secret, gives this signature.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn forged_with(alg: Alg, k: &Key, input: &[u8], sig: &[u8]) -> Option<crate::key::Form> {
    let hash = alg.hash?;
    k.confusion_forms.iter().find_map(|(form, bytes)| {
        let mac = verify::hmac::mac(hash, bytes, input);
        bool::from(subtle::ConstantTimeEq::ct_eq(mac.as_slice(), sig)).then_some(*form)
    })
}
