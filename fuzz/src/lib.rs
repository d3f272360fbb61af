//! The fuzz harnesses of jwt-doctor: one function per target, each feeding arbitrary bytes to
//! one input surface and asserting the invariants of SPEC §7 (a panic is a finding).
//!
//! The same functions replay the committed reproducers in `fuzz/regressions/<target>/` during a
//! normal `cargo test` (`tests/hostile_regressions.rs` includes this file by path), so a crash
//! found once stays fixed without cargo-fuzz or a nightly feature.
//!
//! Invariants, for every input:
//! - nothing panics, and what is returned is bounded by the input (a repaired token is never
//!   longer than the received one; a parsed part respects the depth and member limits; an
//!   imported RSA key is at most 16384 bits; a key set holds at most 100 members);
//! - a report lists the 13 checks in their fixed order, its findings are sorted by check then
//!   severity, and `valid` implies a verified signature and no error finding;
//! - a report holds neither the HMAC secret nor the full token (safe to log).

use jwt_doctor::internals::parse_object;
use jwt_doctor::internals::{self as key, Imported, Material};
use jwt_doctor::internals::{decode_part, repair, split, Part};
use jwt_doctor::limits::{MAX_DEPTH, MAX_VALUES};
use jwt_doctor::Policy;
use jwt_doctor::Report;
use jwt_doctor::{limits, KeyInput, SecretEncoding};
use jwt_doctor::{run, Mode};
use jwt_doctor::{Check, Severity};
use serde_json::Value;

/// A harness: takes the fuzz input, panics when an invariant breaks.
pub type Harness = fn(&[u8]);

/// The fuzz targets, by name: the directory names under `fuzz/regressions/`.
pub const TARGETS: [(&str, Harness); 4] = [
    ("token", token),
    ("key_import", key_import),
    ("inspect", inspect),
    ("options", options),
];

/// The HMAC secret of RFC 7515 A.1 (base64url), the one secret the fixed keys hold.
pub const SECRET_B64: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";

/// A time at which the RFC 7515 examples have not expired.
pub const NOW: f64 = 1_300_819_000.0;

/// Public test keys of every family, as JWK JSON: RFC 7515 A.1 (oct), A.2 (RSA 2048),
/// A.3 (P-256), A.4 (P-521), RFC 8037 A (Ed25519) and PyJWT's P-384 fixture.
pub const KEYS: [(&str, &str); 6] = [
    (
        "hs",
        r#"{"kty":"oct","kid":"hs","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#,
    ),
    (
        "rsa",
        r#"{"kty":"RSA","kid":"rsa","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ","e":"AQAB"}"#,
    ),
    (
        "p256",
        r#"{"kty":"EC","kid":"p256","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
    ),
    (
        "p384",
        r#"{"kty":"EC","kid":"p384","crv":"P-384","x":"IDC-5s6FERlbC4Nc_4JhKW8sd51AhixtMdNUtPxhRFP323QY6cwWeIA3leyZhz-J","y":"eovmN9ocANS8IJxDAGSuC1FehTq5ZFLJU7XSPg36zHpv4H2byKGEcCBiwT4sFJsy"}"#,
    ),
    (
        "p521",
        r#"{"kty":"EC","kid":"p521","crv":"P-521","x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk","y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"}"#,
    ),
    (
        "ed25519",
        r#"{"kty":"OKP","kid":"ed25519","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    ),
];

/// Reads a fuzz input as text the way a JavaScript caller's string arrives: lossily.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Nesting depth of a JSON value (an object or array counts 1, a scalar 0).
fn depth(v: &Value) -> usize {
    match v {
        Value::Object(m) => 1 + m.values().map(depth).max().unwrap_or(0),
        Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Members and array elements at every level.
fn values(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.len() + m.values().map(values).sum::<usize>(),
        Value::Array(a) => a.len() + a.iter().map(values).sum::<usize>(),
        _ => 0,
    }
}

fn offset(f: &jwt_doctor::Finding, name: &str) -> usize {
    f.detail
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or_else(|| panic!("{} without a numeric detail.{name}", f.code.as_str()))
}

fn parse(bytes: &[u8], part: Part) {
    match parse_object(bytes, part) {
        Ok(map) => {
            let v = Value::Object(map.into_map());
            assert!(depth(&v) <= MAX_DEPTH, "accepted depth {}", depth(&v));
            assert!(values(&v) <= MAX_VALUES, "accepted {} values", values(&v));
        }
        Err(f) => {
            assert_eq!(f.severity, Severity::Error, "{}", f.code.as_str());
            assert_eq!(f.detail.get("part"), Some(&Value::from(part.as_str())));
            assert!(offset(&f, "offset") <= bytes.len(), "offset past the end");
        }
    }
}

/// Target `token`: transit repair, splitting, strict base64url and JSON decoding.
pub fn token(data: &[u8]) {
    let received = text(data);
    let transit = repair(&received);
    assert!(
        transit.token.len() <= received.len(),
        "repair grew the token"
    );
    for t in [received.as_str(), transit.token.as_ref()] {
        let Ok(parts) = split(t) else { continue };
        assert_eq!(
            format!("{}.{}", parts.signing_input, parts.signature),
            t,
            "split lost bytes"
        );
        assert_eq!(
            parts.signing_input,
            format!("{}.{}", parts.header, parts.payload)
        );
        for part in [Part::Header, Part::Payload, Part::Signature] {
            let encoded = parts.get(part);
            match decode_part(&parts, part) {
                Ok(bytes) => {
                    use base64::Engine as _;
                    // strict: only the canonical encoding of the bytes is accepted
                    assert_eq!(
                        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes),
                        encoded
                    );
                    if part != Part::Signature {
                        parse(&bytes, part);
                    }
                }
                Err(f) => {
                    assert!(offset(&f, "offset") <= encoded.len());
                    assert_eq!(
                        offset(&f, "tokenOffset"),
                        parts.offset(part) + offset(&f, "offset")
                    );
                }
            }
        }
    }
    // the JSON parser on raw bytes too (it sees what base64url decoding can produce)
    parse(data, Part::Payload);
}

const ENCODINGS: [SecretEncoding; 4] = [
    SecretEncoding::Utf8,
    SecretEncoding::Base64,
    SecretEncoding::Base64url,
    SecretEncoding::Hex,
];

fn check_key(k: &key::Key) {
    if let Material::Rsa(_) = k.material {
        let bits = k.bits.unwrap_or(0);
        assert!(
            (256..=limits::MAX_RSA_BITS).contains(&bits),
            "RSA key of {bits} bits imported"
        );
    }
    // The forms a confusion check HMACs with: a handful, each about the size of the key.
    assert!(k.confusion_forms.len() <= 16);
    // Every signature primitive on the key, with a signature of each plausible length: an
    // odd key (a 256-bit RSA modulus, PS512 needs more) must fail cleanly.
    for alg in jwt_doctor::alg::ALGORITHMS {
        if !alg.accepts(k.material.kind()) {
            continue;
        }
        let len = alg
            .signature_len()
            .unwrap_or_else(|| k.bits.unwrap_or(0).div_ceil(8));
        let _ =
            jwt_doctor::internals::verify_signature(alg, &k.material, b"e30.e30", &vec![1u8; len]);
    }
}

fn check_key_error(e: &key::KeyError) {
    assert!(
        !e.reason.is_empty()
            && e.reason
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "reason {:?} is not snake_case",
        e.reason
    );
    assert!(!e.message.is_empty());
}

fn check_imported(r: &Result<Imported, key::KeyError>) {
    match r {
        Ok(Imported::One(k)) => check_key(k),
        Ok(Imported::Set(s)) => check_set(s),
        Err(e) => check_key_error(e),
    }
}

fn check_set(s: &key::KeySet) {
    assert!(s.keys.len() + s.rejected.len() <= limits::MAX_JWKS_KEYS);
    s.keys.iter().for_each(check_key);
    s.rejected.iter().for_each(|(_, _, e)| check_key_error(e));
}

/// Target `key_import`: the first byte picks the input kind (text, bytes, JSON value) and the
/// secret encoding; the rest is the key.
pub fn key_import(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let encoding = ENCODINGS[usize::from(selector & 3)];
    let input = match (selector >> 2) % 3 {
        0 => KeyInput::Text(text(rest)),
        1 => KeyInput::Bytes(rest.to_vec()),
        _ => KeyInput::Json(
            serde_json::from_slice(rest).unwrap_or_else(|_| Value::String(text(rest))),
        ),
    };
    check_imported(&key::import(&input, encoding));
    if let KeyInput::Json(v) = &input {
        match key::import_jwks(v) {
            Ok(s) => check_set(&s),
            Err(e) => check_key_error(&e),
        }
    }
}

/// Asserts the report invariants for a report of `mode`; `token` and `secrets` must not appear
/// in it. The stop-at-first-error drivers, whose report never reaches a caller, may leave the
/// checklist out.
///
/// # Panics
/// When an invariant does not hold.
pub fn check_report(r: &Report, mode: Mode, token: Option<&str>, secrets: &[&str]) {
    let order: Vec<Check> = r.checks.iter().map(|c| c.check).collect();
    assert!(
        order == Check::ALL || (order.is_empty() && mode.stops_at_first_error()),
        "checks out of order: {order:?}"
    );
    assert!(
        r.findings
            .windows(2)
            .all(|w| (w[0].check, w[0].severity) <= (w[1].check, w[1].severity)),
        "findings out of order"
    );
    if r.valid {
        assert!(r.signature.verified, "valid without a verified signature");
        assert!(
            r.findings.iter().all(|f| f.severity != Severity::Error),
            "valid with an error finding"
        );
    }
    let json = serde_json::to_string(r).expect("a report serialises");
    // every number must cross into JavaScript (serde-wasm-bindgen refuses unsafe integers)
    let value = serde_json::to_value(r).expect("a report serialises");
    assert!(js_numbers(&value), "a number beyond 2^53 in the report");
    for s in secrets {
        assert!(!json.contains(s), "the report holds a secret");
    }
    if let Some(t) = token.filter(|t| t.len() >= 24) {
        assert!(!json.contains(t), "the report holds the full token");
    }
}

/// Whether every number in `v` is a double or an integer JavaScript represents exactly.
fn js_numbers(v: &Value) -> bool {
    const MAX_SAFE: u64 = (1 << 53) - 1;
    match v {
        Value::Number(n) => {
            n.is_f64()
                || n.as_u64().is_some_and(|u| u <= MAX_SAFE)
                || n.as_i64().is_some_and(|i| i.unsigned_abs() <= MAX_SAFE)
        }
        Value::Array(a) => a.iter().all(js_numbers),
        Value::Object(m) => m.values().all(js_numbers),
        _ => true,
    }
}

/// The key configurations of the `inspect` target.
fn key_option(i: u8) -> String {
    let i = usize::from(i);
    match i % 8 {
        0 => String::new(),
        k @ 1..=6 => format!(r#""key":{},"#, KEYS[k - 1].1),
        _ => {
            let all: Vec<&str> = KEYS.iter().map(|(_, jwk)| *jwk).collect();
            format!(r#""jwks":{{"keys":[{}]}},"#, all.join(","))
        }
    }
}

const MODES: [Mode; 4] = [
    Mode::Inspect,
    Mode::Verify,
    Mode::VerifyDeferred,
    Mode::Diagnose,
];

thread_local! {
    /// 8 key configurations × with or without an allow-list × with or without claim
    /// expectations, keys imported once.
    static POLICIES: Vec<Policy> = (0..32u8)
        .map(|i| {
            let algorithms = if i & 8 != 0 {
                r#""algorithms":["HS256","RS256","PS256","ES256","ES384","ES512","EdDSA"],"#
            } else {
                ""
            };
            let claims = if i & 16 != 0 {
                r#""issuer":"https://issuer.example/","audience":["api"],"subject":"joe","typ":"JWT","requiredClaims":["exp","jti"],"leeway":30,"maxTokenAge":3600,"#
            } else {
                ""
            };
            let json = format!("{{{}{algorithms}{claims}\"now\":{NOW}}}", key_option(i));
            let mut p = Policy::from_json(&json, 0.0).expect("fixed options parse");
            p.preload();
            p
        })
        .collect();
}

/// Target `inspect`: the first byte picks the keys and options, the second the driver
/// (inspect, verify, verify with native crypto, diagnosis); the rest is the token.
pub fn inspect(data: &[u8]) {
    let [policy, mode, rest @ ..] = data else {
        return;
    };
    let token = text(rest);
    let mode = MODES[usize::from(mode & 3)];
    let report = POLICIES.with(|ps| run(&token, &ps[usize::from(policy & 31)], mode));
    check_report(&report, mode, Some(&token), &[SECRET_B64]);
}

/// Target `options`: the input is the options JSON; when it is accepted, RFC 7515 A.1 is
/// inspected with it (which imports whatever key or key set it names).
pub fn options(data: &[u8]) {
    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let json = text(data);
    let Ok(policy) = Policy::from_json(&json, NOW) else {
        return;
    };
    assert!(policy.leeway.is_finite() && policy.leeway >= 0.0);
    assert!(policy.now.is_finite());
    assert!((1..=jwt_doctor::limits::MAX_MAX_TOKEN_BYTES).contains(&policy.max_token_bytes));
    let report = run(A1, &policy, Mode::Inspect);
    // An option may spell out the token itself (an expected `sub`, say): then it may come back.
    check_report(
        &report,
        Mode::Inspect,
        (!json.contains(A1)).then_some(A1),
        &[],
    );
}
