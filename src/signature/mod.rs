//! The signature check and its diagnoses: key selection by `kid`, the key/algorithm fit,
//! algorithm-confusion forgery detection, ECDSA signature shape (DER, length, zero scalars),
//! rotated keys and secrets encoded differently on each side.

use std::rc::Rc;

use serde_json::Value;

use crate::alg::{Alg, Family};
use crate::findings::{Code, Finding};
use crate::header::HeaderFacts;
use crate::key::{self, Imported, Key, KeyError, KeyNote, KeySet, Material};
use crate::policy::{Policy, Preloaded};
use crate::report::Collector;
use crate::verify::{self, SigError};

mod confusion;
mod rotation;
mod secret;
mod shape;

use confusion::confusion;
use rotation::other_key;
use secret::secret_encoding;
use shape::ecdsa_shape;

/// Most keys tried when diagnosing (a rotated kid, a JWKS without kids): bounds the work a
/// hostile key set can cause.
pub const MAX_KEYS_TRIED: usize = 16;

/// What the signature check established.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// A trusted key verified the signature.
    pub verified: bool,
    /// The key that verified.
    pub kid: Option<String>,
    /// Its thumbprint.
    pub thumbprint: Option<String>,
    /// Keys tried.
    pub keys_tried: usize,
    /// The check did not run (no key, unknown alg, undecodable signature).
    pub skipped: bool,
    /// The index (in the key or key set as imported) of the key that verified, or, with a
    /// deferred signature check, of the key the caller must verify the signature with.
    pub key_index: Option<usize>,
}

/// The keys the policy gives, imported once (cached) and kept alive for this check.
/// A member of a JWK Set that did not import: its index, kid and the reason.
type Rejected = (usize, Option<String>, KeyError);

enum Keys {
    One(Rc<Result<Imported, KeyError>>),
    Set(Rc<Result<KeySet, KeyError>>),
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

fn describe_kid(kid: Option<&str>) -> String {
    kid.map_or_else(|| "(no kid)".to_string(), |k| format!("{k:?}"))
}

fn note_findings(k: &Key, out: &mut Collector) {
    for note in &k.notes {
        match note {
            KeyNote::PrivateKey { format } => out.push(
                Finding::new(
                    Code::PrivateKeySupplied,
                    format!("a private key ({format}) was given where a public key belongs; its public half was used"),
                )
                .with("format", *format)
                .with("kid", k.kid.clone()),
            ),
            KeyNote::Repaired(r) => out.push(
                Finding::new(Code::KeyRepaired, format!("the key text was repaired before it parsed ({})", r.as_str().replace('_', " ")))
                    .with("reason", r.as_str()),
            ),
            KeyNote::Certificate | KeyNote::PssParameters => {}
        }
    }
}

/// The keys the policy gives: preloaded, or imported through the cache (None: no key given).
fn keys_of(p: &Policy) -> Option<Keys> {
    match (&p.preloaded, &p.key, &p.jwks) {
        (Some(Preloaded::Key(k)), _, _) => Some(Keys::One(Rc::clone(k))),
        (Some(Preloaded::Jwks(j)), _, _) => Some(Keys::Set(Rc::clone(j))),
        (None, Some(k), _) => Some(Keys::One(key::cache::import_cached(k, p.secret_encoding))),
        (None, None, Some(j)) => Some(Keys::Set(key::cache::import_jwks_cached(j))),
        (None, None, None) => None,
    }
}

/// The imported keys as a list, whether they come from a set, and the set's members that did
/// not import; or the error that made the key or set unreadable.
fn key_list(keys: &Keys) -> Result<(Vec<&Key>, bool, &[Rejected]), &KeyError> {
    match keys {
        Keys::One(r) => match r.as_ref() {
            Err(e) => Err(e),
            Ok(Imported::One(k)) => Ok((vec![k], false, &[])),
            Ok(Imported::Set(s)) => Ok((s.keys.iter().collect(), true, &s.rejected)),
        },
        Keys::Set(r) => match r.as_ref() {
            Err(e) => Err(e),
            Ok(s) => Ok((s.keys.iter().collect(), true, &s.rejected)),
        },
    }
}

/// An RSA signature whose length is not the key's. A whole number of 128-byte blocks is what a
/// key of that size makes: the signer's key is another one (not in the set), not a truncation.
fn length_mismatch(
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

/// An HMAC token the allow-list refused, when `verify` stops there: if the key the token would
/// be checked with is a public key, the token is named an algorithm-confusion attempt, the main
/// cause, as the full diagnosis names it (without its forgery proof, which `inspect` and the
/// full report add). No crypto runs.
pub fn name_confusion(alg: Alg, kid: Option<&str>, p: &Policy, out: &mut Collector) {
    if !alg.is_hmac() {
        return;
    }
    let Some(keys) = keys_of(p) else { return };
    let Ok((list, from_set, _)) = key_list(&keys) else {
        return;
    };
    // a kid selects within a set; one key given alone is the key, whatever the kid says
    let public = list.iter().find(|k| {
        !matches!(k.material, Material::Secret(_))
            && (!from_set || kid.is_none_or(|kid| k.kid.as_deref() == Some(kid)))
    });
    if let Some(k) = public {
        confusion(alg, k, &[], &[], out);
    }
}

/// Checks one candidate key's fitness for the algorithm; returns false when no crypto should
/// run with it.
fn fit(alg: Alg, k: &Key, signing_input: &[u8], sig: &[u8], out: &mut Collector) -> bool {
    let kind = k.material.kind();
    if !alg.accepts(kind) {
        if alg.is_hmac() {
            confusion(alg, k, signing_input, sig, out);
        } else {
            out.push(
                Finding::new(
                    Code::AlgKeyMismatch,
                    format!(
                        "the token's alg {} needs {}, but the key is an {}",
                        alg.name,
                        alg.needs(),
                        kind.describe()
                    ),
                )
                .with("alg", alg.name)
                .with("keyType", kind.describe())
                .with("kid", k.kid.clone()),
            );
        }
        return false;
    }
    let mut usable = true;
    if let Some(u) = k.key_use.as_deref().filter(|u| *u != "sig") {
        out.push(
            Finding::new(
                Code::JwkUseMismatch,
                format!("the JWK has use {u:?}; a signature key has use \"sig\""),
            )
            .with("use", u)
            .with("kid", k.kid.clone()),
        );
    }
    if let Some(ops) = k
        .key_ops
        .as_ref()
        .filter(|ops| !ops.iter().any(|o| o == "verify"))
    {
        out.push(
            Finding::new(
                Code::JwkUseMismatch,
                format!("the JWK's key_ops {ops:?} do not include \"verify\""),
            )
            .with("keyOps", ops.clone())
            .with("kid", k.kid.clone()),
        );
    }
    if let Some(a) = k.alg.as_deref().filter(|a| !alg.fits_key_alg(a)) {
        out.push(
            Finding::new(
                Code::JwkAlgMismatch,
                if k.notes.contains(&KeyNote::PssParameters) {
                    format!(
                        "the key's RSASSA-PSS parameters allow only {a}, but the token uses {}",
                        alg.name
                    )
                } else {
                    format!(
                        "the JWK is published for {a}, but the token uses {}",
                        alg.name
                    )
                },
            )
            .with("jwkAlg", a)
            .with("alg", alg.name)
            .with("kid", k.kid.clone()),
        );
    }
    match &k.material {
        Material::Rsa(_) => {
            if let Some(bits) = k.bits.filter(|b| *b < crate::alg::MIN_RSA_BITS) {
                out.push(
                    Finding::new(
                        Code::KeyTooWeak,
                        format!("the RSA key has {bits} bits; at least 2048 are required"),
                    )
                    .with("bits", bits)
                    .with("minimum", crate::alg::MIN_RSA_BITS),
                );
            }
        }
        Material::Secret(s) if s.is_empty() => {
            out.push(empty_secret());
            usable = false;
        }
        Material::Secret(s) => {
            let want = alg.hash.map_or(32, |h| h.output_len());
            if s.len() < want {
                out.push(
                    Finding::new(
                        Code::HmacSecretShort,
                        format!("the HMAC secret has {} bytes; {} needs at least {want} (RFC 7518 §3.2)", s.len(), alg.name),
                    )
                    .with("bytes", s.len())
                    .with("minimum", want),
                );
            }
        }
        _ => {}
    }
    usable
}

/// Runs the signature check.
pub fn check_signature(
    signing_input: &[u8],
    sig: &[u8],
    facts: &HeaderFacts,
    p: &Policy,
    out: &mut Collector,
) -> Outcome {
    let mut outcome = Outcome {
        skipped: true,
        ..Outcome::default()
    };
    if sig.is_empty() {
        out.push(Finding::new(
            Code::SignatureMissing,
            "the signature part is empty: the token is not signed",
        ));
        return outcome;
    }
    if facts.unsecured {
        return outcome;
    }
    let der_raw = facts.alg.and_then(|alg| ecdsa_shape(alg, sig, out));
    if let Some(stale) = &p.jwks_stale {
        out.push(
            Finding::new(Code::JwksStale, format!("the remote key set could not be refreshed ({stale}); the last good copy was used"))
                .with("error", stale.as_str()),
        );
    }
    let Some(keys) = keys_of(p) else {
        out.push(Finding::new(
            Code::SignatureUnchecked,
            "no key was given, so the signature was not checked",
        ));
        return outcome;
    };
    let (list, from_set, rejected) = match key_list(&keys) {
        Ok(found) => found,
        Err(e) => {
            out.push(key_invalid(e));
            return Outcome {
                skipped: false,
                ..outcome
            };
        }
    };
    let Some(alg) = facts.alg else { return outcome };
    outcome.skipped = false;

    let candidates: Vec<&Key> = if !from_set {
        list.clone()
    } else if let Some(kid) = &facts.kid {
        let matching: Vec<&Key> = list
            .iter()
            .copied()
            .filter(|k| k.kid.as_deref() == Some(kid))
            .collect();
        if matching.is_empty() {
            if let Some((_, _, e)) = rejected.iter().find(|(_, k, _)| k.as_deref() == Some(kid)) {
                out.push(key_invalid(e).with("kid", kid.as_str()));
                return outcome;
            }
            let available: Vec<Value> = list
                .iter()
                .map(|k| k.kid.clone().map_or(Value::Null, Value::from))
                .collect();
            let shown: Vec<String> = list
                .iter()
                .map(|k| describe_kid(k.kid.as_deref()))
                .collect();
            out.push(
                Finding::new(
                    Code::KidNotFound,
                    format!(
                        "the token's key id {kid:?} is not in the key set (it has {})",
                        if shown.is_empty() {
                            "no keys".to_string()
                        } else {
                            shown.join(", ")
                        }
                    ),
                )
                .with("kid", kid.as_str())
                .with("available", available),
            );
            if out.diagnosing() {
                other_key(alg, signing_input, sig, &list, &[], Some(kid), out);
            }
            return outcome;
        }
        matching
    } else {
        let fitting: Vec<&Key> = list
            .iter()
            .copied()
            .filter(|k| {
                alg.accepts(k.material.kind())
                    && k.alg.as_deref().is_none_or(|a| alg.fits_key_alg(a))
            })
            .collect();
        if fitting.is_empty() && alg.is_hmac() && !list.is_empty() {
            // An HMAC token against a set of public keys: algorithm confusion, whichever key
            // the attacker used as the secret.
            list.clone()
        } else if fitting.is_empty() {
            if list.is_empty() {
                out.push(
                    Finding::new(Code::KidNotFound, "the key set has no usable key")
                        .with("kid", Value::Null)
                        .with("available", Vec::<Value>::new()),
                );
            } else {
                out.push(
                    Finding::new(
                        Code::AlgKeyMismatch,
                        format!(
                            "the token has no kid and no key of the set can verify {} ({} needed)",
                            alg.name,
                            alg.needs()
                        ),
                    )
                    .with("alg", alg.name),
                );
            }
            return outcome;
        } else {
            fitting
        }
    };

    let mut last_err = None;
    let mut tried: Vec<&Key> = Vec::new();
    let mut handed_over = 0;
    for k in candidates.iter().copied().take(MAX_KEYS_TRIED) {
        note_findings(k, out);
        if !fit(alg, k, signing_input, sig, out) {
            continue;
        }
        tried.push(k);
        // HMAC stays here: crossing to native crypto costs more than the MAC itself. A key
        // native crypto already rejected, or whose length the signature cannot have, counts as
        // tried and failed; the next one is handed over.
        if out.defers_signature() && !alg.is_hmac() {
            if let Err(e) = verify::check_length(alg, &k.material, sig) {
                last_err = Some((e, k));
            } else if handed_over < out.natively_rejected() {
                handed_over += 1;
                last_err = Some((SigError::Invalid, k));
            } else {
                outcome.key_index = list.iter().position(|l| std::ptr::eq(*l, k));
                break;
            }
            continue;
        }
        match verify::verify(alg, &k.material, signing_input, sig) {
            Ok(()) => {
                outcome.verified = true;
                outcome.key_index = list.iter().position(|l| std::ptr::eq(*l, k));
                outcome.kid = k.kid.clone();
                outcome.thumbprint = k.thumbprint.clone();
                break;
            }
            Err(e) => last_err = Some((e, k)),
        }
    }
    outcome.keys_tried = tried.len();
    if outcome.verified || outcome.key_index.is_some() {
        return outcome;
    }
    let Some((err, key)) = last_err else {
        return outcome;
    };
    match err {
        SigError::Length { .. } if alg.family == Family::Ecdsa => {
            // the conversion is tried with every key: a diagnosis, not part of a bounded verify
            if let Some(raw) = der_raw.filter(|_| out.diagnosing()) {
                let ok = tried
                    .iter()
                    .any(|k| verify::verify(alg, &k.material, signing_input, &raw).is_ok());
                for f in out
                    .findings_mut()
                    .iter_mut()
                    .filter(|f| f.code == Code::SignatureDerEncoded)
                {
                    f.detail
                        .insert("verifiesOnceConverted".into(), Value::Bool(ok));
                    if ok {
                        f.message
                            .push_str("; converted to r‖s it verifies with your key");
                    }
                }
            }
        }
        SigError::Length { expected, actual } => out.push(length_mismatch(
            alg,
            expected,
            actual,
            tried.len(),
            from_set,
        )),
        _ if out.has(Code::PsychicSignature) => {}
        _ => {
            let who = if tried.len() > 1 {
                format!("any of the {} keys tried", tried.len())
            } else {
                "the key".to_string()
            };
            let mut f = Finding::new(
                Code::SignatureInvalid,
                format!("the {} signature does not verify with {who}", alg.name),
            )
            .with("keysTried", tried.len())
            .with("kid", key.kid.clone());
            if candidates.len() > MAX_KEYS_TRIED {
                f.message.push_str(&format!(
                    " (the first {MAX_KEYS_TRIED} of {} candidates: at most {MAX_KEYS_TRIED} are tried)",
                    candidates.len()
                ));
                f = f
                    .with("keysLimit", MAX_KEYS_TRIED)
                    .with("candidates", candidates.len());
            }
            out.push(f);
        }
    }
    if out.diagnosing() {
        if let Material::Secret(secret) = &key.material {
            secret_encoding(alg, secret, signing_input, sig, out);
        }
        if from_set {
            other_key(
                alg,
                signing_input,
                sig,
                &list,
                &tried,
                facts.kid.as_deref(),
                out,
            );
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine as _;

    use crate::alg::Hash;
    use crate::inspect::inspect;
    use crate::policy::Policy;
    use crate::report::Report;

    // RFC 7515 A.3 P-256 public key.
    const X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    const Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";

    fn canonical() -> String {
        format!(r#"{{"crv":"P-256","kty":"EC","x":"{X}","y":"{Y}"}}"#)
    }

    /// An HS256 token whose MAC key is the public key's canonical JWK JSON.
    fn forged(header: &str) -> String {
        let input = format!(
            "{}.{}",
            B64.encode(header),
            B64.encode(r#"{"sub":"admin","exp":60}"#)
        );
        let mac = crate::verify::hmac::mac(Hash::Sha256, canonical().as_bytes(), input.as_bytes());
        format!("{input}.{}", B64.encode(mac))
    }

    fn run(token: &str, options: serde_json::Value) -> Report {
        inspect(
            token,
            &Policy::from_json(&options.to_string(), 0.0).expect("options"),
        )
    }

    fn codes(r: &Report) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn forged_confusion_comes_before_the_allow_list_refusal() {
        let r = run(
            &forged(r#"{"alg":"HS256"}"#),
            serde_json::json!({
                "key": { "kty": "EC", "crv": "P-256", "x": X, "y": Y, "use": "sig" },
                "algorithms": ["ES256"]
            }),
        );
        assert_eq!(codes(&r), ["alg_confusion", "alg_not_allowed"]);
        assert_eq!(r.findings[0].detail["forged"], true);
        assert_eq!(r.findings[0].detail["form"], "jwk_canonical");
        assert!(r.findings[1].hint.starts_with("keep HS256 out"));
        assert!(!r.valid);
    }

    #[test]
    fn confusion_against_a_key_set_without_kid_is_one_finding() {
        let ec = serde_json::json!({ "kty": "EC", "crv": "P-256", "x": X, "y": Y });
        let mut named = ec.clone();
        named["kid"] = "a".into();
        let r = run(
            &forged(r#"{"alg":"HS256"}"#),
            serde_json::json!({ "jwks": { "keys": [named, ec] }, "algorithms": ["ES256", "HS256"] }),
        );
        assert_eq!(codes(&r), ["alg_confusion"]);
        assert_eq!(r.findings[0].detail["forged"], true);
        assert_eq!(r.findings[0].detail["kid"], "a");
    }

    #[test]
    fn psychic_signature_in_der_is_named() {
        let input = format!(
            "{}.{}",
            B64.encode(r#"{"alg":"ES256"}"#),
            B64.encode(r#"{"sub":"x","exp":60}"#)
        );
        let r = run(
            &format!("{input}.MAYCAQACAQA"),
            serde_json::json!({ "key": canonical(), "algorithms": ["ES256"] }),
        );
        assert_eq!(codes(&r), ["psychic_signature", "signature_der_encoded"]);
        assert_eq!(r.findings[1].detail["verifiesOnceConverted"], false);
    }
}
