//! Properties of the validator over generated tokens, keys and inputs (proptest):
//! - a token signed by a key verifies with that key, and any single-byte change of its header,
//!   payload or signature makes it invalid (HS256/384/512 and EdDSA here; RS256, ES256 and
//!   EdDSA with keys from node:crypto in tests/js/properties.test.mjs);
//! - every report, for any input, lists the 13 checks in their fixed order, and `valid` implies
//!   a verified signature and no error finding;
//! - no report holds the secret, the private key or the full token.
//!
//! Failing cases are saved in proptest-regressions/ (commit them: they are replayed first).

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use ed25519_dalek::Signer as _;
use jwt_doctor::alg::Hash;
use jwt_doctor::Policy;
use jwt_doctor::{inspect, run, Mode};
use proptest::prelude::*;
use serde_json::{json, Value};

#[allow(dead_code, reason = "only the report invariants are used here")]
#[path = "../fuzz/src/lib.rs"]
mod harness;

const NOW: i64 = 1_700_000_000;

/// Claims a real issuer might put in a token, with an `exp` in the future.
fn claims() -> impl Strategy<Value = Value> {
    (
        "[a-z]{1,12}",
        // Private claims only: a registered one (an `nbf` of "") would make the token invalid.
        proptest::collection::btree_map(
            "[a-z_]{1,8}".prop_filter("a registered claim", |k| {
                !matches!(
                    k.as_str(),
                    "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti"
                )
            }),
            "[ -~]{0,24}",
            0..6,
        ),
        1i64..100_000,
    )
        .prop_map(|(sub, extra, ttl)| {
            let mut c = serde_json::Map::new();
            for (k, v) in extra {
                c.insert(k, Value::from(v));
            }
            c.insert("sub".into(), sub.into());
            c.insert("iat".into(), NOW.into());
            c.insert("exp".into(), (NOW + 60 + ttl).into());
            Value::Object(c)
        })
}

fn signing_input(alg: &str, claims: &Value) -> String {
    format!(
        "{}.{}",
        B64.encode(json!({ "alg": alg, "typ": "JWT" }).to_string()),
        B64.encode(claims.to_string())
    )
}

fn hs(alg: &str, secret: &[u8], claims: &Value) -> String {
    let hash = match alg {
        "HS256" => Hash::Sha256,
        "HS384" => Hash::Sha384,
        _ => Hash::Sha512,
    };
    let input = signing_input(alg, claims);
    let mac = jwt_doctor::internals::mac(hash, secret, input.as_bytes());
    format!("{input}.{}", B64.encode(mac))
}

fn policy(key: Value, alg: &str) -> Policy {
    Policy::from_json(
        &json!({ "key": key, "algorithms": [alg], "now": NOW }).to_string(),
        0.0,
    )
    .expect("options")
}

/// The token with the byte at `at` (never a dot) replaced by `by` (a different byte).
fn tamper(token: &str, at: usize, by: u8) -> Option<String> {
    let mut bytes = token.as_bytes().to_vec();
    let b = bytes.get_mut(at)?;
    if *b == b'.' || *b == by {
        return None;
    }
    *b = by;
    String::from_utf8(bytes).ok()
}

/// A replacement byte: mostly base64url characters (the change must not be caught by the
/// format checks alone), sometimes what transit does to tokens.
fn replacement() -> impl Strategy<Value = u8> {
    prop_oneof![
        8 => proptest::sample::select(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".to_vec()
        ),
        1 => proptest::sample::select(b" +/=%\"\n".to_vec()),
    ]
}

fn check_tampered(token: &str, at: usize, by: u8, p: &Policy, secret: &str) {
    let Some(bad) = tamper(token, at, by) else {
        return;
    };
    for mode in [Mode::Inspect, Mode::Verify] {
        let r = run(&bad, p, mode);
        harness::check_report(&r, mode, Some(&bad), &[secret]);
        assert!(
            !r.valid,
            "byte {at} changed to {:?} still verifies: {bad}",
            by as char
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn hmac_tokens_verify_and_any_byte_change_breaks_them(
        alg in proptest::sample::select(vec!["HS256", "HS384", "HS512"]),
        secret in "[A-Za-z0-9]{64,80}",
        claims in claims(),
        at in any::<proptest::sample::Index>(),
        by in replacement(),
    ) {
        let token = hs(alg, secret.as_bytes(), &claims);
        let p = policy(secret.clone().into(), alg);
        for mode in [Mode::Inspect, Mode::Verify] {
            let r = run(&token, &p, mode);
            harness::check_report(&r, mode, Some(&token), &[&secret]);
            prop_assert!(r.valid, "{:?}", r.findings);
        }
        check_tampered(&token, at.index(token.len()), by, &p, &secret);
    }

    #[test]
    fn eddsa_tokens_verify_and_any_byte_change_breaks_them(
        seed in any::<[u8; 32]>(),
        claims in claims(),
        at in any::<proptest::sample::Index>(),
        by in replacement(),
    ) {
        let sk = ed25519_dalek::SigningKey::from_bytes(&seed);
        let input = signing_input("EdDSA", &claims);
        let token = format!("{input}.{}", B64.encode(sk.sign(input.as_bytes()).to_bytes()));
        // the private JWK: the report must use its public half and never show `d`
        let d = B64.encode(seed);
        let jwk = json!({
            "kty": "OKP", "crv": "Ed25519", "d": d,
            "x": B64.encode(sk.verifying_key().as_bytes()),
        });
        let p = policy(jwk, "EdDSA");
        let r = inspect(&token, &p);
        harness::check_report(&r, Mode::Inspect, Some(&token), &[&d]);
        prop_assert!(r.valid, "{:?}", r.findings);
        prop_assert!(r.findings.iter().any(|f| f.code.as_str() == "private_key_supplied"));
        check_tampered(&token, at.index(token.len()), by, &p, &d);
    }

    #[test]
    fn any_input_gives_a_well_formed_report(
        input in prop_oneof![
            any::<String>(),
            "[A-Za-z0-9_.-]{0,200}",
            "(Bearer )?[A-Za-z0-9_=+/%. -]{0,120}",
        ],
        secret in "[A-Za-z0-9]{32,48}",
        mode in 0usize..4,
    ) {
        let mode = [Mode::Inspect, Mode::Verify, Mode::VerifyDeferred, Mode::Diagnose][mode];
        for p in [policy(secret.clone().into(), "HS256"), Policy::from_json("{}", 0.0).expect("empty")] {
            let r = run(&input, &p, mode);
            harness::check_report(&r, mode, Some(&input), &[&secret]);
            prop_assert!(!r.valid || p.key.is_some());
        }
    }

    #[test]
    fn a_valid_token_in_another_key_set_is_never_valid(
        secret in "[A-Za-z0-9]{40}",
        other in "[A-Za-z0-9]{40}",
        claims in claims(),
    ) {
        prop_assume!(secret != other);
        let token = hs("HS256", secret.as_bytes(), &claims);
        let jwks = json!({ "keys": [{ "kty": "oct", "k": B64.encode(&other) }] });
        let p = Policy::from_json(
            &json!({ "jwks": jwks, "algorithms": ["HS256"], "now": NOW }).to_string(),
            0.0,
        )
        .expect("options");
        let r = inspect(&token, &p);
        harness::check_report(&r, Mode::Inspect, Some(&token), &[&secret, &other]);
        prop_assert!(!r.valid);
    }
}
