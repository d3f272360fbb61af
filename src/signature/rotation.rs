//! A rotated or misnamed key: when the key the token names fails or is missing, does another
//! key of the set verify? Bounded by [`MAX_KEYS_TRIED`].

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key::Key;
use crate::verify;

use super::MAX_KEYS_TRIED;

/// The search for another key of the set that verifies.
pub(super) struct OtherKey {
    /// `verifies_with_other_key`, naming the key that verifies.
    pub found: Option<Finding>,
    /// The search stopped at [`MAX_KEYS_TRIED`] keys without finding one: the finding it
    /// explains says so, so "no other key verifies" is never claimed for keys not tried.
    pub cut_short: bool,
}

impl OtherKey {
    /// Adds the bound of a search cut short to the finding it explains.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub(super) fn bound(&self, f: Finding) -> Finding {
        if self.cut_short {
            f.with("otherKeysTried", MAX_KEYS_TRIED)
                .with("keysLimit", MAX_KEYS_TRIED)
        } else {
            f
        }
    }
}

/// Does another key of the set (not among `tried`) verify?
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(super) fn other_key(
    alg: Alg,
    signing_input: &[u8],
    sig: &[u8],
    list: &[&Key],
    tried: &[&Key],
    kid: Option<&str>,
) -> OtherKey {
    let others: Vec<&Key> = list
        .iter()
        .copied()
        .filter(|k| alg.accepts(k.material.kind()) && !tried.iter().any(|t| std::ptr::eq(*t, *k)))
        .collect();
    let verifying = others
        .iter()
        .take(MAX_KEYS_TRIED)
        .find(|k| verify::verify(alg, &k.material, signing_input, sig).is_ok());
    let Some(k) = verifying else {
        return OtherKey {
            found: None,
            cut_short: others.len() > MAX_KEYS_TRIED,
        };
    };
    let message = match (kid, k.kid.as_deref()) {
        (Some(named), Some(actual)) => format!(
            "the token verifies with the key {actual:?} of the set: it was signed by that key but names {named:?}"
        ),
        (_, None) => "the token verifies with a key of the set that has no kid".to_string(),
        (None, Some(actual)) => format!("the token verifies with the key {actual:?} of the set"),
    };
    OtherKey {
        found: Some(
            Finding::new(Code::VerifiesWithOtherKey, message)
                .with("kid", k.kid.clone())
                .with("thumbprint", k.thumbprint.clone()),
        ),
        cut_short: false,
    }
}
