//! Claim checks: times (exp, nbf, iat, lifetimes, age) with `now` and `leeway` passed in, the
//! expected iss/aud/sub/typ with near-miss diagnosis, and required claims.

use serde_json::Value;

use crate::findings::{Check, Code, Finding};
use crate::json::{kind, Object};
use crate::policy::{OneOrMany, Policy};
use crate::provider;
use crate::report::Collector;
use crate::time::{duration, iso8601, relative};

/// A miss this small (seconds) suggests the clocks disagree rather than a stale token.
pub const SKEW_WINDOW: f64 = 300.0;
/// NumericDates above this are milliseconds (year 5138 in seconds).
pub const MILLISECONDS_THRESHOLD: f64 = 100_000_000_000.0;
/// Lifetimes below this (seconds) get `short_lifetime`.
pub const SHORT_LIFETIME: f64 = 60.0;
/// Lifetimes above this (seconds) get `long_lifetime`.
pub const LONG_LIFETIME: f64 = 86_400.0;

/// The time claims that were usable numbers of seconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeClaims {
    /// `exp`.
    pub exp: Option<f64>,
    /// `nbf`.
    pub nbf: Option<f64>,
    /// `iat`.
    pub iat: Option<f64>,
}

fn check_of(claim: &str) -> Check {
    match claim {
        "nbf" => Check::Nbf,
        "iat" => Check::Iat,
        "iss" => Check::Iss,
        "aud" => Check::Aud,
        "sub" => Check::Sub,
        _ => Check::Exp,
    }
}

/// Reads one NumericDate, reporting wrong types and milliseconds.
fn numeric_date(payload: &Object, claim: &str, out: &mut Collector) -> Option<f64> {
    let value = payload.get(claim)?;
    let check = check_of(claim);
    let Some(n) = value.as_f64() else {
        let mut f = Finding::new(
            Code::ClaimTypeInvalid,
            format!(
                "{claim} is {} ({value}); a NumericDate must be a JSON number of seconds",
                kind(value)
            ),
        )
        .in_check(check)
        .with("claim", claim)
        .with("type", kind(value))
        .with("value", value.clone());
        if let Some(s) = value.as_str() {
            if s.trim().parse::<f64>().is_ok() {
                f = f.hint(format!(
                    "the issuer sends {claim} as a string: send the number {} without quotes",
                    s.trim()
                ));
            }
        }
        out.push(f);
        return None;
    };
    if n.abs() >= MILLISECONDS_THRESHOLD {
        let seconds = n / 1000.0;
        let when = iso8601(seconds).unwrap_or_else(|| "out of range".into());
        out.push(
            Finding::new(
                Code::TimestampMilliseconds,
                format!("{claim} is {value}: that is milliseconds ({when} as seconds would be {seconds})"),
            )
            .in_check(check)
            .with("claim", claim)
            .with("value", value.clone())
            .with("seconds", seconds)
            .with("at", when),
        );
        return None;
    }
    Some(n)
}

/// One `clock_skew_suspected` per token: the claims that missed by at most [`SKEW_WINDOW`] and
/// show a clock (nbf or iat in the future: the issuer's clock ahead of the verifier's), the
/// biggest miss, and the leeway that accepts them all. An exp missed by a little is no such
/// evidence (most often a client that sent the token late), so it gets no leeway advice.
fn skew(misses: &[(&'static str, f64, Check)]) -> Option<Finding> {
    let &(claim, miss, check) = misses.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let leeway_needed = leeway_needed(miss, false);
    let claims: Vec<&str> = misses.iter().map(|m| m.0).collect();
    Some(
        Finding::new(
            Code::ClockSkewSuspected,
            format!(
                "{} in the future by only {}: the issuer's clock probably runs ahead of the verifier's; sync the clocks (NTP), or a leeway of {leeway_needed} s would accept it",
                crate::findings::and_list(&claims),
                duration(miss)
            ),
        )
        .in_check(check)
        .with("claim", claim)
        .with("claims", claims)
        .with("offsetSeconds", miss)
        .with("leewayNeeded", leeway_needed),
    )
}

/// The whole seconds of leeway that make `miss` pass, where passing needs `leeway > miss`
/// (strict) or `leeway >= miss`.
fn leeway_needed(miss: f64, strict: bool) -> f64 {
    let l = miss.ceil();
    if strict && l == miss {
        l + 1.0
    } else {
        l.max(0.0)
    }
}

/// Checks exp, nbf, iat, lifetimes and token age. Returns the usable time claims.
pub fn check_times(payload: &Object, p: &Policy, out: &mut Collector) -> TimeClaims {
    let t = TimeClaims {
        exp: numeric_date(payload, "exp", out),
        nbf: numeric_date(payload, "nbf", out),
        iat: numeric_date(payload, "iat", out),
    };
    let (now, leeway) = (p.now, p.leeway);
    // nbf and iat misses small enough to be a clock: one clock_skew_suspected for them all
    let mut misses: Vec<(&'static str, f64, Check)> = Vec::new();

    if let Some(exp) = t.exp {
        // exp passes iff now < exp + leeway; exp == now is expired.
        if now >= exp + leeway {
            let miss = now - exp;
            let at = iso8601(exp).unwrap_or_default();
            out.push(
                Finding::new(
                    Code::Expired,
                    format!("the token expired {} (exp {at})", relative(-miss)),
                )
                .with("claim", "exp")
                .with("value", exp)
                .with("at", at)
                .with("secondsAgo", miss),
            );
        }
    } else if !payload.contains_key("exp") && !p.required_claims.iter().any(|c| c == "exp") {
        out.push(Finding::new(
            Code::NoExpiry,
            "the token has no exp claim: it never expires",
        ));
    }

    if let Some(nbf) = t.nbf {
        // nbf passes iff now >= nbf - leeway.
        if now < nbf - leeway {
            let miss = nbf - now;
            let at = iso8601(nbf).unwrap_or_default();
            out.push(
                Finding::new(
                    Code::NotYetValid,
                    format!("the token is not valid until {at}, {}", relative(miss)),
                )
                .with("claim", "nbf")
                .with("value", nbf)
                .with("at", at)
                .with("secondsAhead", miss),
            );
            if miss <= SKEW_WINDOW {
                misses.push(("nbf", miss, Check::Nbf));
            }
        }
    }

    if let Some(iat) = t.iat {
        // iat fails iff iat > now + leeway.
        if iat > now + leeway {
            let miss = iat - now;
            let at = iso8601(iat).unwrap_or_default();
            out.push(
                Finding::new(
                    Code::IssuedInFuture,
                    format!(
                        "the token claims to be issued {} ({at}), after now",
                        relative(miss)
                    ),
                )
                .with("claim", "iat")
                .with("value", iat)
                .with("at", at)
                .with("secondsAhead", miss),
            );
            if miss <= SKEW_WINDOW {
                misses.push(("iat", miss, Check::Iat));
            }
        }
        if let Some(max_age) = p.max_token_age {
            let age = now - iat;
            if age - leeway > max_age {
                out.push(
                    Finding::new(
                        Code::TokenTooOld,
                        format!(
                            "the token was issued {} ago, more than maxTokenAge ({})",
                            duration(age),
                            duration(max_age)
                        ),
                    )
                    .with("claim", "iat")
                    .with("value", iat)
                    .with("at", iso8601(iat).unwrap_or_default())
                    .with("ageSeconds", age)
                    .with("maxTokenAge", max_age),
                );
            }
        }
    } else if p.max_token_age.is_some() && !payload.contains_key("iat") {
        out.push(
            Finding::new(
                Code::ClaimMissing,
                "maxTokenAge is set but the token has no iat claim",
            )
            .in_check(Check::Iat)
            .with("claim", "iat"),
        );
    }
    out.push_some(skew(&misses));

    if let (Some(exp), Some(start)) = (t.exp, t.iat.or(t.nbf)) {
        let life = exp - start;
        let from = if t.iat.is_some() { "iat" } else { "nbf" };
        if life < SHORT_LIFETIME {
            out.push(
                Finding::new(
                    Code::ShortLifetime,
                    format!("the token lives only {} (exp - {from})", duration(life)),
                )
                .with("lifetimeSeconds", life),
            );
        } else if life > LONG_LIFETIME {
            out.push(
                Finding::new(
                    Code::LongLifetime,
                    format!("the token lives {} (exp - {from})", duration(life)),
                )
                .with("lifetimeSeconds", life),
            );
        }
    }
    t
}

/// How an actual value nearly equals an expected one.
pub fn near_miss(actual: &str, expected: &str) -> Option<&'static str> {
    fn scheme_less(s: &str) -> &str {
        s.strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .unwrap_or(s)
    }
    fn split_url(s: &str) -> Option<(&str, &str)> {
        let rest = s.split_once("://")?.1;
        Some(match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        })
    }
    if actual.trim_end_matches('/') == expected.trim_end_matches('/') {
        return Some("trailing_slash");
    }
    if actual.eq_ignore_ascii_case(expected) {
        return Some("case");
    }
    if scheme_less(actual) == scheme_less(expected) {
        return Some("scheme");
    }
    if let (Some((ha, pa)), Some((he, pe))) = (split_url(actual), split_url(expected)) {
        if pa.trim_end_matches('/') == pe.trim_end_matches('/') && !ha.eq_ignore_ascii_case(he) {
            return Some("host");
        }
    }
    None
}

fn near_miss_words(kind: &str) -> &'static str {
    match kind {
        "trailing_slash" => " (they differ only by a trailing slash)",
        "case" => " (they differ only in letter case)",
        "scheme" => " (they differ only by http/https)",
        "host" => " (same path on another host: a token from another environment?)",
        _ => "",
    }
}

/// An ID token sent where an access token (RFC 9068 `at+jwt`) is expected shows itself by the
/// claims only ID tokens carry (`nonce`, `at_hash`, Cognito's `token_use: "id"`): said, with
/// the fix, on the `typ` mismatch.
fn id_token_evidence(f: Finding, payload: &Object, access_expected: bool) -> Finding {
    let marks: Vec<&str> = ["nonce", "at_hash", "auth_time"]
        .into_iter()
        .filter(|c| payload.contains_key(c))
        .chain(
            (payload.get("token_use").and_then(Value::as_str) == Some("id")).then_some("token_use"),
        )
        .collect();
    if !access_expected || marks.is_empty() {
        return f;
    }
    let mut f = f.with("idToken", true).with("evidence", marks.clone()).hint(
        "the client sent its ID token (proof of login, for the client) where an access token (for this API) belongs: send the access token the authorization server issued with it",
    );
    f.message.push_str(&format!(
        ": this is an ID token ({} present)",
        marks.join(", ")
    ));
    f
}

fn missing(claim: &str, check: Check, why: &str) -> Finding {
    Finding::new(
        Code::ClaimMissing,
        format!("the token has no {claim} claim, but {why}"),
    )
    .in_check(check)
    .with("claim", claim)
}

fn wrong_type(claim: &str, value: &Value, want: &str) -> Finding {
    Finding::new(
        Code::ClaimTypeInvalid,
        format!("{claim} is {}; it must be {want}", kind(value)),
    )
    .in_check(check_of(claim))
    .with("claim", claim)
    .with("type", kind(value))
    .with("value", value.clone())
}

/// Checks iss, aud, sub (types always; values when expected), the header's typ, and the
/// required claims.
pub fn check_claims(header: &Object, payload: &Object, p: &Policy, out: &mut Collector) {
    check_issuer(payload, p.issuer.as_ref(), out);
    check_audience(payload, p.audience.as_ref(), out);

    match (payload.get("sub"), &p.subject) {
        (Some(v), _) if !v.is_string() => out.push(wrong_type("sub", v, "a string")),
        (None, Some(_)) => out.push(missing("sub", Check::Sub, "a subject is expected")),
        (Some(Value::String(actual)), Some(expected)) if actual != expected => {
            out.push(provider::explain(
                Finding::new(
                    Code::SubjectMismatch,
                    format!("sub is {actual:?}, expected {expected:?}"),
                )
                .with("expected", expected.as_str())
                .with("actual", actual.as_str()),
                &provider::Failure {
                    check: "sub",
                    header: Some(header),
                    payload: Some(payload),
                    actual: &[actual.as_str()],
                    expected: std::slice::from_ref(expected),
                    near: None,
                },
            ))
        }
        _ => {}
    }

    if let Some(expected) = &p.typ {
        let norm = |s: &str| {
            let l = s.to_ascii_lowercase();
            l.strip_prefix("application/")
                .map(str::to_string)
                .unwrap_or(l)
        };
        let f = match header.get("typ") {
            Some(Value::String(actual)) if norm(actual) == norm(expected) => None,
            Some(v) => Some(
                Finding::new(
                    Code::TypMismatch,
                    format!("the header's typ is {v}, expected {expected:?}"),
                )
                .with("actual", v.clone()),
            ),
            None => Some(
                Finding::new(
                    Code::TypMismatch,
                    format!("the header has no typ, expected {expected:?}"),
                )
                .with("actual", Value::Null),
            ),
        };
        if let Some(f) = f {
            let typ = header.get("typ").and_then(Value::as_str);
            out.push(provider::explain(
                id_token_evidence(
                    f.with("expected", expected.as_str()),
                    payload,
                    norm(expected) == "at+jwt",
                ),
                &provider::Failure {
                    check: "typ",
                    header: Some(header),
                    payload: Some(payload),
                    actual: typ.as_slice(),
                    expected: std::slice::from_ref(expected),
                    near: None,
                },
            ));
        }
    }

    for claim in &p.required_claims {
        if !payload.contains_key(claim) {
            out.push(provider::explain(
                Finding::new(
                    Code::ClaimMissing,
                    format!("the required claim {claim:?} is absent"),
                )
                .with("claim", claim.as_str()),
                &provider::Failure {
                    check: "required",
                    header: Some(header),
                    payload: Some(payload),
                    actual: &[],
                    expected: std::slice::from_ref(claim),
                    near: None,
                },
            ));
        }
    }
}

fn check_issuer(payload: &Object, expected: Option<&OneOrMany>, out: &mut Collector) {
    let actual = match payload.get("iss") {
        None => {
            if expected.is_some() {
                out.push(missing("iss", Check::Iss, "an issuer is expected"));
            }
            return;
        }
        Some(Value::String(s)) => s,
        Some(v) => {
            out.push(wrong_type("iss", v, "a string"));
            return;
        }
    };
    let Some(expected) = expected else { return };
    let values = expected.values();
    if values.contains(actual) {
        return;
    }
    let near = values.iter().find_map(|e| near_miss(actual, e));
    let mix = provider::issuer_mix_up(payload, actual, values, near);
    let shown = expected_words(values);
    let f = Finding::new(
        Code::IssuerMismatch,
        format!(
            "iss is {actual:?}, expected {shown}{}",
            difference(mix.as_ref(), near)
        ),
    )
    .with("expected", expected.to_json())
    .with("actual", actual.as_str());
    out.push(with_provider(
        f,
        mix,
        near,
        // the token's provider only: an issuer that merely looks like one is never named
        provider::of_token(payload),
    ));
}

/// The expected value(s) of a mismatch, as its message shows them.
fn expected_words(values: &[String]) -> String {
    match values {
        [one] => format!("{one:?}"),
        _ => format!("one of {values:?}"),
    }
}

/// What a mismatch's message adds about the difference: the provider's mix-up, else the
/// generic near miss.
fn difference<'a>(mix: Option<&'a provider::MixUp>, near: Option<&'static str>) -> &'a str {
    mix.map_or_else(|| near.map_or("", near_miss_words), |m| m.words.as_str())
}

/// `detail.nearMiss` and `detail.provider` of a claim mismatch: a provider's own mix-up (with
/// its words and fix) wins over the generic near miss.
fn with_provider(
    f: Finding,
    mix: Option<provider::MixUp>,
    near: Option<&'static str>,
    recognised: Option<&'static provider::Provider>,
) -> Finding {
    match mix {
        Some(m) => f
            .with("nearMiss", m.near_miss)
            .with("provider", m.provider)
            .hint(m.hint),
        None => f
            .with("nearMiss", near.map_or(Value::Null, Value::from))
            .with(
                "provider",
                recognised.map_or(Value::Null, |p| Value::from(p.as_str())),
            ),
    }
}

fn check_audience(payload: &Object, expected: Option<&OneOrMany>, out: &mut Collector) {
    let raw = match payload.get("aud") {
        None => {
            if expected.is_some() {
                let f = missing("aud", Check::Aud, "an audience is expected");
                let mix = expected
                    .and_then(|e| provider::audience_mix_up(payload, &[], e.values(), None));
                out.push(match mix {
                    Some(m) => {
                        let words = m.words.clone();
                        let mut f = with_provider(f, Some(m), None, None);
                        f.message.push_str(&words);
                        f
                    }
                    None => f,
                });
            }
            return;
        }
        Some(v) => v,
    };
    let strings = match raw {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(Value::is_string),
        _ => false,
    };
    if !strings {
        out.push(wrong_type("aud", raw, "a string or an array of strings"));
        return;
    }
    let Some(expected) = expected else { return };
    let values = expected.values();
    let accepted = |a: &str| values.iter().any(|v| v == a);
    let hit = match raw {
        Value::Array(items) => items.iter().filter_map(Value::as_str).any(accepted),
        _ => raw.as_str().is_some_and(accepted),
    };
    if hit {
        return;
    }
    let actual: Vec<&str> = match raw {
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => raw.as_str().into_iter().collect(),
    };
    let near = actual
        .iter()
        .find_map(|a| values.iter().find_map(|e| near_miss(a, e)));
    let mix = provider::audience_mix_up(payload, &actual, values, near);
    let shown = expected_words(values);
    let got = if raw.is_array() {
        format!("aud is {raw}")
    } else {
        format!("aud is {:?}", actual[0])
    };
    let f = Finding::new(
        Code::AudienceMismatch,
        format!(
            "{got}, which does not contain {shown}{}",
            difference(mix.as_ref(), near)
        ),
    )
    .with("expected", expected.to_json())
    .with("actual", raw.clone());
    out.push(with_provider(f, mix, near, provider::of_token(payload)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        assert_eq!(
            near_miss("https://a.example/", "https://a.example"),
            Some("trailing_slash")
        );
        assert_eq!(
            near_miss("https://A.example", "https://a.example"),
            Some("case")
        );
        assert_eq!(
            near_miss("http://a.example", "https://a.example"),
            Some("scheme")
        );
        assert_eq!(
            near_miss(
                "http://localhost:8080/realms/x",
                "https://auth.example.com/realms/x"
            ),
            Some("host")
        );
        assert_eq!(
            near_miss("https://a.example/x", "https://a.example/y"),
            None
        );
        assert_eq!(near_miss("a", "b"), None);
    }

    #[test]
    fn leeway_rounding() {
        assert_eq!(leeway_needed(30.0, true), 31.0);
        assert_eq!(leeway_needed(30.5, true), 31.0);
        assert_eq!(leeway_needed(30.0, false), 30.0);
    }
}
