//! The signature check: key selection by `kid`, each candidate key's fitness, the primitive,
//! and the diagnoses of a failure. Each part is a function that returns its findings; the
//! check emits them in the order they were found.
//!
//! - [`keys`]: the policy's keys and the candidates a token selects from them;
//! - [`fitness`]: whether a key may check the signature (kind, JWK members, strength);
//! - [`confusion`]: an HMAC token against public keys (named by the algorithm check);
//! - [`shape`]: an ECDSA signature's encoding and zero scalars, which need no key;
//! - [`failure`]: the finding that says the signature failed;
//! - [`rotation`], [`secret`]: why it failed (another key of the set, a secret encoded
//!   differently on each side).

use crate::alg::{Alg, Family};
use crate::findings::{Code, Finding};
use crate::header::HeaderFacts;
use crate::key::{Key, Material};
use crate::policy::Policy;
use crate::provider::SigningContext;
use crate::report::Collector;
use crate::verify::{self, SigError};

mod confusion;
mod cut;
mod failure;
mod fitness;
mod keys;
mod rotation;
mod secret;
mod shape;

pub use confusion::confusion;
pub use cut::cut_short;
pub use keys::{empty_secret, key_invalid, Given, KeyList, Keys};

use failure::{length_mismatch, signature_invalid};
use fitness::fitness;
use keys::Selection;
use rotation::other_key;
use secret::secret_encoding;
use shape::{ecdsa_shape, Shape};

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

/// What trying the keys found, before it is emitted.
struct Attempt {
    outcome: Outcome,
    findings: Vec<Finding>,
    /// Whether a DER-encoded ECDSA signature, converted to r‖s, verifies (when tried).
    der_verifies: Option<bool>,
}

impl Attempt {
    fn ended(skipped: bool, findings: Vec<Finding>) -> Attempt {
        Attempt {
            outcome: Outcome {
                skipped,
                ..Outcome::default()
            },
            findings,
            der_verifies: None,
        }
    }
}

/// What trying the candidate keys in turn found.
struct Tried<'k> {
    outcome: Outcome,
    findings: Vec<Finding>,
    /// The keys crypto ran with (or was handed over for).
    keys: Vec<&'k Key>,
    /// The last failure and the key it came from.
    last_err: Option<(SigError, &'k Key)>,
}

/// How the check runs: the token's parts and what the driver allows.
struct Run<'a> {
    signing_input: &'a [u8],
    sig: &'a [u8],
    /// Run the diagnoses that explain a failure (not on the `verify` path).
    diagnosing: bool,
    /// Leave the asymmetric primitive to the caller (see [`Collector::defers_signature`]).
    defer: bool,
    /// Deferred candidates native crypto already rejected.
    natively_rejected: usize,
    /// What the token says of its provider, for the findings that name it.
    provider: &'a SigningContext,
}

/// Runs the signature check with the policy's keys (`keys`, read once per token by the driver).
pub fn check_signature(
    signing_input: &[u8],
    sig: &[u8],
    facts: &HeaderFacts,
    keys: &Given<'_>,
    p: &Policy,
    provider: &SigningContext,
    out: &mut Collector,
) -> Outcome {
    if sig.is_empty() {
        out.push(Finding::new(
            Code::SignatureMissing,
            "the signature part is empty: the token is not signed",
        ));
        return Attempt::ended(true, Vec::new()).outcome;
    }
    if facts.unsecured {
        // an unsecured token fails the check (with alg_none), whatever its signature part holds
        return Attempt::ended(false, Vec::new()).outcome;
    }
    let shape = facts
        .alg
        .map(|alg| ecdsa_shape(alg, sig))
        .unwrap_or_default();
    let run = Run {
        signing_input,
        sig,
        diagnosing: out.diagnosing(),
        defer: out.defers_signature(),
        natively_rejected: out.natively_rejected(),
        provider,
    };
    let attempt = run.attempt(facts, keys, &shape);
    // in the order of discovery: the signature's shape, the key set's state, then the keys
    out.push_some(shape.psychic);
    out.push_some(shape.der.map(|d| d.finding(attempt.der_verifies)));
    out.push_some(shape.length);
    if let Some(stale) = &p.jwks_stale {
        out.push(
            Finding::new(Code::JwksStale, format!("the remote key set could not be refreshed ({stale}); the last good copy was used"))
                .with("error", stale.as_str()),
        );
    }
    out.extend(attempt.findings);
    attempt.outcome
}

impl Run<'_> {
    /// Selects the candidate keys and tries them.
    fn attempt(&self, facts: &HeaderFacts, keys: &Given<'_>, shape: &Shape) -> Attempt {
        let Some(keys) = keys else {
            return Attempt::ended(
                true,
                vec![Finding::new(
                    Code::SignatureUnchecked,
                    "no key was given, so the signature was not checked",
                )],
            );
        };
        let list = match keys {
            Ok(list) => list,
            Err(e) => return Attempt::ended(false, vec![key_invalid(e)]),
        };
        let Some(alg) = facts.alg else {
            return Attempt::ended(true, Vec::new());
        };
        let candidates = match list.select(alg, facts.kid.as_deref()) {
            Selection::Candidates(c) => c,
            Selection::KidNotFound(kid) => {
                let f = self.provider.kid_not_found(list.kid_not_found(kid));
                if !self.diagnosing {
                    return Attempt::ended(false, vec![f]);
                }
                let other = other_key(
                    alg,
                    self.signing_input,
                    self.sig,
                    &list.keys,
                    &[],
                    Some(kid),
                );
                let mut findings = vec![other.bound(f)];
                findings.extend(other.found);
                return Attempt::ended(false, findings);
            }
            Selection::PublicKeysOnly => return Attempt::ended(false, Vec::new()),
            Selection::Refused(f) if f.code == Code::KidNotFound => {
                return Attempt::ended(false, vec![self.provider.kid_not_found(f)])
            }
            Selection::Refused(f) => return Attempt::ended(false, vec![f]),
        };

        let tried = self.try_keys(alg, &candidates, list);
        if tried.outcome.verified || tried.outcome.key_index.is_some() {
            return Attempt {
                outcome: tried.outcome,
                findings: tried.findings,
                der_verifies: None,
            };
        }
        self.failure(
            alg,
            facts.kid.as_deref(),
            shape,
            list,
            candidates.len(),
            tried,
        )
    }

    /// Tries the candidate keys in turn (at most [`MAX_KEYS_TRIED`]), each after its fitness
    /// check, until one verifies or, with a deferred signature, one is handed over.
    fn try_keys<'k>(&self, alg: Alg, candidates: &[&'k Key], list: &KeyList<'k>) -> Tried<'k> {
        let mut t = Tried {
            outcome: Outcome::default(),
            findings: Vec::new(),
            keys: Vec::new(),
            last_err: None,
        };
        let mut handed_over = 0;
        for k in candidates.iter().copied().take(MAX_KEYS_TRIED) {
            let fit = fitness(alg, k);
            t.findings.extend(fit.findings);
            if !fit.usable {
                continue;
            }
            t.keys.push(k);
            // HMAC stays here: crossing to native crypto costs more than the MAC itself. A key
            // native crypto already rejected, or whose length the signature cannot have,
            // counts as tried and failed; the next one is handed over.
            if self.defer && !alg.is_hmac() {
                if let Err(e) = verify::precheck(alg, &k.material, self.sig) {
                    t.last_err = Some((e, k));
                } else if handed_over < self.natively_rejected {
                    handed_over += 1;
                    t.last_err = Some((SigError::Invalid, k));
                } else {
                    t.outcome.key_index = list.index_of(k);
                    break;
                }
                continue;
            }
            match verify::verify(alg, &k.material, self.signing_input, self.sig) {
                Ok(()) => {
                    t.outcome.verified = true;
                    t.outcome.key_index = list.index_of(k);
                    t.outcome.kid = k.kid.clone();
                    t.outcome.thumbprint = k.thumbprint.clone();
                    break;
                }
                Err(e) => t.last_err = Some((e, k)),
            }
        }
        t.outcome.keys_tried = t.keys.len();
        t
    }

    /// No key verified: the finding that says so, and, when diagnosing, why (a DER signature
    /// that verifies once converted, another key of the set, a secret encoded differently).
    fn failure(
        &self,
        alg: Alg,
        kid: Option<&str>,
        shape: &Shape,
        list: &KeyList<'_>,
        candidates: usize,
        tried: Tried<'_>,
    ) -> Attempt {
        let mut attempt = Attempt {
            outcome: tried.outcome,
            findings: tried.findings,
            der_verifies: None,
        };
        let Some((err, last)) = tried.last_err else {
            return attempt;
        };
        let tried = tried.keys;
        let other = (self.diagnosing && list.from_set)
            .then(|| other_key(alg, self.signing_input, self.sig, &list.keys, &tried, kid));
        match err {
            SigError::Length { .. } if alg.family == Family::Ecdsa => {
                // the conversion is tried with every key: a diagnosis, not part of a bounded verify
                if let Some(der) = shape.der.as_ref().filter(|_| self.diagnosing) {
                    attempt.der_verifies = Some(tried.iter().any(|k| {
                        verify::verify(alg, &k.material, self.signing_input, &der.raw).is_ok()
                    }));
                }
            }
            SigError::Length { expected, actual } => attempt.findings.push(length_mismatch(
                alg,
                expected,
                actual,
                tried.len(),
                list.from_set,
            )),
            _ if shape.psychic.is_some() => {}
            _ => {
                let f = self.provider.signature_invalid(signature_invalid(
                    alg,
                    tried.len(),
                    last,
                    candidates,
                ));
                attempt.findings.push(match &other {
                    Some(o) => o.bound(f),
                    None => f,
                });
            }
        }
        if self.diagnosing {
            if let Material::Secret(secret) = &last.material {
                attempt
                    .findings
                    .extend(secret_encoding(alg, secret, self.signing_input, self.sig));
            }
        }
        attempt.findings.extend(other.and_then(|o| o.found));
        attempt
    }
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
