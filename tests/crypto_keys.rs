//! Key import against RFC examples and other implementations' fixtures (`vectors/peers/`).
//!
//! Vectors are read from `$JWT_DOCTOR_VECTORS` (default `../shared/vectors`); when absent the
//! vector-driven tests say so and pass. The mangled-PEM tests build their inputs from these keys.

use std::path::{Path, PathBuf};

use jwt_doctor::alg::Curve;
use jwt_doctor::internals::{
    import, import_jwks, thumbprint, Imported, Key, KeyError, KeyNote, Material, Repair,
};
use jwt_doctor::{KeyInput, SecretEncoding};
use serde_json::Value;

#[path = "support/vectors.rs"]
mod support;

fn vectors() -> Option<PathBuf> {
    support::vectors("peers")
}

fn text(s: &str) -> Result<Imported, KeyError> {
    import(&KeyInput::Text(s.to_owned()), SecretEncoding::Utf8)
}

fn one(r: Result<Imported, KeyError>) -> Key {
    match r {
        Ok(Imported::One(k)) => k,
        Ok(Imported::Set(_)) => panic!("expected one key, got a set"),
        Err(e) => panic!("expected a key, got {}: {}", e.reason, e.message),
    }
}

fn reason(r: Result<Imported, KeyError>) -> &'static str {
    match r {
        Err(e) => e.reason,
        Ok(_) => "ok",
    }
}

fn rfc_key(dir: &Path, file: &str) -> Value {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("rfc").join(file)).expect("read"))
            .expect("json");
    v
}

fn is_private(k: &Key) -> bool {
    k.notes
        .iter()
        .any(|n| matches!(n, KeyNote::PrivateKey { .. }))
}

#[test]
fn rfc7517_examples() {
    let Some(dir) = vectors() else {
        println!("vectors not found, skipped");
        return;
    };
    let public = rfc_key(&dir, "rfc7517_A_1_public_jwks.json");
    let set = import_jwks(&public["key"]).expect("A.1");
    assert_eq!(set.keys.len(), 2, "{:?}", set.rejected);
    assert!(matches!(&set.keys[0].material, Material::Ec(k) if k.curve() == Curve::P256));
    assert_eq!(set.keys[0].key_use.as_deref(), Some("enc"));
    assert_eq!(set.keys[0].kid.as_deref(), Some("1"));
    assert!(matches!(set.keys[1].material, Material::Rsa(_)));
    assert_eq!(set.keys[1].alg.as_deref(), Some("RS256"));
    assert_eq!(set.keys[1].kid.as_deref(), Some("2011-04-29"));
    assert_eq!(set.keys[1].bits, Some(2048));
    assert!(set
        .keys
        .iter()
        .all(|k| !is_private(k) && k.thumbprint.is_some()));

    let private = rfc_key(&dir, "rfc7517_A_2_private_jwks.json");
    let pset = import_jwks(&private["key"]).expect("A.2");
    assert_eq!(pset.keys.len(), 2);
    assert!(pset.keys.iter().all(is_private));
    // The public halves are the A.1 keys.
    for (a, b) in set.keys.iter().zip(&pset.keys) {
        assert_eq!(a.thumbprint, b.thumbprint);
    }

    let sym = rfc_key(&dir, "rfc7517_A_3_symmetric_jwks.json");
    let sset = import_jwks(&sym["key"]).expect("A.3");
    assert_eq!(sset.keys.len(), 2);
    assert!(sset
        .keys
        .iter()
        .all(|k| matches!(k.material, Material::Secret(_)) && k.thumbprint.is_none()));
    assert!(sset.keys.iter().all(|k| k.confusion_forms.is_empty()));

    let b = rfc_key(&dir, "rfc7517_B_x5c.json");
    let key = one(import(
        &KeyInput::Json(b["key"].clone()),
        SecretEncoding::Utf8,
    ));
    assert_eq!(key.kid.as_deref(), Some("1b94c"));
    // The x5c certificate (expired in 2018) carries the same public key.
    let cert_b64 = b["key"]["x5c"][0].as_str().expect("x5c");
    let from_cert = one(text(cert_b64));
    assert!(from_cert.notes.contains(&KeyNote::Certificate));
    assert!(from_cert
        .notes
        .contains(&KeyNote::Repaired(Repair::MissingArmor)));
    assert_eq!(from_cert.thumbprint, key.thumbprint);
    let pem = format!("-----BEGIN CERTIFICATE-----\n{cert_b64}\n-----END CERTIFICATE-----\n");
    let from_pem = one(text(&pem));
    assert_eq!(from_pem.notes, vec![KeyNote::Certificate]);
    assert_eq!(from_pem.thumbprint, key.thumbprint);

    // The certificate in a certificate map (Google's and Firebase's format) is a key set: its
    // key under the map's name; a certificate that does not read is refused with its kid.
    let map = serde_json::json!({
        "1b94c": pem,
        "broken": "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
    });
    let set = import_jwks(&map).expect("certificate map");
    assert_eq!(set.keys.len(), 1);
    assert_eq!(set.keys[0].kid.as_deref(), Some("1b94c"));
    assert_eq!(set.keys[0].thumbprint, key.thumbprint);
    assert_eq!(set.rejected[0].1.as_deref(), Some("broken"));
    let Imported::Set(as_key) = import(&KeyInput::Json(map), SecretEncoding::Utf8).expect("key")
    else {
        panic!("a certificate map given as the key is a key set");
    };
    assert_eq!(as_key.keys.len(), 1);
    assert!(import_jwks(&serde_json::json!({ "a": pem, "b": 1 })).is_err());
}

#[test]
fn thumbprints() {
    // RFC 7638 §3.1 and RFC 8037 A.3, values as printed in the RFCs.
    let rsa = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    let k = one(text(rsa));
    assert_eq!(
        k.thumbprint.as_deref(),
        Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
    );
    assert!(thumbprint::canonical_jwk(&k.material)
        .expect("canonical")
        .starts_with(r#"{"e":"AQAB","kty":"RSA","n":"0vx7"#));
    let ed = r#"{"crv":"Ed25519","kty":"OKP","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let k = one(text(ed));
    assert_eq!(
        k.thumbprint.as_deref(),
        Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    );
    assert_eq!(
        thumbprint::thumbprint(&Material::Secret(b"s".to_vec())),
        None
    );

    if let Some(dir) = vectors() {
        for (file, field) in [
            ("rfc7638_3_1_thumbprint_RSA.json", "thumbprint_sha256_b64u"),
            (
                "rfc8037_A_3_thumbprint_Ed25519.json",
                "thumbprint_sha256_b64u",
            ),
        ] {
            let v = rfc_key(&dir, file);
            let k = one(import(
                &KeyInput::Json(v["key"].clone()),
                SecretEncoding::Utf8,
            ));
            if let Some(expected) = v["extra"][field].as_str() {
                assert_eq!(k.thumbprint.as_deref(), Some(expected), "{file}");
            }
        }
    }
}

/// What a peer fixture must import as.
#[derive(Debug, PartialEq)]
enum Expect {
    Public,
    Private,
    Certificate,
    Ssh,
    Secret,
    Refused(&'static [&'static str]),
    Skip,
}

const NOT_JWS: &[&str] = &["unsupported_curve", "unsupported_key_type"];

fn expectation(path: &Path) -> Expect {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("readme")
        || lower.starts_with("license")
        || lower.ends_with(".csr")
        || lower.ends_with(".extracted.json")
    {
        return Expect::Skip;
    }
    if name == "cert_chain.json" {
        return Expect::Skip; // a JSON array of base64 certificates: tested separately
    }
    if ["ed448", "x25519", "x448", "secp256k1", "secp192r1"]
        .iter()
        .any(|c| lower.contains(c))
    {
        return Expect::Refused(NOT_JWS);
    }
    if name == "jwk_empty.json" || name == "public_ed25519_key.pk8" {
        // An empty file is an (empty) HMAC secret; a raw 32-byte Ed25519 public key cannot be
        // told apart from a 256-bit HMAC secret (half of all 32-byte strings are curve points).
        return Expect::Secret;
    }
    if name == "jwk_hmac.json" {
        return Expect::Secret;
    }
    if lower.ends_with(".crt") || lower.ends_with(".cer") || name == "cert_chain.pem" {
        return Expect::Certificate;
    }
    if name == "testkey_rsa.pub" || name == "testkey_ed25519.pub" || name == "testkey_ec_ssh.pub" {
        return Expect::Ssh;
    }
    if lower.contains("private")
        || lower.ends_with(".key")
        || lower.ends_with(".priv")
        || name == "testkey_ed25519"
        || name == "testkey_ed25519.pem"
        || (lower.starts_with("jwk_") && lower.contains("_key"))
    {
        return Expect::Private;
    }
    Expect::Public
}

fn check(
    label: &str,
    expect: &Expect,
    result: Result<Imported, KeyError>,
    failures: &mut Vec<String>,
) {
    let key = match (&result, expect) {
        (Err(e), Expect::Refused(reasons)) => {
            println!("{label}: refused: {} ({})", e.reason, e.message);
            if !reasons.contains(&e.reason) {
                failures.push(format!(
                    "{label}: refused with {} ({}), expected one of {reasons:?}",
                    e.reason, e.message
                ));
            }
            return;
        }
        (Err(e), _) => {
            failures.push(format!("{label}: {} ({})", e.reason, e.message));
            return;
        }
        (Ok(_), Expect::Refused(_)) => {
            failures.push(format!("{label}: imported, expected refusal"));
            return;
        }
        (Ok(Imported::Set(s)), _) => {
            if s.keys.is_empty() {
                failures.push(format!("{label}: empty set"));
            }
            return;
        }
        (Ok(Imported::One(k)), _) => k,
    };
    let ok = match expect {
        Expect::Public => {
            !is_private(key)
                && key.thumbprint.is_some()
                && !key.notes.contains(&KeyNote::Certificate)
        }
        Expect::Private => is_private(key) && key.thumbprint.is_some(),
        Expect::Certificate => key.notes.contains(&KeyNote::Certificate) && !is_private(key),
        Expect::Ssh => key.notes.contains(&KeyNote::Repaired(Repair::OpenSsh)),
        Expect::Secret => matches!(key.material, Material::Secret(_)),
        Expect::Refused(_) | Expect::Skip => true,
    };
    if !ok {
        failures.push(format!(
            "{label}: expected {expect:?}, got {:?} notes {:?}",
            key.material.kind(),
            key.notes
        ));
    } else if !matches!(key.material, Material::Secret(_)) && key.confusion_forms.is_empty() {
        failures.push(format!("{label}: public key without confusion forms"));
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn peer_fixtures() {
    let Some(dir) = vectors() else {
        println!("vectors not found, skipped");
        return;
    };
    let peers = dir.join("peers");
    let mut all = Vec::new();
    files(&peers, &mut all);
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &all {
        let expect = expectation(path);
        if expect == Expect::Skip {
            continue;
        }
        let bytes = std::fs::read(path).expect("read");
        let input = match String::from_utf8(bytes) {
            Ok(t) => KeyInput::Text(t),
            Err(e) => KeyInput::Bytes(e.into_bytes()),
        };
        let label = path
            .strip_prefix(&peers)
            .unwrap_or(path)
            .display()
            .to_string();
        check(
            &label,
            &expect,
            import(&input, SecretEncoding::Utf8),
            &mut failures,
        );
        checked += 1;
    }

    // panva/jose tap fixtures: JWK (private), PKCS#8, SPKI, X.509 for each algorithm.
    let tap: Value = serde_json::from_str(
        &std::fs::read_to_string(peers.join("panva-jose/tap_fixtures_KEYS.extracted.json"))
            .expect("tap"),
    )
    .expect("json");
    for (alg, forms) in tap.as_object().expect("object") {
        let supported = ["Ed25519", "P256", "P384", "P521", "RSA"].contains(&alg.as_str());
        for (form, value) in forms.as_object().expect("forms") {
            let expect = match (supported, form.as_str()) {
                (false, _) => Expect::Refused(NOT_JWS),
                (true, "jwk" | "pkcs8") => Expect::Private,
                (true, "spki") => Expect::Public,
                (true, "x509") => Expect::Certificate,
                _ => continue,
            };
            let input = match value {
                Value::String(s) => KeyInput::Text(s.clone()),
                other => KeyInput::Json(other.clone()),
            };
            check(
                &format!("tap {alg}.{form}"),
                &expect,
                import(&input, SecretEncoding::Utf8),
                &mut failures,
            );
            checked += 1;
        }
    }

    // Keats/jsonwebtoken x5c chain: base64 DER certificates without armor.
    let chain: Value = serde_json::from_str(
        &std::fs::read_to_string(peers.join("jsonwebtoken/tests/header/cert_chain.json"))
            .expect("chain"),
    )
    .expect("json");
    for (i, c) in chain.as_array().expect("array").iter().enumerate() {
        let k = one(text(c.as_str().expect("string")));
        if !(k.notes.contains(&KeyNote::Certificate)
            && k.notes.contains(&KeyNote::Repaired(Repair::MissingArmor)))
        {
            failures.push(format!("cert_chain.json[{i}]: notes {:?}", k.notes));
        }
        checked += 1;
    }

    println!("peers: {} checked, {} failed", checked, failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert!(failures.is_empty());
}

fn peer_text(rel: &str) -> Option<String> {
    std::fs::read_to_string(vectors()?.join("peers").join(rel)).ok()
}

const RSA_SPKI: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAorRRoH0KpfluRVZxUTVQ
UUqKW0YuvvcXCU+h/ugiJOY3+XRtP3yv0xh42AMltu9DwIqLR6eKnX8QjmAj/7+r
6c2Rpqk5f4wR79f40B27L3ynNENCBjc0X5o8wBxNq3RfWEOFTPiE3uw0O11g+pvE
aawzjCRhr8ZQXhibiHodJ3a5xoESW9BOZgAA9lKR7tUQ+XH1H6Vru4ccQCBhlosj
1vWNdSM7Ih9/VxtYGHx5J5XTgO9Eha+TtD4BbtrLvL3CScxhVaOdYB17f1XuUxAD
J5OgZV8kHKZOZJRkO+WvrrZsrIw9/aTc4W/w7wwd+XT29ySWmsMYwYM8O5KdHsJm
LwIDAQAB
-----END PUBLIC KEY-----
";

#[test]
fn mangled_pem_is_repaired() {
    let base = one(text(RSA_SPKI));
    assert!(base.notes.is_empty());
    assert_eq!(base.bits, Some(2048));
    let names: Vec<&str> = base
        .confusion_forms
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    for n in [
        "pem",
        "pem_no_newline",
        "pem_crlf",
        "spki_pem",
        "spki_der",
        "pkcs1_der",
        "pkcs1_pem",
        "jwk_canonical",
    ] {
        assert!(
            names.contains(&n) || (n == "spki_pem"),
            "missing {n} in {names:?}"
        );
    }
    // The canonical SPKI PEM equals the given text here, so it is deduplicated.
    assert_eq!(base.confusion_forms[0].1, RSA_SPKI.as_bytes());
    let mut seen = std::collections::HashSet::new();
    assert!(base
        .confusion_forms
        .iter()
        .all(|(_, b)| seen.insert(b.clone())));

    // Literal \n from an environment variable.
    let escaped = RSA_SPKI.trim_end().replace('\n', "\\n");
    let k = one(text(&escaped));
    assert_eq!(k.notes, vec![KeyNote::Repaired(Repair::EscapedNewlines)]);
    assert_eq!(k.thumbprint, base.thumbprint);

    // No armor at all.
    let body: String = RSA_SPKI
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n");
    let k = one(text(&body));
    assert_eq!(k.notes, vec![KeyNote::Repaired(Repair::MissingArmor)]);
    assert_eq!(k.thumbprint, base.thumbprint);

    // Leading whitespace, junk before and after, CRLF, indentation (fast-jwt lesson).
    let messy = format!(
        "   \n\tkey follows:\r\n{}\r\ntrailing junk",
        RSA_SPKI.replace('\n', "\r\n  ")
    );
    let k = one(text(&messy));
    assert!(k.notes.is_empty(), "{:?}", k.notes);
    assert_eq!(k.thumbprint, base.thumbprint);

    // PKCS#1 `RSA PUBLIC KEY`, generated from the same key, accepted silently.
    let pkcs1 = base
        .confusion_forms
        .iter()
        .find(|(n, _)| n.as_str() == "pkcs1_pem")
        .expect("pkcs1_pem")
        .1
        .clone();
    let k = one(text(std::str::from_utf8(&pkcs1).expect("utf8")));
    assert!(k.notes.is_empty());
    assert_eq!(k.thumbprint, base.thumbprint);

    // DER bytes.
    let der = base
        .confusion_forms
        .iter()
        .find(|(n, _)| n.as_str() == "spki_der")
        .expect("spki_der")
        .1
        .clone();
    let k = one(import(&KeyInput::Bytes(der), SecretEncoding::Utf8));
    assert_eq!(k.thumbprint, base.thumbprint);

    // A broken PEM is an error, never an HMAC secret.
    let broken = RSA_SPKI.replace("MIIBIjAN", "MIIB*jAN");
    assert_eq!(reason(text(&broken)), "pem_base64");
    let truncated = RSA_SPKI.replace("LwIDAQAB\n", "");
    assert_eq!(reason(text(&truncated)), "der");
    let no_end = RSA_SPKI.replace("-----END PUBLIC KEY-----", "");
    assert_eq!(reason(text(&no_end)), "pem_armor");
}

#[test]
fn openssh_lines() {
    let Some(rsa_line) = peer_text("pyjwt/tests/keys/testkey_rsa.pub") else {
        println!("vectors not found, skipped");
        return;
    };
    let k = one(text(&rsa_line));
    assert_eq!(k.notes, vec![KeyNote::Repaired(Repair::OpenSsh)]);
    assert!(matches!(k.material, Material::Rsa(_)));
    assert_eq!(
        (k.confusion_forms[0].0.as_str(), &k.confusion_forms[0].1),
        ("ssh", &rsa_line.as_bytes().to_vec())
    );
    // Same key as the PKCS#8 private key next to it.
    let private = one(text(
        &peer_text("pyjwt/tests/keys/testkey_rsa.priv").expect("priv"),
    ));
    assert_eq!(private.thumbprint, k.thumbprint);

    let ec = one(text(
        &peer_text("pyjwt/tests/keys/testkey_ec_ssh.pub").expect("ec"),
    ));
    assert!(matches!(&ec.material, Material::Ec(k) if k.curve() == Curve::P256));
    let ec_pem = one(text(
        &peer_text("pyjwt/tests/keys/testkey_ec.pub").expect("ec pem"),
    ));
    assert_eq!(ec.thumbprint, ec_pem.thumbprint);

    let ed = one(text(
        &peer_text("pyjwt/tests/keys/testkey_ed25519.pub").expect("ed"),
    ));
    assert!(matches!(ed.material, Material::Ed25519(_)));
    let ed_pem = one(text(
        &peer_text("pyjwt/tests/keys/testkey_ed25519").expect("ed private"),
    ));
    assert_eq!(ed.thumbprint, ed_pem.thumbprint);

    // Corrupt wire data: an error, not a panic and not a secret.
    let mut words: Vec<&str> = rsa_line.split_whitespace().collect();
    let cut = &words[1][..40];
    words[1] = cut;
    assert_eq!(reason(text(&words.join(" "))), "ssh_format");
    assert_eq!(reason(text("ssh-rsa")), "ssh_format");
    assert_eq!(
        reason(text("ssh-dss AAAAB3NzaC1kc3M=")),
        "unsupported_key_type"
    );
}

#[test]
fn jwk_errors() {
    let good = r#"{"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4","y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","kid":"1"}"#;
    let k = one(text(good));
    assert!(matches!(&k.material, Material::Ec(k) if k.curve() == Curve::P256));
    let names: Vec<&str> = k.confusion_forms.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..2], &["jwk_json", "jwk_canonical"]);
    assert_eq!(k.confusion_forms[0].1, good.as_bytes());

    // One byte of y changed: off the curve.
    let off = good.replace("4Etl6SRW", "5Etl6SRW");
    assert_eq!(reason(text(&off)), "point_not_on_curve");

    let rsa_no_n = r#"{"kty":"RSA","e":"AQAB"}"#;
    match text(rsa_no_n) {
        Err(e) => {
            assert_eq!(e.reason, "jwk_missing_member");
            assert!(e.message.contains("\"n\""), "{}", e.message);
        }
        Ok(_) => panic!("imported a JWK without n"),
    }
    assert_eq!(
        reason(text(r#"{"kty":"RSA","n":"a+b/","e":"AQAB"}"#)),
        "jwk_base64"
    );
    assert_eq!(
        reason(text(r#"{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}"#)),
        "unsupported_curve"
    );
    assert_eq!(
        reason(text(r#"{"kty":"OKP","crv":"X25519","x":"AA"}"#)),
        "unsupported_key_type"
    );
    assert_eq!(
        reason(text(r#"{"kty":"OKP","crv":"Ed448","x":"AA"}"#)),
        "unsupported_curve"
    );
    assert_eq!(reason(text(r#"{"kty":"XYZ"}"#)), "jwk_kty");
    assert_eq!(reason(text(r#"{"kty":"RSA","n":"#)), "jwk_json");

    // An oct JWK is an HMAC secret.
    let k = one(text(r#"{"kty":"oct","k":"c2VjcmV0"}"#));
    assert!(matches!(&k.material, Material::Secret(s) if s == b"secret"));

    // A set with one bad member still works for the others.
    let set: Value = serde_json::json!({"keys": [serde_json::from_str::<Value>(good).expect("json"), {"kty":"RSA","e":"AQAB","kid":"bad"}, 5]});
    let s = import_jwks(&set).expect("set");
    assert_eq!(s.keys.len(), 1);
    assert_eq!(s.rejected.len(), 2);
    assert_eq!(s.rejected[0].1.as_deref(), Some("bad"));
    let many = serde_json::json!({"keys": vec![serde_json::json!({"kty":"oct","k":"AA"}); 101]});
    assert_eq!(
        import_jwks(&many).map(|_| ()).map_err(|e| e.reason),
        Err("jwks_too_many_keys")
    );
    assert_eq!(
        import_jwks(&serde_json::json!([1]))
            .map(|_| ())
            .map_err(|e| e.reason),
        Err("jwks_not_object")
    );
}

#[test]
fn secrets_and_limits() {
    let k = one(text("my secret"));
    assert!(matches!(&k.material, Material::Secret(s) if s == b"my secret"));
    assert!(k.thumbprint.is_none() && k.confusion_forms.is_empty());
    let k = one(import(
        &KeyInput::Text("c2VjcmV0".into()),
        SecretEncoding::Base64,
    ));
    assert!(matches!(&k.material, Material::Secret(s) if s == b"secret"));
    assert_eq!(
        reason(import(&KeyInput::Text("zz".into()), SecretEncoding::Hex)),
        "secret_encoding"
    );
    let big = "a".repeat(jwt_doctor::limits::MAX_KEY_BYTES + 1);
    assert_eq!(reason(text(&big)), "key_too_large");

    // A modulus over the limit.
    let n = jwt_doctor::internals::reinterpretations(&[0xff; 2100])
        .into_iter()
        .find(|(n, _)| *n == "base64url_encoded")
        .map(|(_, b)| String::from_utf8(b).expect("utf8"))
        .expect("encoded");
    assert_eq!(
        reason(text(&format!(r#"{{"kty":"RSA","n":"{n}","e":"AQAB"}}"#))),
        "rsa_modulus_too_large"
    );
}

#[test]
fn hostile_inputs_never_panic() {
    let samples = [
        "-----BEGIN PUBLIC KEY-----",
        "-----BEGIN -----\n-----END -----",
        "-----BEGIN PUBLIC KEY-----\n\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\nMA==\n-----END PUBLIC KEY-----",
        "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAAAB",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5/////w==",
        "{\"keys\":{}}",
        "{\"kty\":\"EC\",\"crv\":\"P-521\",\"x\":\"\",\"y\":\"\"}",
        "{\"kty\":\"RSA\",\"n\":\"AA\",\"e\":\"AA\"}",
        "{\"kty\":\"RSA\",\"n\":\"AAAA\",\"e\":\"AQAB\"}",
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
    ];
    for s in samples {
        let _ = text(s);
        let _ = import(
            &KeyInput::Bytes(s.as_bytes().to_vec()),
            SecretEncoding::Base64,
        );
    }
    for len in 0..64 {
        let _ = import(&KeyInput::Bytes(vec![0x30; len]), SecretEncoding::Utf8);
        let mut der = vec![0x30, 0x82, 0xff, 0xff];
        der.extend(std::iter::repeat_n(0x02, len));
        let _ = import(&KeyInput::Bytes(der), SecretEncoding::Utf8);
    }
    assert_eq!(
        reason(text(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"
        )),
        "encrypted_private_key"
    );
    assert_eq!(
        reason(text("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----")),
        "encrypted_private_key"
    );
}

#[test]
fn small_or_odd_rsa_keys_never_panic_in_verify() {
    // A 512-bit odd modulus (not a real RSA key): every RSA algorithm must fail cleanly, even
    // PS512 whose encoding does not fit in the modulus.
    let mut n = vec![0u8; 64];
    n[0] = 0x80;
    n[63] = 0x01;
    let enc = |b: &[u8]| {
        jwt_doctor::internals::reinterpretations(b)
            .into_iter()
            .find(|(name, _)| *name == "base64url_encoded")
            .map(|(_, v)| String::from_utf8(v).expect("utf8"))
            .expect("encoded")
    };
    let jwk = format!(r#"{{"kty":"RSA","n":"{}","e":"AQAB"}}"#, enc(&n));
    let key = one(text(&jwk));
    assert_eq!(key.bits, Some(512));
    for name in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
        let alg = jwt_doctor::alg::Alg::by_name(name).expect("alg");
        for sig in [vec![0u8; 64], vec![0xff; 64], vec![1u8; 63], Vec::new()] {
            assert!(
                jwt_doctor::internals::verify_signature(alg, &key.material, b"msg", &sig).is_err()
            );
        }
    }
    let es = jwt_doctor::alg::Alg::by_name("ES512").expect("ES512");
    assert_eq!(
        jwt_doctor::internals::verify_signature(es, &key.material, b"m", &[0; 132]),
        Err(jwt_doctor::internals::SigError::KeyMismatch)
    );
}

#[test]
fn rfc_signatures_verify() {
    let Some(dir) = vectors() else {
        println!("vectors not found, skipped");
        return;
    };
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut checked = 0;
    for file in [
        "rfc7515_A_1_HS256.json",
        "rfc7515_A_2_RS256.json",
        "rfc7515_A_3_ES256.json",
        "rfc7515_A_4_ES512.json",
        "rfc7520_4_1_RS256.json",
        "rfc7520_4_2_PS384.json",
        "rfc7520_4_3_ES512.json",
        "rfc7520_4_4_HS256.json",
        "rfc8037_A_4_EdDSA.json",
    ] {
        let v = rfc_key(&dir, file);
        let token = v["token"].as_str().expect("token");
        let alg =
            jwt_doctor::alg::Alg::by_name(v["alg"].as_str().expect("alg")).expect("known alg");
        let Some((input, sig)) = token.rsplit_once('.') else {
            panic!("{file}: token")
        };
        let sig = b64.decode(sig).expect("sig");
        let key = match &v["key"] {
            Value::String(s) => one(text(s)),
            other => one(import(&KeyInput::Json(other.clone()), SecretEncoding::Utf8)),
        };
        let result =
            jwt_doctor::internals::verify_signature(alg, &key.material, input.as_bytes(), &sig);
        assert_eq!(result, Ok(()), "{file}");
        // One flipped bit in the signature must fail.
        let mut bad = sig.clone();
        bad[sig.len() / 2] ^= 1;
        assert!(
            jwt_doctor::internals::verify_signature(alg, &key.material, input.as_bytes(), &bad)
                .is_err(),
            "{file}"
        );
        checked += 1;
    }
    println!("rfc signatures: {checked} verified");
}
