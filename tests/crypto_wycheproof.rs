//! Wycheproof primitive vectors through the low-level hook `jwt_doctor::internals::verify_signature`.
//!
//! Vectors are read from `$JWT_DOCTOR_VECTORS` (default `../shared/vectors`); when absent the
//! test says so and passes. Every `valid` case must verify, every `invalid` one must not,
//! `acceptable` may go either way. Cases that are valid for the primitive but not for JWS
//! (truncated HMAC tags, PSS with another salt length or MGF hash) must be rejected.

use std::path::{Path, PathBuf};

use jwt_doctor::alg::Alg;
use jwt_doctor::internals::{import, Imported, Material};
use jwt_doctor::{KeyInput, SecretEncoding};
use serde_json::Value;

#[path = "support/vectors.rs"]
mod support;

fn vectors() -> Option<PathBuf> {
    support::vectors("wycheproof")
}

fn hex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn load(dir: &Path, rel: &str) -> Option<Value> {
    let text = std::fs::read_to_string(dir.join("wycheproof").join(rel)).ok()?;
    Some(serde_json::from_str(&text).expect("json"))
}

fn one(imported: Imported) -> Option<Material> {
    match imported {
        Imported::One(k) => Some(k.material),
        Imported::Set(_) => None,
    }
}

/// A group's public key: its JWK when it has one, else its DER.
fn group_key(g: &Value) -> Result<Material, String> {
    for field in ["publicKeyJwk", "keyJwk", "jwk"] {
        if let Some(jwk) = g.get(field).filter(|v| v.is_object()) {
            return import(&KeyInput::Json(jwk.clone()), SecretEncoding::Utf8)
                .map_err(|e| format!("{}: {}", e.reason, e.message))
                .and_then(|i| one(i).ok_or_else(|| "set".to_string()));
        }
    }
    for field in ["publicKeyDer", "keyDer"] {
        if let Some(der) = g.get(field).and_then(Value::as_str) {
            return import(&KeyInput::Bytes(hex(der)), SecretEncoding::Utf8)
                .map_err(|e| format!("{}: {}", e.reason, e.message))
                .and_then(|i| one(i).ok_or_else(|| "set".to_string()));
        }
    }
    Err("group has no usable key".into())
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    notes: Vec<String>,
}

impl Tally {
    fn record(&mut self, file: &str, tc: &Value, jws_expect: &str, accepted: bool) {
        let ok = match jws_expect {
            "valid" => accepted,
            "invalid" => !accepted,
            _ => true,
        };
        if ok {
            self.passed += 1;
        } else {
            self.failed += 1;
            if self.notes.len() < 20 {
                self.notes.push(format!(
                    "{file} tcId {} ({}): expected {jws_expect}, got {}",
                    tc["tcId"],
                    tc["comment"].as_str().unwrap_or(""),
                    if accepted { "accepted" } else { "rejected" }
                ));
            }
        }
    }
}

fn sha_alg(prefix: &str, sha: &str) -> Option<Alg> {
    let bits = match sha {
        "SHA-256" => "256",
        "SHA-384" => "384",
        "SHA-512" => "512",
        _ => return None,
    };
    Alg::by_name(&format!("{prefix}{bits}"))
}

/// Runs one file; `alg_for` picks the JWS algorithm for a group and whether the group's valid
/// cases are valid JWS (`None`: the group is not a JWS algorithm at all, so everything must be
/// rejected under the nearest JWS algorithm given as the second element).
fn run(dir: &Path, rel: &str, total: &mut Tally, alg_for: &dyn Fn(&Value) -> Option<(Alg, bool)>) {
    let Some(file) = load(dir, rel) else {
        println!("{rel}: missing, skipped");
        return;
    };
    let mut t = Tally::default();
    for g in file["testGroups"].as_array().expect("groups") {
        let Some((alg, jws_valid)) = alg_for(g) else {
            continue;
        };
        let key = if alg.is_hmac() {
            None
        } else {
            Some(group_key(g))
        };
        for tc in g["tests"].as_array().expect("tests") {
            let jws_salt = alg
                .hash
                .map(|h| format!("s_len changed to {}", h.output_len()));
            let expect = match (tc["result"].as_str().unwrap_or(""), jws_valid) {
                ("valid", false) => "invalid",
                // In a PSS file with another salt length, a signature re-made with salt = hash
                // length is a well-formed JWS PS* signature: either verdict is fine.
                ("invalid", false) if tc["comment"].as_str() == jws_salt.as_deref() => "acceptable",
                (r, _) => r,
            };
            let msg = hex(tc["msg"].as_str().expect("msg"));
            let (material, sig) = match &key {
                None => (
                    Ok(Material::Secret(hex(tc["key"].as_str().expect("key")))),
                    hex(tc["tag"].as_str().expect("tag")),
                ),
                Some(k) => (k.clone(), hex(tc["sig"].as_str().expect("sig"))),
            };
            let accepted = match &material {
                Ok(m) => jwt_doctor::internals::verify_signature(alg, m, &msg, &sig).is_ok(),
                Err(e) => {
                    if expect == "valid" && t.notes.len() < 20 {
                        t.notes.push(format!("{rel}: key did not import: {e}"));
                    }
                    false
                }
            };
            t.record(rel, tc, expect, accepted);
        }
    }
    println!("{rel}: {} passed, {} failed", t.passed, t.failed);
    for n in &t.notes {
        println!("  {n}");
    }
    total.passed += t.passed;
    total.failed += t.failed;
}

#[test]
fn wycheproof_primitives() {
    let Some(dir) = vectors() else {
        println!("vectors not found, skipped");
        return;
    };
    let mut total = Tally::default();
    let by_sha = |prefix: &'static str| {
        move |g: &Value| sha_alg(prefix, g["sha"].as_str().unwrap_or("")).map(|a| (a, true))
    };

    for (file, alg) in [
        (
            "testvectors_v1/ecdsa_secp256r1_sha256_p1363_test.json",
            "ES256",
        ),
        (
            "testvectors_v1/ecdsa_secp384r1_sha384_p1363_test.json",
            "ES384",
        ),
        (
            "testvectors_v1/ecdsa_secp521r1_sha512_p1363_test.json",
            "ES512",
        ),
    ] {
        let alg = Alg::by_name(alg).expect("alg");
        run(&dir, file, &mut total, &|_| Some((alg, true)));
    }

    let eddsa = Alg::by_name("EdDSA").expect("EdDSA");
    run(
        &dir,
        "testvectors_v1/ed25519_test.json",
        &mut total,
        &|_| Some((eddsa, true)),
    );

    for (file, alg) in [
        ("testvectors_v1/hmac_sha256_test.json", "HS256"),
        ("testvectors_v1/hmac_sha384_test.json", "HS384"),
        ("testvectors_v1/hmac_sha512_test.json", "HS512"),
    ] {
        let alg = Alg::by_name(alg).expect("alg");
        let full = alg.signature_len().unwrap_or(0) * 8;
        // Truncated-tag groups: JWS HMAC tags are full length, so a truncated tag never verifies.
        run(&dir, file, &mut total, &|g| {
            Some((alg, g["tagSize"].as_u64() == Some(full as u64)))
        });
    }

    for bits in ["2048", "3072", "4096"] {
        for sha in ["256", "384", "512"] {
            let file = format!("testvectors_v1/rsa_signature_{bits}_sha{sha}_test.json");
            run(&dir, &file, &mut total, &by_sha("RS"));
        }
    }

    for file in [
        "rsa_pss_2048_sha256_mgf1_0_test.json",
        "rsa_pss_2048_sha256_mgf1_32_test.json",
        "rsa_pss_2048_sha384_mgf1_48_test.json",
        "rsa_pss_3072_sha256_mgf1_32_test.json",
        "rsa_pss_4096_sha256_mgf1_32_test.json",
        "rsa_pss_4096_sha384_mgf1_48_test.json",
        "rsa_pss_4096_sha512_mgf1_32_test.json",
        "rsa_pss_4096_sha512_mgf1_64_test.json",
        "rsa_pss_misc_test.json",
    ] {
        run(&dir, &format!("testvectors_v1/{file}"), &mut total, &|g| {
            let sha = g["sha"].as_str().unwrap_or("");
            let alg = sha_alg("PS", sha)?;
            let hash_len = alg.hash.map_or(0, |h| h.output_len()) as u64;
            let jws = g["mgf"] == "MGF1"
                && g["mgfSha"].as_str() == Some(sha)
                && g["sLen"].as_u64() == Some(hash_len);
            Some((alg, jws))
        });
    }

    run(
        &dir,
        "legacy_v0/ecdsa_webcrypto_test.json",
        &mut total,
        &|g| {
            let crv = g["jwk"]["crv"].as_str().unwrap_or("");
            let alg = match (crv, g["sha"].as_str().unwrap_or("")) {
                ("P-256", "SHA-256") => "ES256",
                ("P-384", "SHA-384") => "ES384",
                ("P-521", "SHA-512") => "ES512",
                _ => return None,
            };
            Alg::by_name(alg).map(|a| (a, true))
        },
    );

    println!("total: {} passed, {} failed", total.passed, total.failed);
    assert_eq!(
        total.failed, 0,
        "Wycheproof cases failed (see the lines above)"
    );
    // a file that went missing must not shrink the suite unnoticed (5,000 and more today)
    assert!(
        total.passed >= 5000,
        "only {} Wycheproof cases ran",
        total.passed
    );
}
