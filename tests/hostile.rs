//! The limits of SPEC §7, one test each: every hostile input that hits a limit gets a finding
//! naming the limit in its `detail`, and is refused before any expensive work (the RSA modulus
//! test times itself). The remote JWKS body limit is JavaScript's: tests/js/hostile.test.mjs.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use jwt_doctor::alg::Hash;
use jwt_doctor::inspect;
use jwt_doctor::limits::DEFAULT_MAX_TOKEN_BYTES;
use jwt_doctor::limits::MAX_KEYS_TRIED;
use jwt_doctor::limits::{MAX_DEPTH, MAX_VALUES};
use jwt_doctor::limits::{MAX_JWKS_KEYS, MAX_KEY_BYTES, MAX_RSA_BITS};
use jwt_doctor::Finding;
use jwt_doctor::Policy;
use jwt_doctor::Report;
use serde_json::{json, Value};

#[allow(dead_code, reason = "only the report invariants are used here")]
#[path = "../fuzz/src/lib.rs"]
mod harness;

const SECRET: &str = "a-secret-of-at-least-thirty-two-bytes!";

fn hs256(header: &Value, payload: &str, secret: &[u8]) -> String {
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(payload));
    let mac = jwt_doctor::internals::mac(Hash::Sha256, secret, input.as_bytes());
    format!("{input}.{}", B64.encode(mac))
}

fn run(token: &str, options: Value) -> Report {
    let r = inspect(
        token,
        &Policy::from_json(&options.to_string(), 0.0).expect("options"),
    );
    harness::check_report(&r, jwt_doctor::Mode::Inspect, Some(token), &[SECRET]);
    r
}

fn finding<'a>(r: &'a Report, code: &str) -> &'a Finding {
    r.findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .unwrap_or_else(|| {
            let codes: Vec<&str> = r.findings.iter().map(|f| f.code.as_str()).collect();
            panic!("no {code} finding in {codes:?}")
        })
}

fn key_invalid_reason(r: &Report) -> &str {
    finding(r, "key_invalid").detail["reason"]
        .as_str()
        .expect("detail.reason")
}

fn hs_options() -> Value {
    json!({ "key": SECRET, "algorithms": ["HS256"], "now": 1000 })
}

#[test]
fn token_bytes() {
    let token = "e".repeat(DEFAULT_MAX_TOKEN_BYTES + 1);
    let r = run(&token, hs_options());
    let f = finding(&r, "token_too_large");
    assert_eq!(f.detail["bytes"], DEFAULT_MAX_TOKEN_BYTES + 1);
    assert_eq!(f.detail["limit"], DEFAULT_MAX_TOKEN_BYTES);
    assert_eq!(r.findings.len(), 1, "nothing else is read");
    // the caller's own limit, counted on the token as received
    let small = hs256(
        &json!({"alg":"HS256"}),
        r#"{"exp":2000}"#,
        SECRET.as_bytes(),
    );
    let mut o = hs_options();
    o["maxTokenBytes"] = (small.len() - 1).into();
    assert_eq!(
        finding(&run(&small, o), "token_too_large").detail["limit"],
        small.len() - 1
    );
    // 1 MiB is the most a caller may allow
    let mut o = hs_options();
    o["maxTokenBytes"] = (2 * 1024 * 1024).into();
    assert!(Policy::from_json(&o.to_string(), 0.0).is_err());
}

#[test]
fn json_depth() {
    let deep = format!(
        "{{\"exp\":2000,\"a\":{}{}}}",
        "[".repeat(MAX_DEPTH),
        "]".repeat(MAX_DEPTH)
    );
    let r = run(
        &hs256(&json!({"alg":"HS256"}), &deep, SECRET.as_bytes()),
        hs_options(),
    );
    let f = finding(&r, "json_too_deep");
    assert_eq!(f.detail["limit"], MAX_DEPTH);
    assert_eq!(f.detail["part"], "payload");
    assert!(f.message.contains("deeper than 32"), "{}", f.message);
    // exactly the limit is fine: the top-level object is depth 1
    let ok = format!(
        "{{\"exp\":2000,\"a\":{}{}}}",
        "[".repeat(MAX_DEPTH - 1),
        "]".repeat(MAX_DEPTH - 1)
    );
    let r = run(
        &hs256(&json!({"alg":"HS256"}), &ok, SECRET.as_bytes()),
        hs_options(),
    );
    assert!(r.valid, "{:?}", r.findings);
}

#[test]
fn json_values() {
    let many = format!("{{\"exp\":2000,\"a\":[{}0]}}", "0,".repeat(MAX_VALUES));
    let mut o = hs_options();
    o["maxTokenBytes"] = (1024 * 1024).into();
    let r = run(
        &hs256(&json!({"alg":"HS256"}), &many, SECRET.as_bytes()),
        o.clone(),
    );
    let f = finding(&r, "json_too_deep");
    assert_eq!(f.detail["reason"], "too_many_values");
    assert_eq!(f.detail["limit"], MAX_VALUES);
    assert_eq!(f.detail["part"], "payload");
    assert!(
        f.message.contains("more than 10000 values"),
        "{}",
        f.message
    );
    // members count too, at every level, and in the header as well
    let header: serde_json::Map<String, Value> = (0..=MAX_VALUES)
        .map(|i| (format!("m{i}"), Value::from(0)))
        .chain([("alg".to_string(), Value::from("HS256"))])
        .collect();
    let r = run(
        &hs256(&Value::Object(header), r#"{"exp":2000}"#, SECRET.as_bytes()),
        o,
    );
    assert_eq!(
        finding(&r, "json_too_deep").detail["part"],
        "header",
        "{:?}",
        r.findings
    );
}

/// A JWK with an RSA modulus of `bits` bits (odd, top bit set; not a real key, which the
/// limit must not need).
fn rsa_jwk(bits: usize, kid: &str) -> Value {
    let mut n = vec![0xa5u8; bits.div_ceil(8)];
    n[0] = 0x80 >> ((8 - bits % 8) % 8);
    if let Some(last) = n.last_mut() {
        *last |= 1;
    }
    json!({ "kty": "RSA", "kid": kid, "n": B64.encode(&n), "e": "AQAB" })
}

#[test]
fn rsa_modulus_bits() {
    let token = format!(
        "{}.{}.{}",
        B64.encode(r#"{"alg":"RS256"}"#),
        B64.encode(r#"{"exp":2000}"#),
        B64.encode([7u8; 2048])
    );
    let t0 = Instant::now();
    let r = run(
        &token,
        json!({ "key": rsa_jwk(MAX_RSA_BITS + 8, "big"), "algorithms": ["RS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "rsa_modulus_too_large");
    assert!(
        finding(&r, "key_invalid").message.contains("16384"),
        "{}",
        finding(&r, "key_invalid").message
    );
    // a 64 Kbit modulus is refused on its length, before any big-number work
    let r = run(
        &token,
        json!({ "key": rsa_jwk(65536, "huge"), "algorithms": ["RS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "rsa_modulus_too_large");
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());
    // the same limit through DER (PKCS#1 in PEM): checked on the integer's length
    let n = B64
        .decode(rsa_jwk(MAX_RSA_BITS + 8, "x")["n"].as_str().expect("n"))
        .expect("n");
    let pem = pkcs1_pem(&n);
    let r = run(
        &token,
        json!({ "key": pem, "algorithms": ["RS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "rsa_modulus_too_large");
    // exactly the limit imports, and a wrong signature fails in bounded time
    let t0 = Instant::now();
    let r = run(
        &token,
        json!({ "key": rsa_jwk(MAX_RSA_BITS, "max"), "algorithms": ["RS256"], "now": 1000 }),
    );
    assert!(!r.findings.iter().any(|f| f.code.as_str() == "key_invalid"));
    assert!(!r.findings.iter().any(|f| f.code.as_str() == "key_too_weak"));
    finding(&r, "signature_invalid"); // 2048 bytes: the modular exponentiation ran
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());
}

/// `-----BEGIN RSA PUBLIC KEY-----` holding SEQUENCE { INTEGER n, INTEGER 65537 }.
fn pkcs1_pem(n: &[u8]) -> String {
    fn len(n: usize) -> Vec<u8> {
        if n < 128 {
            vec![u8::try_from(n).expect("short")]
        } else {
            let bytes: Vec<u8> = n
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            let mut out = vec![0x80 | u8::try_from(bytes.len()).expect("len")];
            out.extend(bytes);
            out
        }
    }
    let mut int_n = vec![0x02];
    int_n.extend(len(n.len() + 1));
    int_n.push(0);
    int_n.extend_from_slice(n);
    let int_e = [0x02, 0x03, 0x01, 0x00, 0x01];
    let mut der = vec![0x30];
    der.extend(len(int_n.len() + int_e.len()));
    der.extend(int_n);
    der.extend(int_e);
    pem_rfc7468_encode("RSA PUBLIC KEY", &der)
}

fn pem_rfc7468_encode(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("ascii"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}

#[test]
fn key_text_bytes() {
    let token = hs256(&json!({"alg":"RS256"}), r#"{"exp":2000}"#, b"x");
    // a PEM padded past the limit with comment text before the block
    let pem = format!("{}\n{}", "#".repeat(MAX_KEY_BYTES), pkcs1_pem(&[0xc5; 256]));
    let r = run(
        &token,
        json!({ "key": pem, "algorithms": ["RS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "key_too_large");
    assert!(
        finding(&r, "key_invalid").message.contains("262144"),
        "{}",
        finding(&r, "key_invalid").message
    );
    // an HMAC secret too
    let r = run(
        &token,
        json!({ "key": "s".repeat(MAX_KEY_BYTES + 1), "algorithms": ["HS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "key_too_large");
}

#[test]
fn jwks_bytes() {
    // 80 members of 4 KiB each: under the key count, over the size
    let keys: Vec<Value> = (0..80)
        .map(|i| json!({ "kty": "oct", "kid": format!("k{i}"), "k": B64.encode([i as u8; 3 * 1024]) }))
        .collect();
    let token = hs256(
        &json!({"alg":"HS256","kid":"k1"}),
        r#"{"exp":2000}"#,
        &[1u8; 3 * 1024],
    );
    let r = run(
        &token,
        json!({ "jwks": { "keys": keys }, "algorithms": ["HS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "key_too_large");
}

#[test]
fn jwks_key_count() {
    let keys: Vec<Value> = (0..=MAX_JWKS_KEYS)
        .map(|i| json!({ "kty": "oct", "kid": format!("k{i}"), "k": B64.encode(SECRET) }))
        .collect();
    let token = hs256(
        &json!({"alg":"HS256","kid":"k1"}),
        r#"{"exp":2000}"#,
        SECRET.as_bytes(),
    );
    let r = run(
        &token,
        json!({ "jwks": { "keys": keys.clone() }, "algorithms": ["HS256"], "now": 1000 }),
    );
    assert_eq!(key_invalid_reason(&r), "jwks_too_many_keys");
    let m = &finding(&r, "key_invalid").message;
    assert!(m.contains("101") && m.contains("100"), "{m}");
    // exactly the limit is read
    let r = run(
        &token,
        json!({ "jwks": { "keys": keys[..MAX_JWKS_KEYS] }, "algorithms": ["HS256"], "now": 1000 }),
    );
    assert!(r.valid, "{:?}", r.findings);
}

#[test]
fn keys_tried() {
    // 40 secrets without kid; the token is signed by none of them
    let keys: Vec<Value> = (0..40)
        .map(|i| json!({ "kty": "oct", "k": B64.encode(format!("{SECRET}{i}")) }))
        .collect();
    let token = hs256(
        &json!({"alg":"HS256"}),
        r#"{"exp":2000}"#,
        b"another secret entirely, 32+ bytes",
    );
    let r = run(
        &token,
        json!({ "jwks": { "keys": keys.clone() }, "algorithms": ["HS256"], "now": 1000 }),
    );
    assert_eq!(r.signature.keys_tried, MAX_KEYS_TRIED);
    let f = finding(&r, "signature_invalid");
    assert_eq!(f.detail["keysTried"], MAX_KEYS_TRIED);
    assert_eq!(f.detail["keysLimit"], MAX_KEYS_TRIED);
    assert_eq!(f.detail["candidates"], 40);
    assert!(f.message.contains("first 16 of 40"), "{}", f.message);
    // a rotated kid: the search for the key that signed stops after 16 others, and says so
    let named: Vec<Value> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut k = k.clone();
            k["kid"] = format!("k{i}").into();
            k
        })
        .collect();
    let token = hs256(
        &json!({"alg":"HS256","kid":"gone"}),
        r#"{"exp":2000}"#,
        format!("{SECRET}30").as_bytes(),
    );
    let r = run(
        &token,
        json!({ "jwks": { "keys": named.clone() }, "algorithms": ["HS256"], "now": 1000 }),
    );
    let f = finding(&r, "kid_not_found");
    assert_eq!(f.detail["otherKeysTried"], MAX_KEYS_TRIED);
    assert_eq!(f.detail["keysLimit"], MAX_KEYS_TRIED);
    assert!(!r
        .findings
        .iter()
        .any(|f| f.code.as_str() == "verifies_with_other_key"));
    // within the limit the signer is found
    let token = hs256(
        &json!({"alg":"HS256","kid":"gone"}),
        r#"{"exp":2000}"#,
        format!("{SECRET}3").as_bytes(),
    );
    let r = run(
        &token,
        json!({ "jwks": { "keys": named }, "algorithms": ["HS256"], "now": 1000 }),
    );
    assert_eq!(finding(&r, "verifies_with_other_key").detail["kid"], "k3");
    assert!(finding(&r, "kid_not_found")
        .detail
        .get("keysLimit")
        .is_none());
}

/// The worst a JWK Set can make one token cost: as many RSA keys of the largest size as fit in
/// the size limit (90 × 16384 bits), no kid, so every key fits and both searches (the keys
/// tried, then the other keys that might have signed) run to their limits.
#[test]
fn largest_key_set_is_bounded_in_time() {
    let keys: Vec<Value> = (0..90)
        .map(|i| {
            let mut k = rsa_jwk(MAX_RSA_BITS, &format!("k{i}"));
            k.as_object_mut().map(|o| o.remove("kid"));
            k
        })
        .collect();
    let token = format!(
        "{}.{}.{}",
        B64.encode(r#"{"alg":"RS256"}"#),
        B64.encode(r#"{"exp":2000}"#),
        B64.encode([7u8; MAX_RSA_BITS / 8])
    );
    let t0 = Instant::now();
    let r = run(
        &token,
        json!({ "jwks": { "keys": keys }, "algorithms": ["RS256"], "now": 1000 }),
    );
    let took = t0.elapsed();
    println!("90 × RSA-16384 key set, no kid: {took:?}");
    assert_eq!(r.signature.keys_tried, MAX_KEYS_TRIED);
    assert!(!r.valid);
    assert!(took < Duration::from_secs(20), "{took:?}");
}
