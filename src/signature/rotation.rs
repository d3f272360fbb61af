//! A rotated or misnamed key: when the key the token names fails or is missing, does another
//! key of the set verify? Bounded by [`MAX_KEYS_TRIED`].

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key::Key;
use crate::report::Collector;
use crate::verify;

use super::MAX_KEYS_TRIED;

/// A rotated or misnamed key: does another key of the set verify?
pub(super) fn other_key(
    alg: Alg,
    signing_input: &[u8],
    sig: &[u8],
    list: &[&Key],
    tried: &[&Key],
    kid: Option<&str>,
    out: &mut Collector,
) {
    let others: Vec<&Key> = list
        .iter()
        .copied()
        .filter(|k| alg.accepts(k.material.kind()) && !tried.iter().any(|t| std::ptr::eq(*t, *k)))
        .collect();
    for k in others.iter().copied().take(MAX_KEYS_TRIED) {
        if verify::verify(alg, &k.material, signing_input, sig).is_ok() {
            let message = match (kid, k.kid.as_deref()) {
                (Some(named), Some(actual)) => format!(
                    "the token verifies with the key {actual:?} of the set: it was signed by that key but names {named:?}"
                ),
                (_, None) => "the token verifies with a key of the set that has no kid".to_string(),
                (None, Some(actual)) => format!("the token verifies with the key {actual:?} of the set"),
            };
            out.push(
                Finding::new(Code::VerifiesWithOtherKey, message)
                    .with("kid", k.kid.clone())
                    .with("thumbprint", k.thumbprint.clone()),
            );
            return;
        }
    }
    // The search was cut short: say so on the finding it explains, so "no other key verifies"
    // is never claimed for keys that were not tried.
    if others.len() > MAX_KEYS_TRIED {
        if let Some(f) = out
            .findings_mut()
            .iter_mut()
            .rev()
            .find(|f| matches!(f.code, Code::KidNotFound | Code::SignatureInvalid))
        {
            f.detail
                .insert("otherKeysTried".into(), MAX_KEYS_TRIED.into());
            f.detail.insert("keysLimit".into(), MAX_KEYS_TRIED.into());
        }
    }
}
