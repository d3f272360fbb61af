//! The compact JWS index (516 cases: RFC examples, Wycheproof JWS, peers' fixtures) through
//! `inspect`, natively. The same suite runs through the wasm package in `tests/js/`.

use std::path::PathBuf;

use jwt_doctor::inspect;
use jwt_doctor::KeyInput;
use jwt_doctor::{JwksInput, Options, Policy};
use serde_json::Value;

/// Marked valid upstream, but each has an inserted `?` and borrows tcId 357's MAC: a strict
/// validator rejects them (vectors/README.md, "Known traps").
const STRICTER_THAN_UPSTREAM: [&str; 2] = [
    "wycheproof-json_web_signature_test-tc372",
    "wycheproof-json_web_signature_test-tc373",
];

#[path = "support/vectors.rs"]
mod support;

fn vectors() -> Option<PathBuf> {
    support::vectors("")
}

fn algs_for(key: &Value) -> Vec<String> {
    let j = key.get("keys").and_then(|k| k.get(0)).unwrap_or(key);
    let names: &[&str] = match j.get("kty").and_then(Value::as_str) {
        Some("oct") | None => &["HS256", "HS384", "HS512"],
        Some("RSA") => &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"],
        Some("EC") => match j.get("crv").and_then(Value::as_str) {
            Some("P-384") => &["ES384"],
            Some("P-521") => &["ES512"],
            _ => &["ES256"],
        },
        Some(_) => &["EdDSA"],
    };
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn compact_jws_index() {
    let Some(dir) = vectors() else {
        println!("vectors not found, skipped");
        return;
    };
    let text = std::fs::read_to_string(dir.join("compact_jws_index.jsonl")).expect("index");
    let jws = [
        "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512", "EdDSA",
    ];
    let mut by_source: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut failures = Vec::new();
    for line in text.lines() {
        let c: Value = serde_json::from_str(line).expect("case");
        if c["extra"].get("detached_payload").is_some() {
            continue;
        }
        let name = c["name"].as_str().unwrap_or_default();
        let alg = c["alg"].as_str().unwrap_or_default();
        let algorithms: Vec<String> = match c["extra"].get("allowed_algs").and_then(Value::as_array)
        {
            Some(list) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            None if jws.contains(&alg) => vec![alg.to_string()],
            None => algs_for(&c["key"]),
        };
        let mut o = Options {
            algorithms: Some(algorithms),
            ..Options::default()
        };
        match &c["key"] {
            Value::Null => {}
            k if k.get("keys").is_some() => o.jwks = Some(JwksInput(k.clone())),
            Value::String(s) => o.key = Some(KeyInput::Text(s.clone())),
            k => o.key = Some(KeyInput::Json(k.clone())),
        }
        let policy = Policy::new(o, 1_700_000_000.0).expect("policy");
        let report = inspect(c["token"].as_str().unwrap_or_default(), &policy);
        let expect = if STRICTER_THAN_UPSTREAM.contains(&name) {
            "invalid"
        } else {
            c["expect"].as_str().unwrap_or("")
        };
        let ok = if expect == "valid" {
            report.signature.verified
        } else {
            !report.valid
        };
        let source = name.split('-').next().unwrap_or_default().to_string();
        let entry = by_source.entry(source).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        } else {
            let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
            failures.push(format!("{name}: expected {expect}, findings {codes:?}"));
        }
    }
    for (source, (pass, total)) in &by_source {
        println!("compact JWS index, {source}: {pass}/{total}");
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(by_source.values().map(|v| v.1).sum::<usize>() >= 500);
}
