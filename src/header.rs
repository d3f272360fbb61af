//! Header checks: the algorithm (known, secured, allowed), `crit`, keys embedded in the
//! header, and suspicious `kid` values.

use serde_json::Value;

use crate::alg::{Alg, Family};
use crate::findings::{Check, Code, Finding};
use crate::json::Object;
use crate::report::Collector;

/// What the rest of the checks need from the header.
#[derive(Clone, Debug, Default)]
pub struct HeaderFacts {
    /// The `alg` string as given.
    pub alg_name: Option<String>,
    /// The algorithm, when it is a known, secured one (not `none`).
    pub alg: Option<Alg>,
    /// The `kid`, when a string.
    pub kid: Option<String>,
    /// The token is unsecured (`alg: none` in any case).
    pub unsecured: bool,
}

/// Patterns that have no business in a key id: path traversal, quotes, SQL, shell.
const SUSPICIOUS_KID: [(&str, &str); 14] = [
    ("../", "path traversal"),
    ("..\\", "path traversal"),
    ("/dev/", "a device path"),
    ("/etc/", "a system path"),
    ("'", "a quote"),
    ("\"", "a quote"),
    ("--", "an SQL comment"),
    (" union ", "SQL"),
    (" or ", "SQL"),
    (";", "a command separator"),
    ("|", "a shell pipe"),
    ("`", "shell command substitution"),
    ("$(", "shell command substitution"),
    ("&&", "a shell operator"),
];

fn suspicious_kid(kid: &str) -> Option<(&'static str, &'static str)> {
    let lower = kid.to_ascii_lowercase();
    if kid.chars().any(char::is_control) {
        return Some(("\\0", "a control character"));
    }
    SUSPICIOUS_KID
        .iter()
        .copied()
        .find(|(pat, _)| lower.contains(pat))
}

/// The algorithms allowed when the caller gave none (inspect only): every secured algorithm.
fn allowed_names(allowed: Option<&[Alg]>) -> Vec<&'static str> {
    match allowed {
        Some(list) => list.iter().map(|a| a.name).collect(),
        None => Vec::new(),
    }
}

/// `alg_not_allowed` for a known algorithm the allow-list does not hold. When the token claims
/// HMAC against a public key (`confused`, named by `alg_confusion`), the fix is to keep HMAC
/// out, not to add it.
pub fn not_allowed(alg: Alg, allowed: Option<&[Alg]>, confused: bool) -> Option<Finding> {
    let list = allowed.filter(|list| !list.contains(&alg))?;
    let names = allowed_names(Some(list));
    let f = Finding::new(
        Code::AlgNotAllowed,
        format!(
            "the token is signed with {}, but only {} {} allowed",
            alg.name,
            crate::findings::and_list(&names),
            if names.len() == 1 { "is" } else { "are" }
        ),
    )
    .with("alg", alg.name)
    .with("allowed", names);
    Some(if confused {
        f.hint(format!(
            "keep {} out of `algorithms` next to a public key: see alg_confusion for whether this token is a forgery or a configuration mismatch",
            alg.name
        ))
    } else {
        f
    })
}

/// Checks the header and returns the facts the signature check needs. The allow-list is
/// [`not_allowed`], run by the driver after the algorithm-confusion check it defers to.
pub fn check_header(header: &Object, allowed: Option<&[Alg]>, out: &mut Collector) -> HeaderFacts {
    let mut facts = HeaderFacts::default();
    match header.get("alg") {
        None => out.push(
            Finding::new(Code::AlgNotAllowed, "the header has no alg").with("alg", Value::Null),
        ),
        Some(Value::String(name)) => {
            facts.alg_name = Some(name.clone());
            if Alg::is_none_name(name) {
                facts.unsecured = true;
                out.push(
                    Finding::new(
                        Code::AlgNone,
                        format!("the token is unsecured (alg {name:?}): anyone can write one, it proves nothing"),
                    )
                    .with("alg", name.as_str()),
                );
            } else {
                match Alg::by_name(name) {
                    None => {
                        let close = crate::alg::ALGORITHMS.iter().find(|a| {
                            a.name.eq_ignore_ascii_case(name) && a.family != Family::None
                        });
                        let extra = close.map_or(String::new(), |a| {
                            format!(" (algorithm names are case-sensitive: {})", a.name)
                        });
                        out.push(
                            Finding::new(Code::AlgNotAllowed, format!("the token's alg {name:?} is not a JWS algorithm jwt-doctor knows{extra}"))
                                .with("alg", name.as_str())
                                .with("allowed", allowed_names(allowed)),
                        );
                    }
                    Some(alg) => facts.alg = Some(alg),
                }
            }
        }
        Some(v) => out.push(
            Finding::new(
                Code::AlgNotAllowed,
                format!("the header's alg is {v}, not a string"),
            )
            .with("alg", v.clone()),
        ),
    }

    match header.get("kid") {
        Some(Value::String(kid)) => {
            facts.kid = Some(kid.clone());
            if let Some((pattern, what)) = suspicious_kid(kid) {
                out.push(
                    Finding::new(
                        Code::KidSuspicious,
                        format!("the kid {kid:?} contains {what} ({pattern:?})"),
                    )
                    .with("kid", kid.as_str())
                    .with("pattern", pattern),
                );
            }
        }
        Some(v) => out.push(
            Finding::new(
                Code::KidSuspicious,
                format!("the kid is {}, not a string", crate::json::kind(v)),
            )
            .with("kid", v.clone())
            .with("pattern", "type"),
        ),
        None => {}
    }

    let embedded: Vec<&str> = ["jwk", "jku", "x5u", "x5c"]
        .into_iter()
        .filter(|m| header.contains_key(m))
        .collect();
    if !embedded.is_empty() {
        out.push(
            Finding::new(
                Code::EmbeddedKeyIgnored,
                format!(
                    "the header carries {}: ignored, only your configured keys are used",
                    embedded.join(", ")
                ),
            )
            .with("members", embedded),
        );
    }

    if let Some(crit) = header.get("crit") {
        let names: Vec<Value> = crit
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![crit.clone()]);
        let b64 = header.get("b64").cloned();
        out.push(
            Finding::new(
                Code::CritUnsupported,
                format!(
                    "the header marks {} as critical; jwt-doctor implements no crit extension",
                    Value::Array(names.clone())
                ),
            )
            .with("crit", names)
            .with("b64", b64.unwrap_or(Value::Null)),
        );
    } else if header.get("b64") == Some(&Value::Bool(false)) {
        out.push(
            Finding::new(Code::CritUnsupported, "the header sets b64: false (RFC 7797 unencoded payload), which jwt-doctor does not implement")
                .in_check(Check::Crit)
                .with("crit", Value::Null)
                .with("b64", false),
        );
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspicious_kids() {
        assert!(suspicious_kid("../../dev/null").is_some());
        assert!(suspicious_kid("x' OR '1'='1").is_some());
        assert!(suspicious_kid("key|whoami").is_some());
        assert!(suspicious_kid("key-2024-02").is_none());
        assert!(suspicious_kid("a1b2c3d4e5f6").is_none());
    }
}
