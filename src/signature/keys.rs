//! The keys a signature is checked with: the policy's key or key set (imported once, cached),
//! and the candidates a token selects from them by `kid` and algorithm.

use std::rc::Rc;

use serde_json::Value;

use crate::alg::Alg;
use crate::findings::{Code, Finding};
use crate::key::{self, Imported, Key, KeyError, KeySet, Material};
use crate::policy::{Policy, Preloaded};

/// A member of a JWK Set that did not import: its index, kid and the reason.
pub(super) type Rejected = (usize, Option<String>, KeyError);

/// The keys the policy gives, kept alive for one token's checks (the algorithm check and the
/// signature check read the same list).
pub enum Keys {
    One(Rc<Result<Imported, KeyError>>),
    Set(Rc<Result<KeySet, KeyError>>),
}

/// The imported keys as a list, whether they come from a set, and the set's members that did
/// not import.
pub struct KeyList<'a> {
    pub(super) keys: Vec<&'a Key>,
    pub(super) from_set: bool,
    pub(super) rejected: &'a [Rejected],
}

/// The `key_invalid` finding for a key that could not be read.
pub fn key_invalid(e: &KeyError) -> Finding {
    Finding::new(
        Code::KeyInvalid,
        format!("the key could not be read: {}", e.message),
    )
    .with("reason", e.reason)
}

/// The `key_invalid` finding for an empty HMAC secret.
pub fn empty_secret() -> Finding {
    Finding::new(
        Code::KeyInvalid,
        "the HMAC secret is empty: anyone can sign with it",
    )
    .with("reason", "empty_secret")
}

impl Keys {
    /// The keys the policy gives: preloaded, or imported through the cache (None: no key given).
    pub fn of(p: &Policy) -> Option<Keys> {
        match (&p.preloaded, &p.key, &p.jwks) {
            (Some(Preloaded::Key(k)), _, _) => Some(Keys::One(Rc::clone(k))),
            (Some(Preloaded::Jwks(j)), _, _) => Some(Keys::Set(Rc::clone(j))),
            (None, Some(k), _) => Some(Keys::One(key::cache::import_cached(k, p.secret_encoding))),
            (None, None, Some(j)) => Some(Keys::Set(key::cache::import_jwks_cached(j))),
            (None, None, None) => None,
        }
    }

    /// The keys as a list, or the error that made the key or set unreadable.
    pub fn list(&self) -> Result<KeyList<'_>, &KeyError> {
        fn set(s: &KeySet) -> KeyList<'_> {
            KeyList {
                keys: s.keys.iter().collect(),
                from_set: true,
                rejected: &s.rejected,
            }
        }
        match self {
            Keys::One(r) => match r.as_ref() {
                Err(e) => Err(e),
                Ok(Imported::One(k)) => Ok(KeyList {
                    keys: vec![k],
                    from_set: false,
                    rejected: &[],
                }),
                Ok(Imported::Set(s)) => Ok(set(s)),
            },
            Keys::Set(r) => match r.as_ref() {
                Err(e) => Err(e),
                Ok(s) => Ok(set(s)),
            },
        }
    }
}

/// The policy's keys as the checks read them: none given (None), unreadable, or a list.
pub type Given<'a> = Option<Result<KeyList<'a>, &'a KeyError>>;

/// What a token's `kid` and algorithm select from the keys.
pub(super) enum Selection<'a> {
    /// The keys to try, in order.
    Candidates(Vec<&'a Key>),
    /// The named kid is not in the set: `kid_not_found`, made by the caller with the search
    /// for another key that verifies.
    KidNotFound(&'a str),
    /// An HMAC token against public keys only: the algorithm check names the confusion.
    PublicKeysOnly,
    /// Nothing to try, for the reason this finding gives.
    Refused(Finding),
}

impl<'a> KeyList<'a> {
    /// The keys a token with this `alg` and `kid` is checked with. A kid selects within a
    /// set; one key given alone is the key, whatever the kid says. Without a kid, the keys
    /// that fit the algorithm are tried.
    pub(super) fn select(&self, alg: Alg, kid: Option<&'a str>) -> Selection<'a> {
        if !self.from_set {
            return Selection::Candidates(self.keys.clone());
        }
        if let Some(kid) = kid {
            let matching: Vec<&Key> = self.named(kid).collect();
            if !matching.is_empty() {
                return Selection::Candidates(matching);
            }
            return match self
                .rejected
                .iter()
                .find(|(_, k, _)| k.as_deref() == Some(kid))
            {
                Some((_, _, e)) => Selection::Refused(key_invalid(e).with("kid", kid)),
                None => Selection::KidNotFound(kid),
            };
        }
        let fitting: Vec<&Key> = self
            .keys
            .iter()
            .copied()
            .filter(|k| {
                alg.accepts(k.material.kind())
                    && k.alg.as_deref().is_none_or(|a| alg.fits_key_alg(a))
            })
            .collect();
        if !fitting.is_empty() {
            return Selection::Candidates(fitting);
        }
        if self.keys.is_empty() {
            return Selection::Refused(
                Finding::new(Code::KidNotFound, "the key set has no usable key")
                    .with("kid", Value::Null)
                    .with("available", Vec::<Value>::new()),
            );
        }
        if alg.is_hmac() {
            return Selection::PublicKeysOnly;
        }
        Selection::Refused(
            Finding::new(
                Code::AlgKeyMismatch,
                format!(
                    "the token has no kid and no key of the set can verify {} ({} needed)",
                    alg.name,
                    alg.needs()
                ),
            )
            .with("alg", alg.name),
        )
    }

    /// The keys of the set with this kid.
    fn named<'k>(&'k self, kid: &'k str) -> impl Iterator<Item = &'a Key> + 'k {
        self.keys
            .iter()
            .copied()
            .filter(move |k| k.kid.as_deref() == Some(kid))
    }

    /// The public keys an HMAC token with this kid would be checked with, when it would be
    /// checked with public keys only (the algorithm-confusion setting); empty otherwise.
    pub(super) fn public_candidates(&self, kid: Option<&str>) -> Vec<&'a Key> {
        let kid = kid.filter(|_| self.from_set);
        let candidates = || {
            self.keys
                .iter()
                .copied()
                .filter(move |k| kid.is_none_or(|kid| k.kid.as_deref() == Some(kid)))
        };
        if candidates().any(|k| matches!(k.material, Material::Secret(_))) {
            return Vec::new();
        }
        candidates().collect()
    }

    /// The `kid_not_found` finding: the kid and the kids the set has.
    pub(super) fn kid_not_found(&self, kid: &str) -> Finding {
        let available: Vec<Value> = self
            .keys
            .iter()
            .map(|k| k.kid.clone().map_or(Value::Null, Value::from))
            .collect();
        let shown: Vec<String> = self
            .keys
            .iter()
            .map(|k| {
                k.kid
                    .as_deref()
                    .map_or_else(|| "(no kid)".to_string(), |k| format!("{k:?}"))
            })
            .collect();
        let has = if shown.is_empty() {
            "no keys".to_string()
        } else {
            shown.join(", ")
        };
        Finding::new(
            Code::KidNotFound,
            format!("the token's key id {kid:?} is not in the key set (it has {has})"),
        )
        .with("kid", kid)
        .with("available", available)
    }

    /// The index of a key in the list (the key or key set as imported).
    pub(super) fn index_of(&self, k: &Key) -> Option<usize> {
        self.keys.iter().position(|l| std::ptr::eq(*l, k))
    }
}
