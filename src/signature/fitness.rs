//! Whether a candidate key may check a token's signature: its kind against the algorithm, its
//! JWK `use`, `key_ops` and `alg`, its strength, and how it was read (a private key, a
//! repaired text).

use crate::alg::{Alg, MIN_RSA_BITS};
use crate::findings::{Code, Finding};
use crate::key::{Key, KeyNote, Material};

use super::keys::empty_secret;

/// What a key's fitness check found, and whether crypto may run with the key.
pub(super) struct Fitness {
    pub findings: Vec<Finding>,
    pub usable: bool,
}

/// How the key was read: a private key given where a public key belongs, a repaired text.
fn notes(k: &Key, findings: &mut Vec<Finding>) {
    for note in &k.notes {
        match note {
            KeyNote::PrivateKey { format } => findings.push(
                Finding::new(
                    Code::PrivateKeySupplied,
                    format!("a private key ({format}) was given where a public key belongs; its public half was used"),
                )
                .with("format", *format)
                .with("kid", k.kid.clone()),
            ),
            KeyNote::Repaired(r) => findings.push(
                Finding::new(
                    Code::KeyRepaired,
                    format!("the key text was repaired before it parsed ({})", r.as_str().replace('_', " ")),
                )
                .with("reason", r.as_str()),
            ),
            KeyNote::Certificate | KeyNote::PssParameters => {}
        }
    }
}

/// The kind of key the algorithm needs. An HMAC token against a public key is not judged
/// here: the algorithm check names it (`alg_confusion`).
fn kind(alg: Alg, k: &Key) -> Option<Finding> {
    let kind = k.material.kind();
    if alg.accepts(kind) || alg.is_hmac() {
        return None;
    }
    Some(
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
    )
}

/// The JWK's `use`, `key_ops` and `alg` members against a signature with `alg`.
fn jwk_members(alg: Alg, k: &Key, findings: &mut Vec<Finding>) {
    if let Some(u) = k.key_use.as_deref().filter(|u| *u != "sig") {
        findings.push(
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
        findings.push(
            Finding::new(
                Code::JwkUseMismatch,
                format!("the JWK's key_ops {ops:?} do not include \"verify\""),
            )
            .with("keyOps", ops.clone())
            .with("kid", k.kid.clone()),
        );
    }
    if let Some(a) = k.alg.as_deref().filter(|a| !alg.fits_key_alg(a)) {
        let message = if k.notes.contains(&KeyNote::PssParameters) {
            format!(
                "the key's RSASSA-PSS parameters allow only {a}, but the token uses {}",
                alg.name
            )
        } else {
            format!(
                "the JWK is published for {a}, but the token uses {}",
                alg.name
            )
        };
        findings.push(
            Finding::new(Code::JwkAlgMismatch, message)
                .with("jwkAlg", a)
                .with("alg", alg.name)
                .with("kid", k.kid.clone()),
        );
    }
}

/// An RSA key below the minimum size, an empty or short HMAC secret.
fn strength(alg: Alg, material: &Material, bits: Option<usize>) -> Option<Finding> {
    match material {
        Material::Rsa(_) => bits.filter(|b| *b < MIN_RSA_BITS).map(|bits| {
            Finding::new(
                Code::KeyTooWeak,
                format!("the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"),
            )
            .with("bits", bits)
            .with("minimum", MIN_RSA_BITS)
        }),
        Material::Secret(s) if s.is_empty() => Some(empty_secret()),
        Material::Secret(s) => {
            let want = alg.hash.map_or(32, |h| h.output_len());
            (s.len() < want).then(|| {
                Finding::new(
                    Code::HmacSecretShort,
                    format!(
                        "the HMAC secret has {} bytes; {} needs at least {want} (RFC 7518 §3.2)",
                        s.len(),
                        alg.name
                    ),
                )
                .with("bytes", s.len())
                .with("minimum", want)
            })
        }
        _ => None,
    }
}

/// The fitness of one candidate key for the algorithm.
pub(super) fn fitness(alg: Alg, k: &Key) -> Fitness {
    let mut findings = Vec::new();
    notes(k, &mut findings);
    if !alg.accepts(k.material.kind()) {
        findings.extend(kind(alg, k));
        return Fitness {
            findings,
            usable: false,
        };
    }
    jwk_members(alg, k, &mut findings);
    findings.extend(strength(alg, &k.material, k.bits));
    let usable = !matches!(&k.material, Material::Secret(s) if s.is_empty());
    Fitness { findings, usable }
}
